"""MFU inside a training loop, and configs compared notebook-style, with the llmcost module.

Run from the repository root: python3 docs/examples/training_loop_mfu.py
(docs/python.md shows its output; scripts/regen_docs.sh re-runs it.)
"""

import llmcost

# ---- 1. MFU in a training loop (what nanoGPT's estimate_mfu does by hand) ----
# Exact training FLOPs per token come from the config once, before the loop; each step then
# costs one division. llmcost counts the attention scores at the causal average context
# (Megatron-LM's convention, docs/formulas.md); flops_per_token["training"] is 3x forward.
config = "configs/models/llama_1.36b.json"
gpu = next(h for h in llmcost.hardware() if "h100" in h["aliases"])
seq_len, batch, gpus = 2048, 8, 8
model = llmcost.analyze(config, seq_len=seq_len)
flops_per_step = model["flops_per_token"]["training"] * seq_len * batch * gpus
peak = gpu["peak_bf16_flops_per_s"] * gpus

print(f"{model['name']}: {model['parameters']['total']:,} parameters, "
      f"{model['flops_per_token']['training'] / 1e9:.2f} GFLOPs per training token")
print(f"{gpus} x {gpu['name']}, dense BF16 peak {gpu['peak_bf16_flops_per_s'] / 1e12:.0f} "
      "TFLOP/s each")
# A real loop measures dt with time.perf_counter() around the step; these are fixed here so
# that the output is reproducible.
step_seconds = [0.912, 0.604, 0.598, 0.601]
for step, dt in enumerate(step_seconds):
    mfu = flops_per_step / dt / peak
    print(f"step {step}: {dt * 1000:.0f} ms, {seq_len * batch * gpus / dt:,.0f} tokens/s, "
          f"MFU {mfu:.1%}")

# ---- 2. Comparing configs, notebook-style ----
# One call per question; dicts in, dicts out. A config dict works as well as a file.
candidates = {
    "llama_1.36b.json": "configs/models/llama_1.36b.json",
    "llama_7b.json": "configs/models/llama_7b.json",
    "7B, GQA 8 KV heads (dict)": {
        "model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32,
        "num_attention_heads": 32, "num_key_value_heads": 8, "intermediate_size": 11008,
        "vocab_size": 32000, "max_position_embeddings": 2048,
    },
}
print()
print(f"{'model':<28}{'params':>15}{'train GiB/GPU':>15}{'fits 8xH100':>13}{'KV MiB/seq':>12}"
      f"{'decode tok/s':>14}")
for label, source in candidates.items():
    params = llmcost.analyze(source)["parameters"]["total"]
    memory = llmcost.memory(source, seq_len=seq_len, batch=1, zero=3, dp=8, gpu="h100",
                            recompute="selective")
    served = llmcost.serve(source, seq_len=seq_len, batch=1, gpu="h100")
    kv = served["memory"]["kv_cache_bytes_per_sequence"] / 2**20
    print(f"{label:<28}{params:>15,}{memory['memory_per_gpu']['peak_bytes'] / 2**30:>15.2f}"
          f"{'yes' if memory['fit']['fits'] else 'no':>13}{kv:>12.1f}"
          f"{served['speed']['decode_tokens_per_s']:>14.1f}")

# Bad input raises llmcost.Error with the command line's message.
try:
    llmcost.memory("configs/models/llama_7b.json", tp=3)
except llmcost.Error as e:
    print()
    print(f"llmcost.Error (exit status {e.exit_status}): {e}")

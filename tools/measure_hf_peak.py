#!/usr/bin/python3
"""Measures the PEAK memory of one training step of tools/measure_hf_activations.py's
HuggingFace-structured reference model, as torch.cuda.max_memory_allocated() would report it.

Not run in CI (it needs PyTorch: Debian's python3-torch 1.13, CPU only, for /usr/bin/python3).
The CPU allocator reports every allocation and free to torch.profiler (profile_memory=True):
the running sum of those events over one step, from the state the step starts in (weights and
optimizer states allocated, gradients None after zero_grad(set_to_none=True)), and its maximum,
is the peak a GPU's caching allocator counts as allocated (less its 512 B rounding). A step is:
`--micro-batches` forward + loss + backward passes (gradient accumulation: from the second on,
the gradients are alive while the activations are), optimizer.step(), zero_grad(). Step 1
creates the optimizer states and is not measured; step 2 is.

  --optimizer torch    torch.optim.AdamW(foreach=True) of this torch (1.13: exp_avg_sq.sqrt()
                       and then denom = sqrt + eps, two temporaries per parameter)
  --optimizer modern   the same update as PyTorch 2.x's _multi_tensor_adam (AdamW: decoupled
                       weight decay): one temporary per parameter, exp_avg_sq_sqrt, updated in
                       place (div_, add_) before _foreach_addcdiv_ (not capturable)
  --keep-logits        (default) the caller holds the model output's logits through backward, as
                       `out = model(...); out.loss.backward()` does; --drop-logits frees them
                       before backward, as transformers' Trainer.compute_loss (it returns the loss
                       only)

The model is measure_hf_activations.Model (its --family variants) with the reference layer shape
(d 256, 8 heads of 32, 2 KV heads, f 688) and a large vocabulary (--vocab, default 32000, so that
the loss's buffers are visible beside the rest), b 2, s 128 (--batch, --seq-len), 2 layers, eager
attention, the loss of ForCausalLMLoss since transformers PR #35646. bf16 runs the whole model in
bf16 (weights, gradients, AdamW states); fp32 in fp32.

Prints one JSON object: the persistent bytes (weights, optimizer states, gradients), the peak of
the running sum above the step's start, the phase it falls in (forward, backward, optimizer) and
the peak of each phase. src/analysis/training_memory_test.cc (TrainingMemoryHfPeakTest) pins them.

Usage: /usr/bin/python3 tools/measure_hf_peak.py [--dtype bf16|fp32] [--family F]
       [--vocab V] [--micro-batches N] [--optimizer torch|modern] [--drop-logits]
       [--seq-len S] [--batch B]
"""

import argparse
import json
import math
import os
import sys

import torch
from torch.profiler import ProfilerActivity, profile, record_function

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import measure_hf_activations as ref  # noqa: E402


class ModernAdamW(torch.optim.Optimizer):
    """PyTorch 2.x's foreach AdamW update (torch/optim/adam.py _multi_tensor_adam, not
    capturable, decoupled weight decay), written with the foreach ops torch 1.13 has. Its
    temporaries: exp_avg_sq_sqrt, one tensor per parameter of the group, all at once."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            params = [p for p in group["params"] if p.grad is not None]
            grads = [p.grad for p in params]
            for p in params:
                if not self.state[p]:
                    self.state[p]["step"] = 0
                    self.state[p]["exp_avg"] = torch.zeros_like(p)
                    self.state[p]["exp_avg_sq"] = torch.zeros_like(p)
            exp_avgs = [self.state[p]["exp_avg"] for p in params]
            exp_avg_sqs = [self.state[p]["exp_avg_sq"] for p in params]
            beta1, beta2 = group["betas"]
            lr, eps = group["lr"], group["eps"]
            for p in params:
                self.state[p]["step"] += 1
            step = self.state[params[0]]["step"]
            torch._foreach_mul_(params, 1 - lr * group["weight_decay"])
            torch._foreach_mul_(exp_avgs, beta1)  # _foreach_lerp_(exp_avgs, grads, 1 - beta1)
            torch._foreach_add_(exp_avgs, grads, alpha=1 - beta1)
            torch._foreach_mul_(exp_avg_sqs, beta2)
            torch._foreach_addcmul_(exp_avg_sqs, grads, grads, 1 - beta2)
            del grads
            bias_correction1 = 1 - beta1 ** step
            bias_correction2_sqrt = math.sqrt(1 - beta2 ** step)
            exp_avg_sq_sqrt = torch._foreach_sqrt(exp_avg_sqs)
            torch._foreach_div_(exp_avg_sq_sqrt, bias_correction2_sqrt)
            torch._foreach_add_(exp_avg_sq_sqrt, eps)
            torch._foreach_addcdiv_(params, exp_avgs, exp_avg_sq_sqrt, -lr / bias_correction1)


def tensor_bytes(tensors):
    return sum(t.numel() * t.element_size() for t in tensors)


def step(model, optimizer, batches, keep_logits):
    for ids in batches:
        with record_function("phase:forward"):
            logits, loss = model(ids)
            if not keep_logits:
                del logits
        with record_function("phase:backward"):
            loss.backward()
            del loss
            logits = None
    with record_function("phase:optimizer"):
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dtype", default="bf16", choices=["bf16", "fp32"])
    parser.add_argument("--family", default="llama", choices=sorted(ref.FAMILIES))
    parser.add_argument("--vocab", type=int, default=32000)
    parser.add_argument("--micro-batches", type=int, default=2)
    parser.add_argument("--optimizer", default="modern", choices=["torch", "modern"])
    parser.add_argument("--drop-logits", action="store_true")
    parser.add_argument("--seq-len", type=int, default=128)
    parser.add_argument("--batch", type=int, default=2)
    args = parser.parse_args()
    dtype = torch.bfloat16 if args.dtype == "bf16" else torch.float32
    torch.manual_seed(0)
    shape = dict(d=256, h=8, k=2, dh=32, f=688, vocab=args.vocab)
    b, s, layers = args.batch, args.seq_len, 2
    fam = ref.FAMILIES[args.family]
    model = ref.Model(layers, **shape, fam=fam).to(dtype)
    model.return_logits = True
    if args.optimizer == "torch":
        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, foreach=True)
    else:
        optimizer = ModernAdamW(model.parameters(), lr=1e-4)
    batches = [torch.randint(0, args.vocab, (b, s)) for _ in range(args.micro_batches)]
    keep = not args.drop_logits
    step(model, optimizer, batches, keep)  # creates the optimizer states
    weights = tensor_bytes(model.parameters())
    states = tensor_bytes(t for st in optimizer.state.values() for t in st.values()
                          if torch.is_tensor(t))
    with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
        step(model, optimizer, batches, keep)
    events = list(prof.profiler.kineto_results.events())
    phases = [(e.start_us(), e.start_us() + e.duration_us(), e.name().split(":")[1])
              for e in events if e.name().startswith("phase:")]
    memory = sorted(((e.start_us(), i, e.nbytes()) for i, e in enumerate(events)
                     if e.name() == "[memory]"))
    running, peak, peak_at = 0, 0, 0
    phase_peak = {}

    def phase_of(t):
        for start, end, name in phases:
            if start <= t <= end:
                return name
        return "between"

    for t, _, n in memory:
        running += n
        name = phase_of(t)
        phase_peak[name] = max(phase_peak.get(name, 0), running)
        if running > peak:
            peak, peak_at = running, t
    grads = tensor_bytes(model.parameters())  # .grad has each parameter's shape and dtype
    out = {"family": args.family, "dtype": args.dtype, "batch": b, "seq_len": s,
           "layers": layers, **shape, "micro_batches": args.micro_batches,
           "optimizer": args.optimizer, "keep_logits": keep,
           "params": sum(p.numel() for p in model.parameters()),
           "weights_bytes": weights, "optimizer_state_bytes": states, "gradient_bytes": grads,
           "peak_above_start": peak, "peak_bytes": weights + states + peak,
           "peak_phase": phase_of(peak_at), "phase_peaks_above_start": phase_peak,
           "end_above_start": running, "torch": torch.__version__}
    print(json.dumps(out))


if __name__ == "__main__":
    main()

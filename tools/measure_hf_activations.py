#!/usr/bin/python3
"""Measures the activation memory HuggingFace-structured decoder layers keep for backward.

Not run in CI (it needs PyTorch: `bash scripts/install_deps.sh python3-torch`, Debian's build
for /usr/bin/python3). The reference modules below are written in plain torch and mirror the
structure of transformers' models/llama/modeling_llama.py (LlamaRMSNorm with its fp32 upcast,
rotary embedding computed once per forward by LlamaModel for position_ids [1, s] and shared by
every layer, repeat_kv, eager attention with an fp32 softmax cast back to the activation dtype,
the unfused SwiGLU MLP, and the loss of transformers/loss/loss_utils.py ForCausalLMLoss:
logits.float(), labels padded with one ignore_index and shifted, cross-entropy over all s
positions). They are re-derived from that structure, not copied. --loss shift measures
ForCausalLMLoss as transformers 4.46 introduced it (shift_logits = logits[..., :-1, :]
.contiguous(): s - 1 positions), which PR #35646 (January 2025) replaced. --family picks the
variant:
  llama      LlamaForCausalLM (also mistral and qwen2: same saved tensors; biases change none)
  qwen3      + Qwen3RMSNorm on each head of q and of k (q_norm / k_norm, before RoPE)
  gemma      GemmaRMSNorm (the whole norm in fp32, times 1 + weight), GeGLU (gelu tanh),
             embeddings times sqrt(d) (GemmaModel's normalizer)
  gemma2     gemma + Gemma2DecoderLayer's sandwich norms (post-attention, pre- and
             post-feed-forward: four GemmaRMSNorms per layer), attention logits scaled by
             query_pre_attn_scalar**-0.5 and soft-capped (x / 50, tanh, * 50) before the mask,
             the final logits soft-capped (x / 30, tanh, * 30) before the loss; even layers
             sliding-window (a mask on the full score matrix under eager attention)
  gemma3     gemma2's layer without soft-capping (Gemma3TextConfig: both None) + a
             GemmaRMSNorm on each head of q and of k (q_norm / k_norm, before RoPE), a second
             RoPE table (rope_local_base_freq) for the sliding layers, every 6th layer global;
             the embedding scale is a registered buffer (Gemma3TextScaledWordEmbedding)
  mixtral    MixtralSparseMoeBlock (transformers 4.x: softmax router in fp32, top-k,
             renormalized, one Linear per expert, tokens gathered with torch.where and summed
             back with index_add_)
  qwen2_moe  Qwen2MoeSparseMoeBlock (no renormalization: norm_topk_prob false, the
             Qwen1.5-MoE default) + the shared expert and its sigmoid gate
  qwen3_moe  qwen3 attention + the sparse block with norm_topk_prob true, no shared expert

Every tensor autograd saves for backward is caught with torch.autograd.graph.saved_tensors_hooks
and counted once per distinct storage (a tensor saved by several ops, or views of one buffer,
count once); parameters are not activations and are left out. Per-layer bytes are the
difference between a 2-layer and a 1-layer model, so model-level tensors (embedding indices,
rotary cos/sin, final norm, logits, loss) are reported apart. Batch 2, so that what is kept per
row (b s) and what once per position (s: the RoPE tables) can be told apart.

Usage: /usr/bin/python3 tools/measure_hf_activations.py [--dtype bf16|fp32] [--family F]
       [--loss pad|shift]
Prints one JSON object; src/analysis/training_memory_test.cc (TrainingMemoryHfTest) pins its
numbers.
"""

import argparse
import json

import torch
import torch.nn.functional as F
from torch import nn


class MeanKeepingShapeOnly(torch.autograd.Function):
    """x.mean(-1, keepdim=True) whose backward keeps only the shape, as PyTorch >= 2.0's
    derivative of mean does (self_sym_sizes). PyTorch 1.13 (Debian's python3-torch) saves the
    whole input of mean: --torch113-mean measures that instead."""

    @staticmethod
    def forward(ctx, x):
        ctx.shape = x.shape
        return x.mean(-1, keepdim=True)

    @staticmethod
    def backward(ctx, grad):
        return grad.expand(ctx.shape) / ctx.shape[-1]


MEAN = MeanKeepingShapeOnly.apply


class RMSNorm(nn.Module):  # transformers LlamaRMSNorm
    def __init__(self, d, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
        self.eps = eps

    def forward(self, x):
        input_dtype = x.dtype
        x = x.to(torch.float32)
        variance = MEAN(x.pow(2))
        x = x * torch.rsqrt(variance + self.eps)
        return self.weight * x.to(input_dtype)


class GemmaRMSNorm(nn.Module):  # transformers GemmaRMSNorm: fp32 throughout, (1 + weight)
    def __init__(self, d, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(d))
        self.eps = eps

    def forward(self, x):
        out = x.float()
        out = out * torch.rsqrt(MEAN(out.pow(2)) + self.eps)
        out = out * (1.0 + self.weight.float())
        return out.type_as(x)


def rotate_half(x):
    x1 = x[..., : x.shape[-1] // 2]
    x2 = x[..., x.shape[-1] // 2 :]
    return torch.cat((-x2, x1), dim=-1)


def repeat_kv(x, n_rep):
    b, k, s, dh = x.shape
    if n_rep == 1:
        return x
    x = x[:, :, None, :, :].expand(b, k, n_rep, s, dh)
    return x.reshape(b, k * n_rep, s, dh)


class Attention(nn.Module):  # LlamaAttention + eager_attention_forward
    def __init__(self, d, h, k, dh, qk_norm=False, norm=RMSNorm, softcap=None, scalar=None):
        super().__init__()
        self.h, self.k, self.dh = h, k, dh
        self.q_norm = norm(dh) if qk_norm else nn.Identity()  # Qwen3Attention / Gemma3Attention
        self.k_norm = norm(dh) if qk_norm else nn.Identity()
        self.softcap = softcap  # Gemma2: attn_logit_softcapping
        self.scaling = (scalar if scalar else dh) ** -0.5  # Gemma2/3: query_pre_attn_scalar
        self.q_proj = nn.Linear(d, h * dh, bias=False)
        self.k_proj = nn.Linear(d, k * dh, bias=False)
        self.v_proj = nn.Linear(d, k * dh, bias=False)
        self.o_proj = nn.Linear(h * dh, d, bias=False)

    def forward(self, x, cos, sin, mask):
        b, s, _ = x.shape
        q = self.q_norm(self.q_proj(x).view(b, s, self.h, self.dh)).transpose(1, 2)
        k = self.k_norm(self.k_proj(x).view(b, s, self.k, self.dh)).transpose(1, 2)
        v = self.v_proj(x).view(b, s, self.k, self.dh).transpose(1, 2)
        c, sn = cos.unsqueeze(1), sin.unsqueeze(1)
        q = (q * c) + (rotate_half(q) * sn)
        k = (k * c) + (rotate_half(k) * sn)
        k = repeat_kv(k, self.h // self.k)
        v = repeat_kv(v, self.h // self.k)
        w = torch.matmul(q, k.transpose(2, 3)) * self.scaling
        if self.softcap is not None:
            w = w / self.softcap
            w = torch.tanh(w)
            w = w * self.softcap
        w = w + mask
        w = F.softmax(w, dim=-1, dtype=torch.float32).to(q.dtype)
        w = F.dropout(w, p=0.0, training=True)
        o = torch.matmul(w, v)
        o = o.transpose(1, 2).contiguous().reshape(b, s, self.h * self.dh)
        return self.o_proj(o)


def gelu_tanh(x):  # transformers' gelu_pytorch_tanh
    return F.gelu(x, approximate="tanh")


class Mlp(nn.Module):  # LlamaMLP with SiLU (GemmaMLP: gelu tanh)
    def __init__(self, d, f, act=F.silu):
        super().__init__()
        self.gate_proj = nn.Linear(d, f, bias=False)
        self.up_proj = nn.Linear(d, f, bias=False)
        self.down_proj = nn.Linear(f, d, bias=False)
        self.act = act

    def forward(self, x):
        return self.down_proj(self.act(self.gate_proj(x)) * self.up_proj(x))


class SparseMoe(nn.Module):  # Mixtral / Qwen2-MoE / Qwen3-MoE sparse block (transformers 4.x)
    def __init__(self, d, experts, top_k, f_e, norm_topk, shared_f):
        super().__init__()
        self.top_k, self.norm_topk, self.num_experts = top_k, norm_topk, experts
        self.gate = nn.Linear(d, experts, bias=False)
        self.experts = nn.ModuleList([Mlp(d, f_e) for _ in range(experts)])
        self.shared_expert = Mlp(d, shared_f) if shared_f else None
        self.shared_expert_gate = nn.Linear(d, 1, bias=False) if shared_f else None

    def forward(self, x):
        b, s, d = x.shape
        x = x.view(-1, d)
        router_logits = self.gate(x)
        w = F.softmax(router_logits, dim=1, dtype=torch.float)
        w, selected = torch.topk(w, self.top_k, dim=-1)
        if self.norm_topk:
            w /= w.sum(dim=-1, keepdim=True)
        w = w.to(x.dtype)
        out = torch.zeros((b * s, d), dtype=x.dtype)
        mask = F.one_hot(selected, num_classes=self.num_experts).permute(2, 1, 0)
        hit = (mask.sum(dim=(-1, -2)) > 0).nonzero(as_tuple=True)[0].tolist()
        for e in hit:
            idx, top_x = torch.where(mask[e])
            state = x[None, top_x].reshape(-1, d)
            y = self.experts[e](state) * w[top_x, idx, None]
            out.index_add_(0, top_x, y.to(x.dtype))
        if self.shared_expert is not None:
            shared = self.shared_expert(x)
            shared = F.sigmoid(self.shared_expert_gate(x)) * shared
            out = out + shared
        return out.reshape(b, s, d)


class Layer(nn.Module):  # LlamaDecoderLayer (and its MoE / Gemma / Gemma2 variants)
    def __init__(self, d, h, k, dh, f, fam, sliding):
        super().__init__()
        norm = GemmaRMSNorm if fam.get("gemma_norm") else RMSNorm
        self.sliding = sliding
        self.input_layernorm = norm(d)
        self.self_attn = Attention(d, h, k, dh, fam.get("qk_norm", False), norm,
                                   fam.get("attn_softcap"), fam.get("query_pre_attn_scalar"))
        self.post_attention_layernorm = norm(d)
        self.sandwich = fam.get("sandwich", False)
        if self.sandwich:  # Gemma2DecoderLayer / Gemma3DecoderLayer
            self.pre_feedforward_layernorm = norm(d)
            self.post_feedforward_layernorm = norm(d)
        if "moe" in fam:
            self.mlp = SparseMoe(d, **fam["moe"])
        else:
            self.mlp = Mlp(d, f, gelu_tanh if fam.get("gelu") else F.silu)

    def forward(self, x, cos, sin, mask):
        if not self.sandwich:
            x = x + self.self_attn(self.input_layernorm(x), cos, sin, mask)
            return x + self.mlp(self.post_attention_layernorm(x))
        x = x + self.post_attention_layernorm(self.self_attn(self.input_layernorm(x), cos, sin,
                                                             mask))
        return x + self.post_feedforward_layernorm(self.mlp(self.pre_feedforward_layernorm(x)))


def is_sliding(fam, i):
    """Gemma2: even layers slide; Gemma3: all but every sliding_pattern-th (1-based)."""
    if "sliding_pattern" in fam:
        return (i + 1) % fam["sliding_pattern"] != 0
    return fam.get("sliding_even", False) and i % 2 == 0


class Model(nn.Module):  # LlamaForCausalLM
    def __init__(self, layers, d, h, k, dh, f, vocab, fam, loss="pad"):
        super().__init__()
        self.loss = loss
        self.embed_tokens = nn.Embedding(vocab, d)
        self.layers = nn.ModuleList([Layer(d, h, k, dh, f, fam, is_sliding(fam, i))
                                     for i in range(layers)])
        self.norm = GemmaRMSNorm(d) if fam.get("gemma_norm") else RMSNorm(d)
        self.lm_head = nn.Linear(d, vocab, bias=False)
        self.dh = dh
        self.embed_scale = fam.get("embed_scale", False)
        if self.embed_scale == "buffer":  # Gemma3TextScaledWordEmbedding's embed_scale
            self.register_buffer("scale", torch.tensor(d ** 0.5), persistent=False)
        self.final_softcap = fam.get("final_softcap")
        self.local_base = fam.get("rope_local_base")
        self.window = fam.get("window", 0)
        self.return_logits = False  # tools/measure_hf_peak.py: (logits, loss), as the output has

    def rope(self, s, base, dtype):
        # LlamaRotaryEmbedding.forward(x, position_ids) with LlamaModel's default position_ids =
        # cache_position.unsqueeze(0): one [1, s, d_h] table of cos and one of sin, not per row.
        pos = torch.arange(s, dtype=torch.float32)
        inv = 1.0 / (base ** (torch.arange(0, self.dh, 2, dtype=torch.float32) / self.dh))
        freqs = torch.outer(pos, inv)
        emb = torch.cat((freqs, freqs), dim=-1)[None]
        return emb.cos().to(dtype), emb.sin().to(dtype)

    def forward(self, ids):
        _, s = ids.shape
        x = self.embed_tokens(ids)
        if self.embed_scale == "buffer":
            x = x * self.scale.to(x.dtype)
        elif self.embed_scale:  # GemmaModel: hidden_states * normalizer (sqrt(d) in the dtype)
            x = x * torch.tensor(x.shape[-1] ** 0.5, dtype=x.dtype)
        cos, sin = self.rope(s, 10000, x.dtype)
        # Gemma3TextModel: a second table for the local layers (rope_local_base_freq).
        local = self.rope(s, self.local_base, x.dtype) if self.local_base else (cos, sin)
        mask = torch.full((s, s), float("-inf"), dtype=x.dtype).triu(1)[None, None]
        # The sliding layers' mask: keys more than `window` behind the query masked too.
        far = torch.ones((s, s), dtype=torch.bool).tril(-self.window)[None, None]
        sliding_mask = torch.where(far, torch.tensor(float("-inf"), dtype=x.dtype), mask)
        for layer in self.layers:
            if layer.sliding:
                x = layer(x, *local, sliding_mask)
            else:
                x = layer(x, cos, sin, mask)
        logits = self.lm_head(self.norm(x))
        if self.final_softcap is not None:  # Gemma2ForCausalLM: final_logit_softcapping
            logits = logits / self.final_softcap
            logits = torch.tanh(logits)
            logits = logits * self.final_softcap
        loss = self.loss_function(logits, ids)
        return (logits, loss) if self.return_logits else loss

    def loss_function(self, logits, ids):
        logits = logits.float()
        if self.loss == "shift":  # ForCausalLMLoss before PR #35646
            shift = logits[..., :-1, :].contiguous()
            labels = ids[..., 1:].contiguous()
            return F.cross_entropy(shift.view(-1, shift.shape[-1]), labels.view(-1))
        # ForCausalLMLoss since PR #35646: labels padded and shifted, every position's logits.
        labels = F.pad(ids, (0, 1), value=-100)
        shift_labels = labels[..., 1:].contiguous()
        return F.cross_entropy(logits.view(-1, logits.shape[-1]), shift_labels.view(-1),
                               ignore_index=-100)


def saved_bytes(model, ids):
    params = {p.data_ptr() for p in model.parameters()}
    storages = {}

    def pack(t):
        ptr = t.storage().data_ptr() if t.numel() > 0 else 0
        if ptr not in params and ptr != 0:
            size = t.storage().size() * t.element_size()
            storages[ptr] = max(storages.get(ptr, 0), size)
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        loss = model(ids)
    loss.backward()
    return sum(storages.values())


# Each family's reference variant; the MoE blocks: 8 experts of width 128, top 2 (Qwen2-MoE's
# shared expert 512 wide).
FAMILIES = {
    "llama": {},
    "qwen3": {"qk_norm": True},
    "gemma": {"gemma_norm": True, "gelu": True, "embed_scale": True},
    "gemma2": {"gemma_norm": True, "gelu": True, "embed_scale": True, "sandwich": True,
               "attn_softcap": 50.0, "final_softcap": 30.0, "query_pre_attn_scalar": 32,
               "sliding_even": True, "window": 64},
    "gemma3": {"gemma_norm": True, "gelu": True, "embed_scale": "buffer", "sandwich": True,
               "qk_norm": True, "query_pre_attn_scalar": 32, "sliding_pattern": 6,
               "window": 64, "rope_local_base": 10000.0},
    "mixtral": {"moe": dict(experts=8, top_k=2, f_e=128, norm_topk=True, shared_f=0)},
    "qwen2_moe": {"moe": dict(experts=8, top_k=2, f_e=128, norm_topk=False, shared_f=512)},
    "qwen3_moe": {"qk_norm": True,
                  "moe": dict(experts=8, top_k=2, f_e=128, norm_topk=True, shared_f=0)},
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dtype", default="bf16", choices=["bf16", "fp32"])
    parser.add_argument("--torch113-mean", action="store_true",
                        help="use this torch's own mean (1.13 saves its input)")
    parser.add_argument("--family", default="llama", choices=sorted(FAMILIES))
    parser.add_argument("--loss", default="pad", choices=["pad", "shift"],
                        help="ForCausalLMLoss since PR #35646 (pad, the default) or of "
                             "before it (shift)")
    args = parser.parse_args()
    global MEAN
    if args.torch113_mean:
        MEAN = lambda x: x.mean(-1, keepdim=True)  # noqa: E731
    dtype = torch.bfloat16 if args.dtype == "bf16" else torch.float32
    torch.manual_seed(0)
    # A small GQA LLaMA: d 256, 8 heads of 32, 2 KV heads, f 688, V 1000, s 128, b 2.
    shape = dict(d=256, h=8, k=2, dh=32, f=688, vocab=1000)
    b, s = 2, 128
    ids = torch.randint(0, shape["vocab"], (b, s))
    fam = FAMILIES[args.family]
    out = {"family": args.family, "dtype": args.dtype, "batch": b, "seq_len": s, **shape,
           **{k: v for k, v in fam.items() if k != "moe"}, **fam.get("moe", {}),
           "mean": "torch113" if args.torch113_mean else "shape-only (torch >= 2.0)",
           "loss": args.loss}
    measured = {}
    for layers in (1, 2):
        model = Model(layers, **shape, fam=fam, loss=args.loss).to(dtype)
        measured[layers] = saved_bytes(model, ids)
    out["bytes_1_layer_model"] = measured[1]
    out["bytes_2_layer_model"] = measured[2]
    out["bytes_per_layer"] = measured[2] - measured[1]
    out["bytes_outside_layers"] = 2 * measured[1] - measured[2]
    if "sliding_pattern" in fam:
        # One whole pattern (5 local layers + 1 global): both RoPE tables are saved.
        n = fam["sliding_pattern"]
        out["pattern_layers"] = n
        out["bytes_pattern_model"] = saved_bytes(Model(n, **shape, fam=fam, loss=args.loss)
                                                 .to(dtype), ids)
    out["torch"] = torch.__version__
    print(json.dumps(out))


if __name__ == "__main__":
    main()

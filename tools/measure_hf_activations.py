#!/usr/bin/python3
"""Measures the activation memory HuggingFace-structured LLaMA layers keep for backward.

Not run in CI (it needs PyTorch: `bash scripts/install_deps.sh python3-torch`, Debian's build
for /usr/bin/python3). The reference modules below are written in plain torch and mirror the
structure of transformers' models/llama/modeling_llama.py (LlamaRMSNorm with its fp32 upcast,
rotary embedding, repeat_kv, eager attention with an fp32 softmax cast back to the activation
dtype, the unfused SwiGLU MLP, and LlamaForCausalLM's logits.float() + cross-entropy). They
are re-derived from that structure, not copied.

Every tensor autograd saves for backward is caught with torch.autograd.graph.saved_tensors_hooks
and counted once per distinct storage (a tensor saved by several ops, or views of one buffer,
count once); parameters are not activations and are left out. Per-layer bytes are the
difference between a 2-layer and a 1-layer model, so model-level tensors (embedding indices,
rotary cos/sin, final norm, logits, loss) are reported apart.

Usage: /usr/bin/python3 tools/measure_hf_activations.py [--dtype bf16|fp32]
Prints one JSON object; src/analysis/activation_convention_test.cc pins its numbers.
"""

import argparse
import json
import math

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
    def __init__(self, d, h, k, dh):
        super().__init__()
        self.h, self.k, self.dh = h, k, dh
        self.q_proj = nn.Linear(d, h * dh, bias=False)
        self.k_proj = nn.Linear(d, k * dh, bias=False)
        self.v_proj = nn.Linear(d, k * dh, bias=False)
        self.o_proj = nn.Linear(h * dh, d, bias=False)

    def forward(self, x, cos, sin, mask):
        b, s, _ = x.shape
        q = self.q_proj(x).view(b, s, self.h, self.dh).transpose(1, 2)
        k = self.k_proj(x).view(b, s, self.k, self.dh).transpose(1, 2)
        v = self.v_proj(x).view(b, s, self.k, self.dh).transpose(1, 2)
        c, sn = cos.unsqueeze(1), sin.unsqueeze(1)
        q = (q * c) + (rotate_half(q) * sn)
        k = (k * c) + (rotate_half(k) * sn)
        k = repeat_kv(k, self.h // self.k)
        v = repeat_kv(v, self.h // self.k)
        w = torch.matmul(q, k.transpose(2, 3)) * (1.0 / math.sqrt(self.dh))
        w = w + mask
        w = F.softmax(w, dim=-1, dtype=torch.float32).to(q.dtype)
        w = F.dropout(w, p=0.0, training=True)
        o = torch.matmul(w, v)
        o = o.transpose(1, 2).contiguous().reshape(b, s, self.h * self.dh)
        return self.o_proj(o)


class Mlp(nn.Module):  # LlamaMLP with SiLU
    def __init__(self, d, f):
        super().__init__()
        self.gate_proj = nn.Linear(d, f, bias=False)
        self.up_proj = nn.Linear(d, f, bias=False)
        self.down_proj = nn.Linear(f, d, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Layer(nn.Module):  # LlamaDecoderLayer
    def __init__(self, d, h, k, dh, f):
        super().__init__()
        self.input_layernorm = RMSNorm(d)
        self.self_attn = Attention(d, h, k, dh)
        self.post_attention_layernorm = RMSNorm(d)
        self.mlp = Mlp(d, f)

    def forward(self, x, cos, sin, mask):
        x = x + self.self_attn(self.input_layernorm(x), cos, sin, mask)
        return x + self.mlp(self.post_attention_layernorm(x))


class Model(nn.Module):  # LlamaForCausalLM
    def __init__(self, layers, d, h, k, dh, f, vocab):
        super().__init__()
        self.embed_tokens = nn.Embedding(vocab, d)
        self.layers = nn.ModuleList([Layer(d, h, k, dh, f) for _ in range(layers)])
        self.norm = RMSNorm(d)
        self.lm_head = nn.Linear(d, vocab, bias=False)
        self.dh = dh

    def forward(self, ids):
        b, s = ids.shape
        x = self.embed_tokens(ids)
        pos = torch.arange(s, dtype=torch.float32)
        inv = 1.0 / (10000 ** (torch.arange(0, self.dh, 2, dtype=torch.float32) / self.dh))
        freqs = torch.outer(pos, inv)
        emb = torch.cat((freqs, freqs), dim=-1)[None].expand(b, s, self.dh)
        cos, sin = emb.cos().to(x.dtype), emb.sin().to(x.dtype)
        mask = torch.full((s, s), float("-inf"), dtype=x.dtype).triu(1)[None, None]
        for layer in self.layers:
            x = layer(x, cos, sin, mask)
        logits = self.lm_head(self.norm(x)).float()
        shift = logits[..., :-1, :].contiguous()
        labels = ids[..., 1:].contiguous()
        return F.cross_entropy(shift.view(-1, shift.shape[-1]), labels.view(-1))


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dtype", default="bf16", choices=["bf16", "fp32"])
    parser.add_argument("--torch113-mean", action="store_true",
                        help="use this torch's own mean (1.13 saves its input)")
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
    out = {"dtype": args.dtype, "batch": b, "seq_len": s, **shape,
           "mean": "torch113" if args.torch113_mean else "shape-only (torch >= 2.0)"}
    measured = {}
    for layers in (1, 2):
        model = Model(layers, **shape).to(dtype)
        measured[layers] = saved_bytes(model, ids)
    out["bytes_1_layer_model"] = measured[1]
    out["bytes_2_layer_model"] = measured[2]
    out["bytes_per_layer"] = measured[2] - measured[1]
    out["bytes_outside_layers"] = 2 * measured[1] - measured[2]
    out["torch"] = torch.__version__
    print(json.dumps(out))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The many-configs reference for `llmcost analyze --format csv CONFIG...`: json.load, the
LLaMA-style parameter formula, one CSV row per file (bench/whole_process.sh)."""
import json
import sys

print("name,total")
for path in sys.argv[1:]:
    with open(path) as f:
        c = json.load(f)
    d, L, V, f_ = c["hidden_size"], c["num_hidden_layers"], c["vocab_size"], c["intermediate_size"]
    h = c["num_attention_heads"]
    k = c.get("num_key_value_heads", h)
    dh = d // h
    attn = d * h * dh + 2 * d * k * dh + h * dh * d
    mlp = 3 * d * f_
    total = V * d * (1 if c.get("tie_word_embeddings", False) else 2) + L * (attn + mlp + 2 * d) + d
    print(f"{c.get('name', path)},{total}")

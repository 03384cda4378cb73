// llama.cpp's per-tensor type choice for a GGUF file type (gguf_type_mix.h).
//
// Re-derived from llama.cpp src/llama-quant.cpp (llama_tensor_get_type_impl, read at
// ggml-org/llama.cpp commit 007dbbf3): the rules for the file types llmcost offers, without
// an importance matrix and without --pure / --tensor-type overrides.
#include "gguf_type_mix.h"

namespace llmcost {
namespace {

enum class Category {
  kTokenEmbd,
  kOutput,
  kAttnQ,
  kAttnK,
  kAttnV,
  kAttnOutput,
  kFfnUp,
  kFfnGate,
  kFfnDown,
  kOther
};

// tensor_get_category: attn_v, attn_qkv and attn_kv_b share the attn_v rules.
Category CategoryOf(TensorRole role) {
  switch (role) {
    case TensorRole::kEmbedding:
      return Category::kTokenEmbd;
    case TensorRole::kOutput:
      return Category::kOutput;
    case TensorRole::kAttnQ:
      return Category::kAttnQ;
    case TensorRole::kAttnK:
      return Category::kAttnK;
    case TensorRole::kAttnV:
    case TensorRole::kAttnKvB:
      return Category::kAttnV;
    case TensorRole::kAttnOutput:
      return Category::kAttnOutput;
    case TensorRole::kFfnUp:
    case TensorRole::kExpertUp:
    case TensorRole::kSharedUp:
      return Category::kFfnUp;
    case TensorRole::kFfnGate:
    case TensorRole::kExpertGate:
    case TensorRole::kSharedGate:
      return Category::kFfnGate;
    case TensorRole::kFfnDown:
    case TensorRole::kExpertDown:
    case TensorRole::kSharedDown:
      return Category::kFfnDown;
    default:
      return Category::kOther;
  }
}

// llama_ftype_get_default_type.
GgmlType DefaultType(GgufFileType f) {
  switch (f) {
    case GgufFileType::kF32:
      return GgmlType::kF32;
    case GgufFileType::kF16:
      return GgmlType::kF16;
    case GgufFileType::kBf16:
      return GgmlType::kBf16;
    case GgufFileType::kQ4_0:
      return GgmlType::kQ4_0;
    case GgufFileType::kQ4_1:
      return GgmlType::kQ4_1;
    case GgufFileType::kQ5_0:
      return GgmlType::kQ5_0;
    case GgufFileType::kQ5_1:
      return GgmlType::kQ5_1;
    case GgufFileType::kQ8_0:
      return GgmlType::kQ8_0;
    case GgufFileType::kQ2_K:
      return GgmlType::kQ2_K;
    case GgufFileType::kQ3_K_S:
    case GgufFileType::kQ3_K_M:
    case GgufFileType::kQ3_K_L:
      return GgmlType::kQ3_K;
    case GgufFileType::kQ4_K_S:
    case GgufFileType::kQ4_K_M:
      return GgmlType::kQ4_K;
    case GgufFileType::kQ5_K_S:
    case GgufFileType::kQ5_K_M:
      return GgmlType::kQ5_K;
    case GgufFileType::kQ6_K:
      return GgmlType::kQ6_K;
    case GgufFileType::kIq4_Nl:
      return GgmlType::kIq4_Nl;
    case GgufFileType::kIq4_Xs:
      return GgmlType::kIq4_Xs;
  }
  return GgmlType::kF16;
}

bool IsQuantized(GgmlType t) {
  return t != GgmlType::kF32 && t != GgmlType::kF16 && t != GgmlType::kBf16;
}

// use_more_bits: the first and last eighth of the layers and every third one between.
bool UseMoreBits(int64_t i, int64_t n) {
  return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2;
}

// tensor_allows_quantization for the tensors an Architecture has: 2-D weights other than
// norms, the router (ffn_gate_inp, also the shared-expert gate) and position embeddings.
bool AllowsQuantization(TensorRole role) {
  switch (role) {
    case TensorRole::kNorm:
    case TensorRole::kBias:
    case TensorRole::kRouter:
    case TensorRole::kSharedExpertGate:
    case TensorRole::kPosition:
      return false;
    default:
      return true;
  }
}

using F = GgufFileType;

GgmlType ChooseType(const Architecture& a, F f, const TensorSpec& t, GgmlType type) {
  const Category c = CategoryOf(t.role);
  const bool falcon = a.family == "falcon";
  const int64_t n_layer = a.num_layers;
  const int64_t i = t.layer;
  const int64_t n_expert = a.moe.num_experts;
  const int64_t n_gqa = a.attention == AttentionKind::kStandard && a.num_kv_heads > 0
                            ? a.num_heads / a.num_kv_heads
                            : 1;
  // llama.cpp's LLM_TYPE_70B for the LLaMA architecture is its 80-layer shape.
  const bool type_70b = (a.family == "llama" || a.family == "mistral") && n_layer == 80;
  const bool tied = a.tying == Tying::kTied;
  if (c == Category::kOutput || (tied && c == Category::kTokenEmbd)) {
    if (falcon || t.cols % Traits(type).block_size != 0) {
      return GgmlType::kQ8_0;
    }
    return type != GgmlType::kQ8_0 ? GgmlType::kQ6_K : type;
  }
  if (c == Category::kTokenEmbd) {
    return type;  // only the IQ1/IQ2/IQ3 and ternary mixes change it
  }
  if (c == Category::kAttnV) {
    if (f == F::kQ2_K) {
      type = n_gqa >= 4 ? GgmlType::kQ4_K : GgmlType::kQ3_K;
    } else if (f == F::kQ3_K_M) {
      type = i < 2 ? GgmlType::kQ5_K : GgmlType::kQ4_K;
    } else if (f == F::kQ3_K_L) {
      type = GgmlType::kQ5_K;
    } else if ((f == F::kIq4_Nl || f == F::kIq4_Xs) && n_gqa >= 4) {
      type = GgmlType::kQ5_K;
    } else if ((f == F::kQ4_K_M || f == F::kQ5_K_M) && UseMoreBits(i, n_layer)) {
      type = GgmlType::kQ6_K;
    } else if (f == F::kQ4_K_S && i < 4) {
      type = GgmlType::kQ5_K;
    }
    if (type_70b && (type == GgmlType::kQ3_K || type == GgmlType::kQ4_K)) {
      type = GgmlType::kQ5_K;
    }
    if (n_expert == 8) {
      type = GgmlType::kQ8_0;
    }
    return type;
  }
  if (c == Category::kAttnK) {
    return n_expert == 8 ? GgmlType::kQ8_0 : type;
  }
  if (c == Category::kFfnDown) {
    if (f == F::kQ2_K) {
      type = GgmlType::kQ3_K;
    } else if (f == F::kQ3_K_M) {
      type = i < n_layer / 16                     ? GgmlType::kQ5_K
             : !falcon || UseMoreBits(i, n_layer) ? GgmlType::kQ4_K
                                                  : GgmlType::kQ3_K;
    } else if (f == F::kQ3_K_L) {
      type = falcon ? GgmlType::kQ4_K : GgmlType::kQ5_K;
    } else if (f == F::kQ4_K_M) {
      if (falcon) {
        type = i < n_layer / 16          ? GgmlType::kQ6_K
               : UseMoreBits(i, n_layer) ? GgmlType::kQ5_K
                                         : GgmlType::kQ4_K;
      } else if (UseMoreBits(i, n_layer)) {
        type = GgmlType::kQ6_K;
      }
    } else if (i < n_layer / 8 && (f == F::kIq4_Nl || f == F::kIq4_Xs)) {
      type = GgmlType::kQ5_K;
    } else if (f == F::kQ5_K_M && UseMoreBits(i, n_layer)) {
      type = GgmlType::kQ6_K;
    } else if (f == F::kQ4_K_S && !falcon && i < n_layer / 8) {
      type = GgmlType::kQ5_K;
    }
    return type;
  }
  if (c == Category::kAttnOutput) {
    if (falcon) {
      return f == F::kQ3_K_L ? GgmlType::kQ4_K : type;
    }
    if (n_expert == 8) {
      const bool bump = f == F::kQ2_K || f == F::kQ3_K_S || f == F::kQ3_K_M || f == F::kIq4_Nl ||
                        f == F::kQ4_K_S || f == F::kQ4_K_M || f == F::kIq4_Xs;
      return bump ? GgmlType::kQ5_K : type;
    }
    if (f == F::kQ2_K) {
      return GgmlType::kQ3_K;
    }
    if (f == F::kQ3_K_M) {
      return GgmlType::kQ4_K;
    }
    if (f == F::kQ3_K_L) {
      return GgmlType::kQ5_K;
    }
  }
  return type;
}

// tensor_type_fallback: a row length the block does not divide gets a 32-wide type, or F16.
GgmlType Fallback(GgmlType type, int64_t cols) {
  if (cols % Traits(type).block_size == 0) {
    return type;
  }
  GgmlType back = GgmlType::kF16;
  switch (type) {
    case GgmlType::kIq4_Xs:
      back = GgmlType::kIq4_Nl;
      break;
    case GgmlType::kQ2_K:
    case GgmlType::kQ3_K:
      back = GgmlType::kQ4_0;
      break;
    case GgmlType::kQ4_K:
      back = GgmlType::kQ5_0;
      break;
    case GgmlType::kQ5_K:
      back = GgmlType::kQ5_1;
      break;
    case GgmlType::kQ6_K:
      back = GgmlType::kQ8_0;
      break;
    default:
      break;
  }
  return cols % Traits(back).block_size == 0 ? back : GgmlType::kF16;
}

}  // namespace

GgmlTypeTraits Traits(GgmlType type) {
  switch (type) {
    case GgmlType::kF32:
      return {"f32", 1, 4};
    case GgmlType::kF16:
      return {"f16", 1, 2};
    case GgmlType::kBf16:
      return {"bf16", 1, 2};
    case GgmlType::kQ4_0:  // ggml_half d; uint8_t qs[16]
      return {"q4_0", 32, 18};
    case GgmlType::kQ4_1:  // d, m; qs[16]
      return {"q4_1", 32, 20};
    case GgmlType::kQ5_0:  // d; qh[4]; qs[16]
      return {"q5_0", 32, 22};
    case GgmlType::kQ5_1:  // d, m; qh[4]; qs[16]
      return {"q5_1", 32, 24};
    case GgmlType::kQ8_0:  // d; int8 qs[32]
      return {"q8_0", 32, 34};
    case GgmlType::kQ2_K:  // scales[16], qs[64], d, dmin
      return {"q2_K", 256, 84};
    case GgmlType::kQ3_K:  // hmask[32], qs[64], scales[12], d
      return {"q3_K", 256, 110};
    case GgmlType::kQ4_K:  // d, dmin, scales[12], qs[128]
      return {"q4_K", 256, 144};
    case GgmlType::kQ5_K:  // d, dmin, scales[12], qh[32], qs[128]
      return {"q5_K", 256, 176};
    case GgmlType::kQ6_K:  // ql[128], qh[64], scales[16], d
      return {"q6_K", 256, 210};
    case GgmlType::kIq4_Nl:  // d; qs[16]
      return {"iq4_nl", 32, 18};
    case GgmlType::kIq4_Xs:  // d, scales_h, scales_l[4], qs[128]
      return {"iq4_xs", 256, 136};
  }
  return {"f16", 1, 2};
}

int64_t GgmlBytes(GgmlType type, int64_t rows, int64_t cols) {
  const GgmlTypeTraits t = Traits(type);
  return rows * ((cols + t.block_size - 1) / t.block_size) * t.block_bytes;
}

GgmlType GgufTensorType(const Architecture& arch, GgufFileType file_type, const TensorSpec& t) {
  // convert_hf_to_gguf.py writes vectors, the router and position tables as F32; the rest
  // starts as F16/BF16 and is what llama-quantize converts.
  if (!AllowsQuantization(t.role)) {
    return GgmlType::kF32;
  }
  const GgmlType base = DefaultType(file_type);
  if (!IsQuantized(base)) {
    return base;
  }
  return Fallback(ChooseType(arch, file_type, t, base), t.cols);
}

}  // namespace llmcost

// EstimateServingMemory: what serving a model needs: weights at a chosen precision, the
// KV cache per token and for a context and batch, how many sequences fit an accelerator,
// and the bandwidth-bound decode and compute-bound prefill times.
//
// Analysis stage (Architecture + ParameterCount + FlopsEstimate [+ Hardware] ->
// ServingEstimate). Pure: no I/O. Formulas: docs/formulas.md#serving-memory (KV cache:
// DeepSeek-V2 §2.1.4, Ainslie et al. 2023; docs/formulas.md#kv-cache).
#ifndef LLMCOST_ANALYSIS_SERVING_MEMORY_H_
#define LLMCOST_ANALYSIS_SERVING_MEMORY_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "llmcost/analysis/flops.h"
#include "llmcost/analysis/parameters.h"
#include "llmcost/architecture.h"
#include "llmcost/dtype.h"
#include "llmcost/hardware.h"
#include "llmcost/status.h"
#include "llmcost/weight_format.h"

namespace llmcost {

struct ServingOptions {
  int64_t context = 0;  // tokens per sequence (prompt + output). Default: 0 = pre-training context
  int64_t batch = 1;    // concurrent sequences. Default: 1
  WeightFormat weights = {};      // storage of the weights. Default: bf16
  DType kv_cache = DType::kBf16;  // K/V (or MLA latent) elements (vLLM --kv-cache-dtype)

  // ---- vLLM engine arguments (names as vLLM's; defaults as vLLM's) ----
  int64_t tp = 1;                         // tensor_parallel_size
  int64_t pp = 1;                         // pipeline_parallel_size
  double gpu_memory_utilization = 0.9;    // fraction of total_gpu_memory vLLM may use, (0, 1]
  int64_t max_model_len = 0;              // tokens per request; 0 = context
  int64_t block_size = 16;                // tokens per KV-cache block: 1, 8, 16, 32, 64 or 128
  int64_t max_num_batched_tokens = 8192;  // tokens of the profiling forward pass
  int64_t max_num_seqs = 256;             // sequences of the profiling sampler pass
  // What vLLM measures at start-up; nullopt = estimated (docs/formulas.md "Serving memory").
  std::optional<int64_t> activation_peak_bytes = std::nullopt;  // "PyTorch activation peak memory"
  std::optional<int64_t> non_torch_bytes = std::nullopt;  // "non_torch_memory" (CUDA context, NCCL)

  // ---- Roofline efficiencies ----
  double mbu = 1;  // achieved / peak memory bandwidth, (0, 1]. Default: 1 (roofline bound)
  double mfu = 1;  // achieved / peak dense FLOP/s, (0, 1]. Default: 1 (roofline bound)
};

// Bytes the KV cache holds per token of one sequence, summed over the softmax-attention
// layers: standard attention 2 k d_h per layer (K and V of every KV head), MLA (r_kv + d_r)
// per layer (the compressed latent and the shared RoPE key, DeepSeek-V2 §2.1.4;
// docs/formulas.md#kv-cache). No window or chunk cap; linear-attention and state-space
// layers hold no per-token cache (see RecurrentStateBytes). Encoder-decoder models: encoder
// layers cache nothing; a cross-attention sublayer caches K and V of the encoder's outputs,
// one per token of an encoder input as long as the context.
// Errors: kOutOfRange on 64-bit overflow.
// Example: Llama-2-7B in bf16 -> 2 x 32 x 32 x 128 x 2 = 524288.
Result<int64_t> KvCacheBytesPerToken(const Architecture& arch, DType kv_cache);

// Bytes of the cache of one sequence of `context` tokens: a full-attention layer keeps every
// token, a sliding-window layer at most its window, a chunked layer at most its chunk, a
// cross-attention sublayer `context` encoder outputs (encoder layers nothing); plus
// RecurrentStateBytes (which does not grow with the context) in 16 bits whatever `kv_cache`
// says, as vLLM keeps it: MambaStateDtypeCalculator stores conv and SSM states at
// --mamba-cache-dtype, by default the model's dtype, not at --kv-cache-dtype.
// Errors: kOutOfRange on 64-bit overflow.
Result<int64_t> KvCacheBytesPerSequence(const Architecture& arch, DType kv_cache, int64_t context);

// Fixed-size state one sequence keeps in the linear-attention and state-space layers, at
// `dtype`: per Gated DeltaNet layer the n_v x d_k x d_v recurrent state plus the
// convolution's last (taps - 1) inputs of its 2 n_k d_k + n_v d_v channels; per Mamba /
// Mamba-2 mixer the d_i x N SSM state plus the conv's last (K - 1) inputs of its channels
// (what vLLM's hybrid cache allocates: its mamba "ssm" and "conv" states).
// Example: Qwen3-Next-80B-A3B, 36 layers, bf16: 36 x (32 x 128 x 128 + 3 x 8192) x 2 B.
// Mamba-Codestral-7B, 64 layers, bf16: 64 x (8192 x 128 + 3 x 10240) x 2 B.
// Errors: kOutOfRange on 64-bit overflow.
Result<int64_t> RecurrentStateBytes(const Architecture& arch, DType dtype);

// KV-cache capacity the way vLLM's GPU worker computes it (vllm/v1/worker/gpu_worker.py
// determine_available_memory; vllm/v1/core/kv_cache_utils.py get_num_blocks), per rank:
//   available_kv_cache_memory = total_gpu_memory x gpu_memory_utilization
//                               - (model weights + non_torch_memory + activation peak)
//   num_gpu_blocks = floor(available / (block_size x KV bytes per token per layer) / layers)
//   max_concurrency = num_gpu_blocks / ceil(max_model_len / block_size)
struct VllmKvCache {
  int64_t total_gpu_memory = 0;  // what torch.cuda.mem_get_info reports (usable memory)
  double gpu_memory_utilization = 0;
  int64_t requested_memory = 0;      // "the current vLLM instance can use"
  int64_t model_weights = 0;         // "model weights take" (per rank, + rope_cache)
  int64_t rope_cache = 0;            // RoPE cos/sin cache: positions x rotary dim x 2 bytes
  int64_t non_torch_memory = 0;      // "non_torch_memory"
  int64_t activation_peak = 0;       // "PyTorch activation peak memory"
  bool activation_estimated = true;  // false when given (measured)
  bool non_torch_estimated = true;
  int64_t available_kv_cache_memory = 0;  // may be negative: nothing left for the cache
  int64_t num_gpu_blocks = 0;             // "# GPU blocks" (the smallest pipeline stage's)
  int64_t kv_cache_tokens = 0;            // "GPU KV cache size: N tokens"
  int64_t max_model_len = 0;
  double max_concurrency = 0;  // "Maximum concurrency for N tokens per request: X"
  // Bytes one max_model_len request needs: its attention blocks + its recurrent state.
  int64_t kv_cache_needed_for_one_request = 0;
  // Linear-attention / state-space state one request holds on this rank (0 without such
  // layers); with it, concurrency = available_kv_cache_memory / kv_cache_needed_for_one_request.
  int64_t recurrent_state_per_request = 0;
  bool fits = false;  // weights fit and at least one max_model_len request fits
};

// Decode at one batch size: time per output token and tokens/s of the batch.
struct ThroughputPoint {
  int64_t batch = 0;
  double time_per_output_token_s = 0;
  double tokens_per_s = 0;
  bool compute_bound = false;  // the FLOP roofline, not the bandwidth one, sets the time
};

struct ServingEstimate {
  int64_t context = 0;  // tokens per sequence used
  int64_t batch = 0;
  WeightFormat weights_format;
  DType kv_dtype = DType::kBf16;

  int64_t weights_bytes = 0;                // EstimateWeightStorage (MTP modules excluded)
  int64_t kv_cache_bytes_per_token = 0;     // KvCacheBytesPerToken
  int64_t kv_cache_bytes_per_sequence = 0;  // at `context`, windows applied, + recurrent state
  int64_t recurrent_state_bytes = 0;        // of which: linear-attention state (per sequence)
  int64_t kv_cache_bytes = 0;               // x batch
  int64_t total_bytes = 0;                  // weights + KV cache

  // Per decoding step of the whole batch at full context: weights read once (for MoE, the
  // experts the batch's tokens visit in expectation) plus every sequence's KV cache.
  int64_t decode_bytes_per_step = 0;
  double expected_experts_read = 0;  // per MoE layer: E (1 - (1 - top_k/E)^batch); 0 if dense
  double prefill_flops = 0;          // batch x context x forward FLOPs per token

  // ---- Layout ----
  int64_t tp = 1;
  int64_t pp = 1;
  int64_t weights_bytes_per_rank = 0;             // the largest pipeline stage / tp
  int64_t kv_cache_bytes_per_token_per_rank = 0;  // that stage's layers, KV heads / tp
  int64_t kv_cache_block_bytes = 0;               // block_size x the above
  // The recurrent state one sequence keeps on one rank: the stage with the most state / tp.
  int64_t recurrent_state_bytes_per_rank = 0;

  // ---- vLLM's KV-cache sizing (with an accelerator; names as vLLM logs them) ----
  std::optional<VllmKvCache> vllm = std::nullopt;
  // When it does not fit: the smallest tensor-parallel degree (of those vLLM accepts for
  // this model, up to 64) with which it would; nullopt if none.
  std::optional<int64_t> smallest_fitting_tp = std::nullopt;

  // ---- Speeds (with an accelerator, only when the layout fits) ----
  std::optional<bool> fits = std::nullopt;                       // vllm->fits
  std::optional<int64_t> max_sequences = std::nullopt;           // floor(max_concurrency)
  std::optional<double> decode_time_per_token_s = std::nullopt;  // TPOT at `batch`
  std::optional<double> prefill_time_s = std::nullopt;           // the whole batch's prompts
  std::optional<double> time_to_first_token_s = std::nullopt;    // one prompt of `context` tokens
  std::vector<ThroughputPoint> throughput;  // batch 1, 2, 4, ... up to max_sequences
};

// Serving figures of `arch` with `params` = CountParameters(arch) and `flops` =
// EstimateFlops(arch, params, {.seq_len = context}); `hardware` may be null.
// With hardware: vLLM's KV-cache sizing (VllmKvCache) on `hardware`'s usable memory, and,
// when that fits, rooflines: decode time = max(bytes read / (tp x bandwidth x mbu),
// FLOPs / (tp x peak x mfu)), prefill likewise; FP8 weights use the FP8 peak, every other
// format the BF16 one (AWQ/GPTQ/NF4 kernels compute in 16 bits).
// Errors: kInvalidArgument naming the field: "context: must be >= 1, got 0", "batch: ...",
// "tp: must divide num_attention_heads (32), got 3", "tp: must divide num_key_value_heads
// (8) or be a multiple of it, got 12", "pp: must be in [1, num_hidden_layers (32)], got 40",
// "gpu_memory_utilization: must be in (0, 1], got 1.5", "block_size: must be one of 1, 8,
// 16, 32, 64, 128, got 12", "max_model_len: must be <= max_position_embeddings (4096) of
// the config, got 8192", "mbu: must be in (0, 1], got 0"; kOutOfRange on 64-bit overflow.
Result<ServingEstimate> EstimateServing(const Architecture& arch, const ParameterCount& params,
                                        const FlopsEstimate& flops, const ServingOptions& options,
                                        const Hardware* hardware);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_SERVING_MEMORY_H_

// EstimateTrainingMemory: bytes one GPU holds while training: model states (weights,
// gradients, optimizer states) and activations, under data / tensor / pipeline / expert
// parallelism, ZeRO and activation recomputation.
//
// Analysis stage (Architecture + ParameterCount -> TrainingMemoryEstimate). Pure: no I/O.
// Formulas: docs/formulas.md#training-memory (Rajbhandari et al. 2020 §5;
// Korthikanti et al. 2022 §4; docs/references.md).
#ifndef LLMCOST_ANALYSIS_TRAINING_MEMORY_H_
#define LLMCOST_ANALYSIS_TRAINING_MEMORY_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "llmcost/analysis/lora.h"
#include "llmcost/analysis/parameters.h"
#include "llmcost/analysis/zero_offload.h"
#include "llmcost/architecture.h"
#include "llmcost/component.h"
#include "llmcost/status.h"

namespace llmcost {

// Number formats of a training run.
enum class TrainingPrecision {
  kFp32,       // weights, gradients and activations in fp32 (4 B); no master copy
  kBf16Mixed,  // bf16 weights, gradients, activations (2 B); fp32 master weights in the optimizer
  kFp16Mixed,  // as bf16 mixed (the ZeRO paper's setting: 2 + 2 + 12 B per parameter with Adam)
  kFp8Mixed,   // fp8 weight copy (1 B) and fp8 GEMM inputs; bf16 gradients, other activations
};

enum class OptimizerKind {
  kAdamW,        // two fp32 moments: 8 B/param (+ 4 B fp32 master in mixed precision)
  kSgdMomentum,  // one fp32 momentum: 4 B/param (+ 4 B master)
  kAdafactor,    // factored second moment, no momentum: ~ 4 (rows + cols) B per matrix (+ master)
  // bitsandbytes' AdamW8bit (Dettmers et al. 2022 block-wise 8-bit moments; HF Trainer optim
  // adamw_bnb_8bit): 2 B/param + an fp32 absmax per 256 per moment, tensors < 4096 elements
  // in 32-bit (+ 4 B master). Counted tensor by tensor when each rank holds whole tensors
  // (tp = pp = 1, no ZeRO); otherwise as one flat tensor per rank (ZeRO's flat partition).
  kAdam8Bit,
  // bitsandbytes' paged AdamW (HF Trainer optim paged_adamw_32bit / paged_adamw_8bit): state
  // counted tensor by tensor as bitsandbytes allocates it (bitsandbytes_optimizer.h), its
  // large buffers in CUDA managed memory that pages out to the host under memory pressure.
  kPagedAdamW,      // 32-bit moments, 8 B/param (+ 4 B master)
  kPagedAdamW8Bit,  // 8-bit moments + fp32 absmax per 256 (tensors < 4096 elements: 32-bit)
};

// What the backward pass recomputes instead of keeping (Korthikanti et al. 2022 §4;
// docs/formulas.md#activations).
enum class Recompute {
  kNone,       // keep every tensor the backward pass reads
  kSelective,  // recompute the attention core (QK^T, softmax, dropout): drops the 5 a s^2 b term
  kFull,       // keep each layer's input only; rebuild one layer's activations at a time
};

// Whether attention runs as a fused kernel (FlashAttention) that never stores s x s scores.
enum class FlashAttention { kOn, kOff };

// Whether tensor parallelism also splits the norm and dropout activations along the sequence.
enum class SequenceParallel { kOff, kOn };

// Whether training uses dropout; with it, each dropout keeps a 1-byte mask (Korthikanti).
enum class Dropout { kOff, kOn };

// Whose code the activation accounting follows (docs/formulas.md "Activations").
enum class Framework {
  kMegatron,  // fused kernels, exactly Korthikanti et al. (2022)
  kHf,        // HuggingFace transformers' modeling code under PyTorch autograd, unfused
};

std::string_view FrameworkName(Framework framework);  // "megatron", "hf"

// What a run trains.
enum class FineTune {
  kFull,   // every parameter (pre-training or full fine-tuning)
  kLora,   // LoRA adapters (Hu et al. 2021) on a frozen base at `base_storage`
  kQlora,  // LoRA on an NF4 base with double quantization (Dettmers et al. 2023)
};

std::string_view FineTuneName(FineTune finetune);                     // "full", "lora", "qlora"
std::string_view TrainingPrecisionName(TrainingPrecision precision);  // "fp32", "bf16", ...
std::string_view OptimizerKindName(OptimizerKind optimizer);          // "adamw", "sgd", ...
std::string_view RecomputeName(Recompute recompute);                  // "none", "selective", ...

struct TrainingMemoryOptions {
  // ---- Workload ----
  int64_t micro_batch = 1;  // sequences per micro-batch b. Default: 1
  int64_t seq_len = 0;      // s. Default: 0 = the config's pre-training context
  TrainingPrecision precision = TrainingPrecision::kBf16Mixed;
  OptimizerKind optimizer = OptimizerKind::kAdamW;
  Recompute recompute = Recompute::kNone;
  FlashAttention flash = FlashAttention::kOn;
  Dropout dropout = Dropout::kOff;             // modern pre-training (LLaMA, DeepSeek) uses none
  Framework framework = Framework::kMegatron;  // activation convention. Default: megatron

  // ---- Parallelism (GPUs = dp x tp x pp) ----
  int64_t dp = 1;  // data-parallel degree N_d
  int zero = 0;    // ZeRO stage 0-3 (stage 3 = FSDP full sharding)
  int64_t tp = 1;  // tensor-parallel degree t (Megatron-LM)
  SequenceParallel sp = SequenceParallel::kOff;
  int64_t pp = 1;  // pipeline stages p (1F1B schedule)
  int64_t ep = 1;  // expert-parallel degree: splits the data-parallel group; dense models ignore it

  // ---- Fine-tuning (docs/formulas.md "Fine-tuning: LoRA and QLoRA") ----
  FineTune finetune = FineTune::kFull;
  LoraOptions lora = {};  // rank, targets, modules_to_save (kLora, kQlora)
  // Storage of the frozen base's linear weights under kLora (kQlora is always kNf4).
  // Default: 16-bit.
  BaseStorage base_storage = BaseStorage::k16Bit;

  // ---- Offload (ZeRO-Offload / ZeRO-Infinity, DeepSpeed v0.19.6 estimators) ----
  Offload offload = Offload::kNone;
  OffloadDevice offload_device = OffloadDevice::kCpu;
  int64_t gpus_per_node = 8;  // for DeepSpeed's per-node host figure. Default: 8
};

// Model-state bytes of `params` parameters sharded over `shards` data-parallel ranks (ZeRO,
// Rajbhandari et al. 2020 §5, Fig. 1; docs/formulas.md#model-states): stage >= 1 shards optimizer
// states, >= 2 also gradients, 3 also weights. A shard is rounded up to whole bytes.
struct ModelStateBytes {
  int64_t weights = 0;
  int64_t gradients = 0;
  int64_t optimizer = 0;  // fp32 master weights (mixed precision) + optimizer moments
};

// `hidden_size` sizes Adafactor's factored moments (rows + cols per d-wide matrix).
// REQUIRES: params >= 0, 0 <= zero <= 3, shards >= 1, hidden_size >= 1.
// Errors: kOutOfRange on 64-bit overflow.
Result<ModelStateBytes> ShardModelStates(int64_t params, TrainingPrecision precision,
                                         OptimizerKind optimizer, int zero, int64_t shards,
                                         int64_t hidden_size);

// Activation bytes one layer keeps for one micro-batch on one tensor-parallel rank, by kind.
struct LayerActivations {
  int64_t layer_input = 0;    // full recompute: the one tensor each layer keeps (2 s b h)
  int64_t norms = 0;          // inputs of the norms (LayerNorm/RMSNorm backward reads them)
  int64_t attention = 0;      // GEMM inputs, Q, K, V, attention output, MLA latents, LSE
  int64_t scores = 0;         // s x s softmax input/output and dropout (no flash, no recompute)
  int64_t mlp = 0;            // MLP or experts: inputs, activation inputs and outputs, router
  int64_t dropout_masks = 0;  // 1-byte masks after attention and MLP (Dropout::kOn)
  int64_t lora = 0;           // LoRA: each adapted module's r-wide lora_A output
  int64_t total = 0;          // the sum of the seven above
};

// Bytes `layer` of `arch` keeps for its backward pass, derived tensor by tensor (see
// docs/formulas.md#activations). For a GPT-style layer (LayerNorm, plain 4d MLP, MHA,
// dropout on, no flash, 16-bit) this equals Korthikanti et al. 2022 §4, Table 2 exactly:
// s b h (34 + 5 a s / h), s b h (10 + 24/t + 5 a s/(h t)) with TP, /t with SP, and
// 34 s b h / t with SP + selective recompute; full recompute keeps 2 s b h.
// REQUIRES: options validated by EstimateTrainingMemory's checks (degrees divide widths);
// options.seq_len > 0.
// Errors: kOutOfRange on 64-bit overflow.
Result<LayerActivations> EstimateLayerActivations(const Architecture& arch, const LayerSpec& layer,
                                                  const TrainingMemoryOptions& options);

// The moment of a training step whose memory peak_bytes is (docs/formulas.md#peak-memory-hf).
enum class PeakMoment {
  // megatron: model states + every saved tensor, short-lived buffers not counted.
  kSavedTensors,
  // hf: the start of backward at the loss (model states + saved tensors + the loss's buffers).
  kLossBackward,
  // hf: torch AdamW's foreach step (model states + its temporaries; activations freed).
  kOptimizerStep,
};

std::string_view PeakMomentName(PeakMoment moment);  // "saved_tensors", "loss_backward", ...

struct TrainingMemoryEstimate {
  int64_t seq_len = 0;       // s used
  int64_t gpus = 0;          // dp x tp x pp
  int64_t stage = 0;         // the pipeline stage shown (0-based): the one with the highest peak
  int64_t stage_layers = 0;  // transformer layers on that stage
  int64_t in_flight_micro_batches =
      0;                       // micro-batches whose activations it holds (1F1B: p - stage)
  int64_t params_per_gpu = 0;  // parameters this GPU computes with (before ZeRO-3 sharding)

  int64_t weights_bytes = 0;
  int64_t gradients_bytes = 0;
  int64_t optimizer_bytes = 0;
  int64_t activations_bytes = 0;  // saved tensors of all in-flight micro-batches (+ recompute)
  int64_t logits_bytes = 0;       // last stage: final norm, logits and fp32 cross-entropy
  // --framework hf: the short-lived buffers of each moment of the step (0 under megatron).
  // loss_transient_bytes: at the start of backward at the loss (last stage), per token the
  // model output's logits (a V), the fp32 gradients of the log-softmax's output and input
  // (4 V each); optimizer_transient_bytes: torch AdamW's foreach temporaries, one fp32 tensor
  // per parameter the rank's optimizer steps.
  int64_t loss_transient_bytes = 0;
  int64_t optimizer_transient_bytes = 0;
  // The fullest moment, and its peak: weights + gradients + optimizer states + (kSavedTensors:
  // activations + logits; kLossBackward: activations + logits + loss_transient_bytes;
  // kOptimizerStep: optimizer_transient_bytes).
  PeakMoment peak_moment = PeakMoment::kSavedTensors;
  int64_t peak_bytes = 0;

  // Paged optimizers: the optimizer bytes in CUDA managed memory (evictable to the host), and
  // what the GPU must hold not to run out: max(peak - paged, at the optimizer step with the
  // activations and logits freed: the rest + the largest tensor's paged buffers). Without a
  // paged optimizer, paged_optimizer_bytes = 0 and required_bytes = peak_bytes.
  int64_t paged_optimizer_bytes = 0;
  int64_t required_bytes = 0;

  // Fine-tuning: what trains (== params_per_gpu for kFull) and the PEFT count (kLora/kQlora).
  int64_t trainable_params = 0;
  std::optional<LoraCount> lora;
  // Offload: host (or NVMe) bytes per GPU and per node, as DeepSpeed's estimators give them.
  int64_t offloaded_bytes_per_gpu = 0;
  int64_t offloaded_bytes_per_node = 0;

  LayerActivations layer_activations;  // the stage's largest layer, one micro-batch

  // Sums to peak_bytes: "weights" (kLora/kQlora: "weights.frozen_base", "weights.adapters"),
  // "gradients", "optimizer", "optimizer.paged" (paged optimizers), "activations.layer_inputs"
  // (full recompute), "activations.norms", "activations.attention", "activations.scores",
  // "activations.mlp", "activations.dropout_masks", "activations.lora", "activations.recompute"
  // (the one layer backward rebuilds: all of it under full recompute, its attention core under
  // selective recompute without flash), "logits", "transient.loss_backward" (kLossBackward);
  // at kOptimizerStep only the model states and "transient.optimizer_step" (zeros left out).
  std::vector<Component<int64_t>> breakdown;
};

// Per-GPU training memory of `arch` with `params` = CountParameters(arch). Not counted:
// communication buffers, allocator fragmentation, CUDA context (typically 1-3 GiB).
// Errors: kInvalidArgument naming the option when a degree is < 1, the ZeRO stage is not
// 0-3, tp does not divide the heads / FFN widths, pp does not divide the layers, ep does not
// divide the experts or dp, or no sequence length is known; kOutOfRange on 64-bit overflow.
// Example:
//   TrainingMemoryOptions o;
//   o.dp = 64;
//   o.zero = 3;
//   LLMCOST_ASSIGN_OR_RETURN(TrainingMemoryEstimate m, EstimateTrainingMemory(arch, params, o));
Result<TrainingMemoryEstimate> EstimateTrainingMemory(const Architecture& arch,
                                                      const ParameterCount& params,
                                                      const TrainingMemoryOptions& options);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_TRAINING_MEMORY_H_

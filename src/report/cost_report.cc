// What the `memory`, `serve`, `train` and `hardware` reports show, and in which order.
#include "llmcost/cost_report.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "llmcost/analysis/flops.h"

namespace llmcost {
namespace {

Entry TextOnly(Entry e) {
  e.visibility = Visibility::kTextOnly;
  return e;
}

// A warning line when a model is costed beyond its position table.
void AddBeyondPositions(const Architecture& a, int64_t tokens, Entry* item) {
  const std::string note = BeyondPositionsNote(a, tokens);
  if (!note.empty()) {
    AddLeaf(&item->children, "warnings", "Warnings", Lines({note}));
  }
}

// The item's identity, as the forward report has it.
void AddIdentity(const Architecture& a, Entry* item) {
  item->key = a.name;
  item->children.push_back(MachineLeaf("name", a.name));
  item->children.push_back(MachineLeaf("source", a.source));
  Entry model = Leaf("model", "Model", a.name);
  model.visibility = Visibility::kTextOnly;
  item->children.push_back(model);
}

Phrase LayoutText(const TrainingMemoryOptions& o) {
  return "dp " + Amount(o.dp) + " (ZeRO " + Amount(int64_t{o.zero}) + "), tp " + Amount(o.tp) +
         (o.sp == SequenceParallel::kOn ? " + SP" : "") + ", pp " + Amount(o.pp) + ", ep " +
         Amount(o.ep) + ", recompute " + std::string(RecomputeName(o.recompute));
}

// ", LoRA r 8 on q_proj, v_proj (PEFT's default), base 16-bit"; empty for full training.
Phrase FineTuneText(const TrainingMemoryOptions& o) {
  Phrase out;
  if (o.finetune != FineTune::kFull) {
    out += std::string(o.finetune == FineTune::kQlora ? ", QLoRA" : ", LoRA") + " r " +
           Amount(o.lora.rank) + " on ";
    std::string targets;
    for (const std::string& t : o.lora.targets) {
      targets += (targets.empty() ? "" : ",") + t;
    }
    out += targets.empty() ? std::string("PEFT's default target modules") : targets;
    if (!o.lora.modules_to_save.empty()) {
      std::string saved;
      for (const std::string& m : o.lora.modules_to_save) {
        saved += (saved.empty() ? "" : ",") + m;
      }
      out += " + trainable " + saved;
    }
    const BaseStorage base = o.finetune == FineTune::kQlora ? BaseStorage::kNf4 : o.base_storage;
    out += base == BaseStorage::kNf4    ? ", base NF4 + double quantization (4.127 bits/weight)"
           : base == BaseStorage::kInt8 ? ", base LLM.int8"
                                        : ", base 16-bit";
    out += "; adapters, their gradients and optimizer states fp32";
  }
  if (o.offload != Offload::kNone) {
    out += ", offload " + std::string(OffloadName(o.offload)) + " to " +
           std::string(OffloadDeviceName(o.offload_device)) + " (DeepSpeed v0.19.6 estimators)";
  }
  return out;
}

Phrase WorkloadText(const TrainingMemoryOptions& o) {
  // The sequence length has its own header line (SequenceLengthLine).
  return "Workload: micro-batch " + Amount(o.micro_batch) +
         (o.micro_batch == 1 ? " sequence, " : " sequences, ") +
         std::string(TrainingPrecisionName(o.precision)) +
         (o.precision == TrainingPrecision::kFp32 ? "" : " mixed precision") + ", " +
         std::string(OptimizerKindName(o.optimizer)) + ", flash attention " +
         (o.flash == FlashAttention::kOn ? "on" : "off") + ", dropout " +
         (o.dropout == Dropout::kOn ? "on" : "off") +
         (o.framework == Framework::kHf
              ? Phrase(", activations as transformers' modeling code keeps them under PyTorch "
                       "autograd (--framework hf)")
              : Phrase()) +
         FineTuneText(o) + ".";
}

// What a paged optimizer costs beyond its bytes (docs/formulas.md#paged-optimizers), for the
// report header; empty for every other optimizer.
std::optional<Phrase> PagedOptimizerNote(const TrainingMemoryOptions& o) {
  if (o.optimizer != OptimizerKind::kPagedAdamW && o.optimizer != OptimizerKind::kPagedAdamW8Bit) {
    return std::nullopt;
  }
  return Phrase(
      "Paged optimizer: the states of tensors of at least 100,000 elements are in CUDA managed "
      "memory, paged out to host RAM only when the GPU runs short; then every optimizer step "
      "pages them back over PCIe, a time cost not modelled.");
}

Entry LayoutSection(std::string key, std::string label, const TrainingMemoryOptions& o) {
  return Section(std::move(key), std::move(label),
                 {Leaf("dp", "Data parallel", o.dp), Leaf("zero", "ZeRO stage", int64_t{o.zero}),
                  Leaf("tp", "Tensor parallel", o.tp),
                  Leaf("sp", "Sequence parallel", o.sp == SequenceParallel::kOn),
                  Leaf("pp", "Pipeline parallel", o.pp), Leaf("ep", "Expert parallel", o.ep),
                  Leaf("recompute", "Recompute", std::string(RecomputeName(o.recompute)))});
}

Entry MemorySection(const TrainingMemoryEstimate& m, std::string label) {
  std::vector<Entry> c;
  // Which stage only matters with a pipeline (1F1B: stage 0 holds p micro-batches).
  const bool pipeline = m.stage > 0 || m.in_flight_micro_batches > 1;
  AddLeaf(&c, "peak_bytes", "Peak", m.peak_bytes, Unit::kBytes,
          pipeline ? "(pipeline stage " + Amount(m.stage) + ", the fullest)" : Phrase());
  AddLeaf(&c, "weights_bytes", "Weights", m.weights_bytes, Unit::kBytes);
  AddLeaf(&c, "gradients_bytes", "Gradients", m.gradients_bytes, Unit::kBytes);
  c.push_back(
      Leaf("optimizer_bytes", "Optimizer states", m.optimizer_bytes, Unit::kBytes,
           m.lora ? "(moments of the fp32 trainable parameters)" : "(master weights + moments)"));
  AddLeaf(&c, "activations_bytes", "Activations", m.activations_bytes, Unit::kBytes,
          "(" + Amount(m.in_flight_micro_batches) +
              (m.in_flight_micro_batches == 1 ? " micro-batch x " : " micro-batches x ") +
              Amount(m.stage_layers) + " layers)");
  AddLeaf(&c, "logits_bytes", "Logits + cross-entropy", m.logits_bytes, Unit::kBytes);
  if (m.peak_moment != PeakMoment::kSavedTensors) {
    AddLeaf(&c, "loss_transient_bytes", "Loss buffers at backward's start", m.loss_transient_bytes,
            Unit::kBytes, "(output logits + fp32 gradients of the log-softmax's output and input)");
    if (m.optimizer_transient_bytes > 0) {  // torch AdamW only
      AddLeaf(&c, "optimizer_transient_bytes", "Optimizer-step temporaries",
              m.optimizer_transient_bytes, Unit::kBytes,
              "(AdamW foreach: an fp32 tensor per stepped parameter)");
    }
    AddLeaf(&c, "peak_moment", "Peak at", std::string(PeakMomentName(m.peak_moment)), Unit::kNone,
            m.peak_moment == PeakMoment::kLossBackward
                ? "(the start of backward at the loss; activations all alive)"
                : "(the optimizer step; activations freed)");
  }
  if (m.paged_optimizer_bytes > 0) {
    AddLeaf(&c, "paged_optimizer_bytes", "Paged optimizer states", m.paged_optimizer_bytes,
            Unit::kBytes, "(CUDA managed memory: pages out to the host when short)");
    AddLeaf(&c, "required_bytes", "Needed on the GPU", m.required_bytes, Unit::kBytes,
            "(peak without the paged states, or the optimizer step's, the larger)");
  }
  std::vector<Entry> parts;
  for (const Component<int64_t>& part : m.breakdown) {
    AddLeaf(&parts, part.name, part.name, part.value, Unit::kBytes);
  }
  c.push_back(Section("breakdown", "Breakdown", std::move(parts)));
  AddLeaf(&c, "layer_activation_bytes", "One layer's activations", m.layer_activations.total,
          Unit::kBytes, "(largest layer, one micro-batch)");
  AddLeaf(&c, "params_per_gpu", "Parameters per GPU", m.params_per_gpu, Unit::kCount,
          "(before ZeRO-3 sharding)");
  if (m.lora) {
    AddLeaf(&c, "trainable_params", "Trainable parameters", m.lora->trainable_params, Unit::kCount,
            "(PEFT: trainable params " + Amount(m.lora->trainable_params) + " || all params " +
                Amount(m.lora->all_params) + ")");
    c.push_back(MachineLeaf("all_params", m.lora->all_params));
    c.push_back(MachineLeaf("adapter_params", m.lora->adapter_params));
    c.push_back(MachineLeaf("lora_rank", m.lora->rank));
  }
  if (m.offloaded_bytes_per_node > 0) {
    AddLeaf(&c, "offloaded_bytes_per_gpu", "Offloaded per GPU", m.offloaded_bytes_per_gpu,
            Unit::kBytes,
            "(host or NVMe; " + Amount(m.offloaded_bytes_per_node, Unit::kBytes) +
                " per node, DeepSpeed's 1.5x buffer factor included)");
    c.push_back(MachineLeaf("offloaded_bytes_per_node", m.offloaded_bytes_per_node));
  }
  AddLeaf(&c, "gpus", "GPUs", m.gpus);
  AddLeaf(&c, "seq_len", "Sequence length", m.seq_len);
  return Section("memory_per_gpu", std::move(label), std::move(c));
}

// The memory chart with no bar yet: the five parts of the peak, the GPU's memory as a line.
BarChart EmptyMemoryChart(const Phrase& subtitle, const Hardware* hardware) {
  BarChart chart;
  chart.title = "Training memory per GPU";
  chart.subtitle = subtitle;
  chart.value_label = "bytes per GPU (binary prefixes)";
  chart.unit = Unit::kBytes;
  chart.parts = {"Weights", "Gradients", "Optimizer states", "Activations",
                 "Logits + cross-entropy"};
  chart.values.assign(chart.parts.size(), {});
  if (hardware != nullptr) {
    chart.rules.push_back({ChartRule::Axis::kX, static_cast<double>(hardware->memory_bytes),
                           hardware->name + ": " + Amount(hardware->memory_bytes, Unit::kBytes),
                           -1});
  }
  return chart;
}

// One model's stacked bar on the memory chart (the report's first chart).
void AddMemoryBar(const std::string& name, const TrainingMemoryEstimate& m, Report* report) {
  BarChart* chart = report->charts.empty() ? nullptr : std::get_if<BarChart>(&report->charts[0]);
  if (chart == nullptr) {
    return;
  }
  chart->categories.push_back(name);
  const int64_t parts[] = {m.weights_bytes, m.gradients_bytes, m.optimizer_bytes,
                           m.activations_bytes, m.logits_bytes};
  for (size_t p = 0; p < chart->parts.size() && p < std::size(parts); ++p) {
    chart->values[p].push_back(static_cast<double>(parts[p]));
  }
}

Phrase HardwareText(const Hardware& hw) {
  return hw.name + " (" + hw.id + "): " + Amount(hw.memory_bytes, Unit::kBytes) + ", " +
         Amount(hw.memory_bandwidth_bytes_per_s, Unit::kBytesRate) + ", " +
         Amount(hw.peak_bf16_flops_per_s, Unit::kFlopRate) + " dense BF16" +
         (hw.peak_fp8_flops_per_s
              ? ", " + Amount(*hw.peak_fp8_flops_per_s, Unit::kFlopRate) + " dense FP8"
              : Phrase()) +
         ".";
}

// "ZeRO-3 + full recomputation", "tp 8 x pp 2, ZeRO-1", "plain data parallelism".
std::string LayoutShort(const TrainingMemoryOptions& o) {
  std::string out;
  if (o.tp > 1 || o.pp > 1) {
    out = "tp " + std::to_string(o.tp) + " x pp " + std::to_string(o.pp) + ", ";
  }
  out += o.zero > 0 ? "ZeRO-" + std::to_string(o.zero) : "plain data parallelism";
  if (o.recompute != Recompute::kNone) {
    out += std::string(" + ") + (o.recompute == Recompute::kFull ? "full" : "selective") +
           " recomputation";
  }
  return out;
}

Entry FitLayoutSection(std::string key, std::string label, const FitLayout& f, const Hardware& hw,
                       const FitVerdict& v) {
  Entry e = LayoutSection(std::move(key), std::move(label), f.layout);
  Phrase line = Amount(f.gpus) + " x " + hw.id + ": " + LayoutShort(f.layout) + ", " +
                Amount(f.memory.peak_bytes, Unit::kBytes) + " of " +
                Amount(v.memory_bytes, Unit::kBytes);
  if (f.memory.offloaded_bytes_per_gpu > 0) {
    line += " + " + Amount(f.memory.offloaded_bytes_per_gpu, Unit::kBytes) + " per GPU on " +
            std::string(OffloadDeviceName(f.layout.offload_device));
  }
  e.value = std::vector<Phrase>{line};
  e.children.insert(e.children.begin(), Leaf("method", "Method", f.method));
  e.children.insert(e.children.begin() + 1, Leaf("gpus", "GPUs", f.gpus));
  AddLeaf(&e.children, "peak_bytes", "Peak", f.memory.peak_bytes, Unit::kBytes);
  if (f.memory.lora) {
    AddLeaf(&e.children, "trainable_params", "Trainable parameters",
            f.memory.lora->trainable_params, Unit::kCount);
  }
  if (f.memory.offloaded_bytes_per_gpu > 0) {
    AddLeaf(&e.children, "offloaded_bytes_per_gpu", "Offloaded per GPU",
            f.memory.offloaded_bytes_per_gpu, Unit::kBytes);
  }
  return e;
}

// The verdict of JudgeFit: fits or not, headroom, what would fit.
Entry FitSection(const FitVerdict& v, const Hardware& hw) {
  std::vector<Entry> c;
  const Phrase on = Amount(v.gpus) + " x " + hw.id;
  Phrase verdict;
  if (v.fits) {
    verdict = "fits " + on + ": " + Amount(v.peak_bytes, Unit::kBytes) + " of " +
              Amount(v.memory_bytes, Unit::kBytes) + ", " + Amount(v.headroom_bytes, Unit::kBytes) +
              " headroom after the reserve";
  } else if (v.on_given) {
    verdict = "does not fit as laid out; fits " + on + " as " + LayoutShort(v.on_given->layout) +
              ", " + Amount(v.on_given->memory.peak_bytes, Unit::kBytes) + " of " +
              Amount(v.memory_bytes, Unit::kBytes);
  } else if (v.needs) {
    verdict = "does not fit " + on + "; needs " + Amount(v.needs->gpus) + " x " + hw.id + ": " +
              LayoutShort(v.needs->layout) + ", " +
              Amount(v.needs->memory.peak_bytes, Unit::kBytes) + " of " +
              Amount(v.memory_bytes, Unit::kBytes);
  } else {
    verdict = "does not fit " + on + ", nor any count up to the search bound";
  }
  c.push_back(TextOnly(Leaf("verdict", "Verdict", std::vector<Phrase>{verdict})));
  AddLeaf(&c, "fits", "Fits", v.fits);
  AddLeaf(&c, "gpus", "GPUs", v.gpus);
  AddLeaf(&c, "memory_bytes", "Memory per GPU", v.memory_bytes, Unit::kBytes);
  AddLeaf(&c, "reserve_bytes", "Reserve", v.reserve_bytes, Unit::kBytes,
          "(CUDA context + allocator fragmentation; default max(2 GiB, 5%); --reserve)");
  AddLeaf(&c, "usable_bytes", "Usable", v.usable_bytes, Unit::kBytes);
  AddLeaf(&c, "peak_bytes", "Peak", v.peak_bytes, Unit::kBytes);
  AddLeaf(&c, "headroom_bytes", "Headroom", v.headroom_bytes, Unit::kBytes,
          "(usable - peak; negative: short by that much)");
  if (v.on_given) {
    c.push_back(
        FitLayoutSection("fitting_layout", "Smallest layout that fits", *v.on_given, hw, v));
  }
  if (v.needs) {
    c.push_back(FitLayoutSection("needs", "Needs", *v.needs, hw, v));
  }
  if (!v.fits) {
    std::vector<Entry> alts;
    for (const FitLayout& a : v.alternatives) {
      std::string key(FineTuneName(a.layout.finetune));
      if (a.layout.offload != Offload::kNone) {
        key += "_offload_" + std::string(OffloadName(a.layout.offload));
      }
      alts.push_back(FitLayoutSection(key, a.method, a, hw, v));
    }
    Entry section = Section(
        "alternatives",
        "Cheaper alternatives on " + std::to_string(v.gpus) + (v.gpus == 1 ? " GPU" : " GPUs"),
        std::move(alts));
    if (v.alternatives.empty()) {
      section.value = std::vector<Phrase>{Phrase("none fits")};
    }
    c.push_back(std::move(section));
  }
  return Section("fit", "Fit", std::move(c));
}

}  // namespace

Report TrainingMemoryReportHead(const TrainingMemoryOptions& options,
                                const SequenceLengthChoice& sequence, const Hardware* hardware) {
  Report r;
  r.title = "Training Memory per GPU";
  r.items_key = "models";
  const Phrase peak =
      options.framework == Framework::kHf
          ? Phrase(
                "Peak = weights + gradients + optimizer states (summed) + the fullest moment of "
                "the step: at the start of backward at the loss, the saved activations + logits "
                "+ the loss's buffers; or at the optimizer step, AdamW's temporaries; not "
                "counted: communication buffers, fragmentation, CUDA context. Binary prefixes "
                "(GiB).")
          : Phrase(
                "Peak = weights + gradients + optimizer states (summed) + saved activations of "
                "the in-flight micro-batches (1F1B) + logits; not counted: communication "
                "buffers, fragmentation, CUDA context. Binary prefixes (GiB).");
  r.header = {WorkloadText(options), SequenceLengthLine(sequence, "Sequence length"),
              "Layout: " + LayoutText(options) + ".", peak};
  if (std::optional<Phrase> paged = PagedOptimizerNote(options)) {
    r.header.push_back(std::move(*paged));
  }
  if (hardware != nullptr) {
    r.header.push_back("Accelerator: " + HardwareText(*hardware));
  }
  r.charts.push_back(EmptyMemoryChart("Layout: " + LayoutText(options), hardware));
  return r;
}

Entry TrainingMemoryReportItem(const TrainingMemoryItem& it, const Hardware* hardware) {
  Entry item;
  AddIdentity(it.arch, &item);
  AddBeyondPositions(it.arch, it.memory.seq_len, &item);
  item.children.push_back(MemorySection(it.memory, "Memory per GPU"));
  if (it.fit && hardware != nullptr) {
    item.children.push_back(FitSection(*it.fit, *hardware));
  }
  return item;
}

void AddTrainingMemoryToCharts(const TrainingMemoryItem& it, Report* report) {
  AddMemoryBar(it.arch.name, it.memory, report);
}

Report BuildTrainingMemoryReport(const std::vector<TrainingMemoryItem>& items,
                                 const TrainingMemoryOptions& options,
                                 const SequenceLengthChoice& sequence, const Hardware* hardware) {
  Report r = TrainingMemoryReportHead(options, sequence, hardware);
  for (const TrainingMemoryItem& it : items) {
    r.items.push_back(TrainingMemoryReportItem(it, hardware));
    AddTrainingMemoryToCharts(it, &r);
  }
  return r;
}

namespace {

constexpr int64_t kFirstChartContext = 512;
constexpr MarkerShape kModelShapes[] = {MarkerShape::kCircle,   MarkerShape::kSquare,
                                        MarkerShape::kTriangle, MarkerShape::kDiamond,
                                        MarkerShape::kCross,    MarkerShape::kStar};

// first, 2 first, 4 first, ... below last, then last itself (empty when last < 1).
std::vector<int64_t> PowersOfTwoUpTo(int64_t first, int64_t last) {
  std::vector<int64_t> out;
  for (int64_t v = std::min(first, last); v >= 1 && v < last; v *= 2) {
    out.push_back(v);
  }
  if (last >= 1) {
    out.push_back(last);
  }
  return out;
}

MarkerShape ShapeOf(size_t model) {
  return kModelShapes[model % std::size(kModelShapes)];
}

// Serving at another context or batch, through the same analyses as the report's numbers;
// nullopt where they refuse it.
std::optional<ServingEstimate> ServeAt(const ServingItem& it, const ServingOptions& base,
                                       int64_t context, int64_t batch, const Hardware* hardware) {
  ServingOptions o = base;
  o.context = context;
  o.batch = batch;
  FlopsOptions f;
  f.seq_len = context;
  Result<FlopsEstimate> flops = EstimateFlops(it.arch, it.params, f);
  if (!flops.ok()) {
    return std::nullopt;
  }
  Result<ServingEstimate> s = EstimateServing(it.arch, it.params, *flops, o, hardware);
  if (!s.ok()) {
    return std::nullopt;
  }
  return *s;
}

// Weights + KV cache of the workload's batch against the context (powers of two up to each
// model's position table), the workload's context marked, the GPU's memory as a line.
LineChart EmptyMemoryAgainstContext(const ServingOptions& o, const Hardware* hardware) {
  LineChart chart;
  chart.title = "Serving memory against context";
  chart.subtitle = "weights + KV cache for a batch of " + Amount(o.batch) + ", weights " +
                   WeightFormatName(o.weights) + ", KV cache " + std::string(DTypeName(o.kv_cache));
  chart.x_label = "context (tokens per sequence)";
  chart.y_label = "memory";
  chart.x_unit = Unit::kCount;
  chart.y_unit = Unit::kBytes;
  chart.y_from_zero = true;
  if (hardware != nullptr) {
    chart.rules.push_back({ChartRule::Axis::kY, static_cast<double>(hardware->memory_bytes),
                           hardware->name + ": " + Amount(hardware->memory_bytes, Unit::kBytes),
                           -1});
  }
  return chart;
}

void AddMemoryAgainstContext(const ServingItem& it, size_t i, const ServingOptions& o,
                             LineChart* chart) {
  ChartSeries series;
  series.name = it.arch.name;
  series.colour = static_cast<int>(i);
  const int64_t last = std::max(it.arch.max_position_embeddings, it.serving.context);
  for (int64_t c : PowersOfTwoUpTo(kFirstChartContext, last)) {
    if (std::optional<ServingEstimate> s = ServeAt(it, o, c, it.serving.batch, nullptr)) {
      series.points.push_back({static_cast<double>(c), static_cast<double>(s->total_bytes)});
    }
  }
  if (!series.points.empty()) {
    chart->series.push_back(std::move(series));
  }
  chart->markers.push_back(
      {it.arch.name + " at " + Amount(it.serving.context) + " tokens",
       {static_cast<double>(it.serving.context), static_cast<double>(it.serving.total_bytes)},
       ShapeOf(i),
       static_cast<int>(i)});
}

// Decode tokens/s of the whole batch against the batch, up to the largest batch that fits
// (a vertical line per model at its limit).
LineChart EmptyThroughputAgainstBatch(const Hardware& hardware) {
  LineChart chart;
  chart.title = "Decode throughput against batch on " + hardware.name;
  chart.subtitle = "bandwidth-bound decode: bytes read per step / " +
                   Amount(hardware.memory_bandwidth_bytes_per_s, Unit::kBytesRate) +
                   "; each curve ends where the KV cache no longer fits";
  chart.x_label = "batch (concurrent sequences)";
  chart.y_label = "decode throughput, whole batch";
  chart.x_unit = Unit::kCount;
  chart.y_unit = Unit::kTokensPerSecond;
  chart.y_from_zero = true;
  return chart;
}

void AddThroughputAgainstBatch(const ServingItem& it, size_t i, const ServingOptions& o,
                               const Hardware& hardware, LineChart* chart) {
  const int64_t limit = it.serving.max_sequences.value_or(0);
  ChartSeries series;
  series.name = it.arch.name + " at " + Amount(it.serving.context) + " tokens";
  series.colour = static_cast<int>(i);
  for (int64_t b : PowersOfTwoUpTo(1, limit)) {
    std::optional<ServingEstimate> s = ServeAt(it, o, it.serving.context, b, &hardware);
    if (s && s->decode_time_per_token_s && *s->decode_time_per_token_s > 0) {
      series.points.push_back(
          {static_cast<double>(b), static_cast<double>(b) / *s->decode_time_per_token_s});
    }
  }
  if (series.points.empty()) {
    return;  // the weights alone do not fit
  }
  chart->series.push_back(std::move(series));
  chart->rules.push_back({ChartRule::Axis::kX, static_cast<double>(limit),
                          it.arch.name + ": at most " + Amount(limit) + " sequences fit",
                          static_cast<int>(i)});
}

}  // namespace

Report ServingReportHead(const ServingOptions& options, const Hardware* hardware,
                         const SequenceLengthChoice& sequence) {
  Report r;
  r.title = "Serving Memory and Speed";
  r.items_key = "models";
  r.header = {
      "Workload: batch " + Amount(options.batch) +
          (options.batch == 1 ? " sequence, KV cache " : " sequences, KV cache ") +
          std::string(DTypeName(options.kv_cache)) +
          "; weights as --weights-format says, else as the config's quantization_config, else "
          "bf16 (each model's Weights line names it).",
      SequenceLengthLine(sequence, "Context (prompt + output)"),
      "Layout: tp " + Amount(options.tp) + ", pp " + Amount(options.pp) +
          " (vLLM: KV heads split across tp ranks, layers across pp stages).",
      "KV cache per token: 2 L k d_h bytes over the L attention layers (MLA: (r_kv + d_r) L); "
      "sliding-window and chunked layers keep at most their window or chunk (the steady decode "
      "figure: vLLM's scheduler reserves a window - 1 + max_num_batched_tokens or a chunk + "
      "max_num_batched_tokens per request, and llmcost's block count takes every layer in "
      "full), linear-attention and state-space layers a fixed state, kept in 16 bits whatever "
      "the KV dtype (vLLM's --mamba-cache-dtype auto). "
      "Binary prefixes (GiB)."};
  if (hardware != nullptr) {
    r.header.push_back("Accelerator: " + HardwareText(*hardware));
    r.header.push_back("KV cache as vLLM sizes it: total_gpu_memory x gpu_memory_utilization " +
                       Amount(options.gpu_memory_utilization, Unit::kShortest) +
                       " - (weights per rank + non-torch memory + activation peak), in blocks of " +
                       Amount(options.block_size) +
                       " tokens; profiling with max_num_batched_tokens " +
                       Amount(options.max_num_batched_tokens) + ", max_num_seqs " +
                       Amount(options.max_num_seqs) + ".");
    r.header.push_back("Rooflines at MBU " + Amount(options.mbu, Unit::kShortest) + " and MFU " +
                       Amount(options.mfu, Unit::kShortest) +
                       " (1 = the hardware bound): decode = max(bytes read / (tp x bandwidth x "
                       "MBU), FLOPs / (tp x peak x MFU)); prefill likewise; no speeds for a "
                       "layout that does not fit.");
  }
  r.charts.push_back(EmptyMemoryAgainstContext(options, hardware));
  if (hardware != nullptr) {
    r.charts.push_back(EmptyThroughputAgainstBatch(*hardware));
  }
  return r;
}

void AddServingToCharts(const ServingItem& it, const ServingOptions& options,
                        const Hardware* hardware, Report* report) {
  if (report->charts.empty()) {
    return;
  }
  auto* memory = std::get_if<LineChart>(&report->charts[0]);
  if (memory == nullptr) {
    return;
  }
  const size_t index = memory->markers.size();
  AddMemoryAgainstContext(it, index, options, memory);
  if (hardware != nullptr && report->charts.size() > 1) {
    if (auto* throughput = std::get_if<LineChart>(&report->charts[1])) {
      AddThroughputAgainstBatch(it, index, options, *hardware, throughput);
    }
  }
}

Entry ServingReportItem(const ServingItem& it, const Hardware* /*hardware*/) {
  {
    const ServingEstimate& s = it.serving;
    Entry item;
    AddIdentity(it.arch, &item);
    AddBeyondPositions(it.arch, s.context, &item);
    std::vector<Entry> c;
    AddLeaf(&c, "weights_bytes", "Weights", s.weights_bytes, Unit::kBytes,
            "(" + Amount(it.total_params, Unit::kCount) + " parameters, " +
                WeightFormatName(s.weights_format) + ")");
    AddLeaf(&c, "kv_cache_bytes_per_token", "KV cache per token", s.kv_cache_bytes_per_token,
            Unit::kBytes,
            it.arch.is_encoder_decoder()
                ? "(decoder self-attention + cross-attention over an encoder input as "
                  "long as the context; encoder layers cache nothing)"
                : "");
    AddLeaf(&c, "kv_cache_bytes_per_sequence", "KV cache per sequence",
            s.kv_cache_bytes_per_sequence, Unit::kBytes, "(" + Amount(s.context) + " tokens)");
    if (s.recurrent_state_bytes > 0) {
      c.push_back(
          Leaf("recurrent_state_bytes", "of which recurrent state", s.recurrent_state_bytes,
               Unit::kBytes,
               "(linear-attention and state-space layers; does not grow with the context)"));
    }
    AddLeaf(&c, "kv_cache_bytes", "KV cache", s.kv_cache_bytes, Unit::kBytes,
            "(batch " + Amount(s.batch) + ")");
    AddLeaf(&c, "total_bytes", "Total", s.total_bytes, Unit::kBytes);
    AddLeaf(&c, "context", "Context", s.context);
    AddLeaf(&c, "batch", "Batch", s.batch);
    AddLeaf(&c, "weights_bytes_per_rank", "Weights per rank", s.weights_bytes_per_rank,
            Unit::kBytes, "(largest pipeline stage / tp)");
    AddLeaf(&c, "kv_cache_bytes_per_token_per_rank", "KV cache per token per rank",
            s.kv_cache_bytes_per_token_per_rank, Unit::kBytes);
    item.children.push_back(Section("memory", "Memory", std::move(c)));

    if (s.vllm) {
      const VllmKvCache& v = *s.vllm;
      std::vector<Entry> k;
      AddLeaf(&k, "total_gpu_memory", "total_gpu_memory", v.total_gpu_memory, Unit::kBytes,
              "(what the framework sees)");
      AddLeaf(&k, "requested_memory", "the current vLLM instance can use", v.requested_memory,
              Unit::kBytes, "(x " + Amount(v.gpu_memory_utilization, Unit::kShortest) + ")");
      AddLeaf(&k, "model_weights", "model weights take", v.model_weights, Unit::kBytes);
      AddLeaf(&k, "non_torch_memory", "non_torch_memory", v.non_torch_memory, Unit::kBytes,
              v.non_torch_estimated ? "(default, vLLM PR #10511 logs)" : "(given)");
      AddLeaf(&k, "activation_peak", "PyTorch activation peak memory", v.activation_peak,
              Unit::kBytes, v.activation_estimated ? "(estimated)" : "(given)");
      AddLeaf(&k, "available_kv_cache_memory", "available_kv_cache_memory",
              v.available_kv_cache_memory, Unit::kBytes);
      if (v.recurrent_state_per_request > 0) {
        AddLeaf(&k, "recurrent_state_per_request", "recurrent state per request",
                v.recurrent_state_per_request, Unit::kBytes,
                "(linear-attention and state-space layers; held beside each request's "
                "blocks)");
      }
      AddLeaf(&k, "num_gpu_blocks", "# GPU blocks", v.num_gpu_blocks);
      k.push_back(
          Leaf("kv_cache_tokens", "GPU KV cache size", v.kv_cache_tokens, Unit::kNone, "tokens"));
      AddLeaf(&k, "max_concurrency", "Maximum concurrency", v.max_concurrency, Unit::kRatio,
              "x for " + Amount(v.max_model_len) + " tokens per request");
      Phrase why;
      if (!v.fits && v.available_kv_cache_memory <= 0) {
        why = "(weights, non-torch memory and activations exceed the " +
              Amount(v.requested_memory, Unit::kBytes) + " vLLM may use)";
      } else if (!v.fits) {
        why = "(one " + Amount(v.max_model_len) + "-token request needs " +
              Amount(v.kv_cache_needed_for_one_request, Unit::kBytes) +
              (v.recurrent_state_per_request > 0 ? " of KV cache and recurrent state)"
                                                 : " of KV cache)");
      }
      AddLeaf(&k, "fits", "Fits", v.fits, Unit::kNone, why);
      if (s.smallest_fitting_tp) {
        AddLeaf(&k, "smallest_fitting_tp", "Smallest tp that fits", *s.smallest_fitting_tp,
                Unit::kNone, "(same pp and settings)");
      }
      item.children.push_back(Section("vllm", "vLLM KV cache (per rank)", std::move(k)));
    }

    std::vector<Entry> speed;
    AddLeaf(&speed, "decode_bytes_per_step", "Bytes read per decode step", s.decode_bytes_per_step,
            Unit::kBytes);
    if (it.arch.is_moe()) {
      AddLeaf(&speed, "expected_experts_read", "Experts read per MoE layer",
              s.expected_experts_read, Unit::kRatio, "(expected, uniform routing)");
    }
    AddLeaf(&speed, "prefill_flops", "Prefill FLOPs", s.prefill_flops, Unit::kFlops);
    if (s.max_sequences) {
      AddLeaf(&speed, "max_sequences", "Max concurrent sequences", *s.max_sequences, Unit::kNone,
              "(of " + Amount(s.vllm->max_model_len) + " tokens)");
      AddLeaf(&speed, "time_to_first_token_s", "Time to first token", *s.time_to_first_token_s,
              Unit::kSeconds, "(one prompt of " + Amount(s.context) + " tokens)");
      if (s.decode_time_per_token_s) {
        AddLeaf(&speed, "decode_time_per_token_s", "Time per output token",
                *s.decode_time_per_token_s, Unit::kSeconds, "(per sequence)");
        AddLeaf(&speed, "decode_tokens_per_s", "Decode tokens/s",
                static_cast<double>(s.batch) / *s.decode_time_per_token_s, Unit::kTokensPerSecond,
                "(whole batch)");
      } else {
        AddLeaf(&speed, "decode_time_per_token_s", "Time per output token",
                std::string("batch exceeds the maximum concurrency"));
      }
      AddLeaf(&speed, "prefill_time_s", "Prefill time", *s.prefill_time_s, Unit::kSeconds,
              "(whole batch)");
      std::vector<Entry> points;
      for (const ThroughputPoint& p : s.throughput) {
        points.push_back(
            Section("batch_" + std::to_string(p.batch), "Batch " + std::to_string(p.batch),
                    {Leaf("batch", "Batch", p.batch),
                     Leaf("time_per_output_token_s", "Time per output token",
                          p.time_per_output_token_s, Unit::kSeconds),
                     Leaf("tokens_per_s", "Tokens/s", p.tokens_per_s, Unit::kRatio),
                     Leaf("bound", "Bound", std::string(p.compute_bound ? "compute" : "memory"))}));
      }
      speed.push_back(Section("throughput", "Throughput against batch size", std::move(points)));
    } else if (s.fits) {
      AddLeaf(&speed, "speeds", "Speeds", std::string("none: the layout does not fit"));
    }
    item.children.push_back(Section("speed", "Speed", std::move(speed)));
    return item;
  }
}

Report BuildServingReport(const std::vector<ServingItem>& items, const ServingOptions& options,
                          const Hardware* hardware, const SequenceLengthChoice& sequence) {
  Report r = ServingReportHead(options, hardware, sequence);
  for (const ServingItem& it : items) {
    r.items.push_back(ServingReportItem(it, hardware));
    AddServingToCharts(it, options, hardware, &r);
  }
  return r;
}

Report TrainingCostReportHead(const TrainingMemoryOptions& layout,
                              const TrainingCostOptions& options, const Hardware& hardware,
                              const SequenceLengthChoice& sequence) {
  Report r;
  r.title = "Training Time and Cost";
  r.items_key = "models";
  Phrase money =
      "PUE " + Amount(options.pue, Unit::kShortest) + " (energy = GPU-hours x board power x PUE)";
  money += options.grid_gco2_per_kwh
               ? ", grid " + Amount(*options.grid_gco2_per_kwh, Unit::kShortest) + " gCO2/kWh"
               : Phrase(", no grid intensity given (no CO2; --grid-gco2-per-kwh)");
  if (!options.price_usd_per_gpu_hour && !hardware.price_usd_per_gpu_hour) {
    money += ", no price (--price-per-gpu-hour)";
  }
  r.header = {"Accelerator: " + Amount(options.gpus) + " x " + HardwareText(hardware),
              "MFU " + Amount(options.mfu, Unit::kPercent) + " of the dense " +
                  (options.precision == TrainingPrecision::kFp8Mixed ? "FP8" : "BF16") +
                  " peak; time = training FLOPs / (GPUs x peak x MFU).",
              std::string("Training FLOPs = 3 x exact forward FLOPs per token (causal attention) "
                          "x tokens; without --tokens, 20 tokens per parameter (Hoffmann et al. "
                          "2022)."),
              money + ".",
              WorkloadText(layout),
              SequenceLengthLine(sequence, "Sequence length"),
              "Layout: " + LayoutText(layout) + "."};
  if (std::optional<Phrase> paged = PagedOptimizerNote(layout)) {
    r.header.push_back(std::move(*paged));
  }
  r.charts.push_back(EmptyMemoryChart("Layout: " + LayoutText(layout), &hardware));
  return r;
}

void AddTrainingCostToCharts(const TrainingCostItem& it, Report* report) {
  AddMemoryBar(it.arch.name, it.memory, report);
}

Entry TrainingCostReportItem(const TrainingCostItem& it, const Hardware& hardware) {
  {
    const TrainingCostEstimate& c = it.cost;
    Entry item;
    AddIdentity(it.arch, &item);
    AddBeyondPositions(it.arch, it.memory.seq_len, &item);
    std::vector<Entry> run;
    AddLeaf(&run, "tokens", "Tokens", c.tokens, Unit::kCount,
            c.tokens_from_rule ? "(20 tokens per parameter: compute-optimal rule)" : "(--tokens)");
    AddLeaf(&run, "flops_per_token", "Training FLOPs per token", c.flops_per_token, Unit::kFlops,
            "(3x forward)");
    AddLeaf(&run, "total_flops", "Training FLOPs", c.total_flops, Unit::kFlops);
    AddLeaf(&run, "mfu", "MFU", c.mfu, Unit::kPercent);
    AddLeaf(&run, "wall_clock_s", "Wall-clock time", c.wall_clock_s, Unit::kSeconds);
    AddLeaf(&run, "gpu_hours", "GPU-hours", c.gpu_hours, Unit::kHours);
    if (c.cost_usd) {
      run.push_back(
          Leaf("cost_usd", "Cost", *c.cost_usd, Unit::kUsd,
               "(at $" + Amount(*c.price_usd_per_gpu_hour, Unit::kShortest) + "/GPU-hour)"));
    }
    if (c.energy_kwh) {
      AddLeaf(&run, "energy_kwh", "Energy", *c.energy_kwh, Unit::kKwh);
    }
    if (c.co2_kg) {
      AddLeaf(&run, "co2_kg", "CO2e", *c.co2_kg, Unit::kKilogramsCo2);
    }
    item.children.push_back(Section("run", "Run", std::move(run)));
    item.children.push_back(MemorySection(it.memory, "Memory per GPU"));
    item.children.push_back(FitSection(it.fit, hardware));
    return item;
  }
}

Report BuildTrainingCostReport(const std::vector<TrainingCostItem>& items,
                               const TrainingMemoryOptions& layout,
                               const TrainingCostOptions& options, const Hardware& hardware,
                               const SequenceLengthChoice& sequence) {
  Report r = TrainingCostReportHead(layout, options, hardware, sequence);
  for (const TrainingCostItem& it : items) {
    r.items.push_back(TrainingCostReportItem(it, hardware));
    AddTrainingCostToCharts(it, &r);
  }
  return r;
}

Report BuildHardwareReport(const std::vector<Hardware>& table) {
  Report r;
  r.title = "Accelerators";
  r.items_key = "accelerators";
  r.header = {
      "Dense peaks (no sparsity); memory in binary prefixes, bandwidth decimal. Each "
      "number's source is in the JSON output (sources) and data/hardware.json."};
  BarChart compute;
  compute.title = "Dense peak compute";
  compute.subtitle = "no sparsity; FP8 where the accelerator has it";
  compute.value_label = "FLOP/s";
  compute.unit = Unit::kFlopRate;
  compute.parts = {"BF16 dense", "FP8 dense (beyond BF16)"};
  compute.values.assign(2, {});
  BarChart memory;
  memory.title = "Memory per accelerator";
  memory.subtitle = "HBM capacity (binary prefixes)";
  memory.value_label = "memory per accelerator";
  memory.unit = Unit::kBytes;
  memory.parts = {"Memory"};
  memory.values.assign(1, {});
  for (const Hardware& hw : table) {
    const std::string name = hw.name + " (" + hw.id + ")";
    compute.categories.push_back(name);
    compute.values[0].push_back(hw.peak_bf16_flops_per_s);
    compute.values[1].push_back(
        std::max(0.0, hw.peak_fp8_flops_per_s.value_or(0) - hw.peak_bf16_flops_per_s));
    memory.categories.push_back(name);
    memory.values[0].push_back(static_cast<double>(hw.memory_bytes));
  }
  if (!table.empty()) {
    r.charts.push_back(std::move(compute));
    r.charts.push_back(std::move(memory));
  }
  for (const Hardware& hw : table) {
    Entry item;
    item.key = hw.id;
    AddLeaf(&item.children, "id", "Id", hw.id);
    AddLeaf(&item.children, "name", "Name", hw.name);
    item.children.push_back(MachineLeaf("vendor", hw.vendor));
    item.children.push_back(MachineLeaf("aliases", Lines(hw.aliases)));
    item.children.push_back(
        Leaf("peak_bf16_flops_per_s", "BF16 dense", hw.peak_bf16_flops_per_s, Unit::kFlopRate));
    if (hw.peak_fp8_flops_per_s) {
      item.children.push_back(
          Leaf("peak_fp8_flops_per_s", "FP8 dense", *hw.peak_fp8_flops_per_s, Unit::kFlopRate));
    }
    AddLeaf(&item.children, "memory_bytes", "Memory", hw.memory_bytes, Unit::kBytes);
    if (hw.usable_memory_bytes) {
      item.children.push_back(
          Leaf("usable_memory_bytes", "Usable memory", *hw.usable_memory_bytes, Unit::kBytes));
    }
    AddLeaf(&item.children, "memory_bandwidth_bytes_per_s", "Bandwidth",
            hw.memory_bandwidth_bytes_per_s, Unit::kBytesRate);
    if (hw.power_watts) {
      AddLeaf(&item.children, "power_watts", "Power", *hw.power_watts, Unit::kWatts);
    }
    if (hw.price_usd_per_gpu_hour) {
      item.children.push_back(
          Leaf("price_usd_per_gpu_hour", "Price per hour", *hw.price_usd_per_gpu_hour, Unit::kUsd));
    }
    AddLeaf(&item.children, "as_of", "As of", hw.as_of);
    std::vector<Entry> sources;
    for (const HardwareSource& s : hw.sources) {
      sources.push_back(MachineLeaf(s.field, s.citation));
    }
    Entry src = Section("sources", "Sources", std::move(sources));
    src.visibility = Visibility::kMachineOnly;
    item.children.push_back(std::move(src));
    r.items.push_back(std::move(item));
  }
  return r;
}

}  // namespace llmcost

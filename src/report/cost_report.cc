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
    item->children.push_back(Leaf("warnings", "Warnings", Lines({note})));
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

Phrase WorkloadText(const TrainingMemoryOptions& o) {
  // The sequence length has its own header line (SequenceLengthLine).
  return "Workload: micro-batch " + Amount(o.micro_batch) +
         (o.micro_batch == 1 ? " sequence, " : " sequences, ") +
         std::string(TrainingPrecisionName(o.precision)) +
         (o.precision == TrainingPrecision::kFp32 ? "" : " mixed precision") + ", " +
         std::string(OptimizerKindName(o.optimizer)) + ", flash attention " +
         (o.flash == FlashAttention::kOn ? "on" : "off") + ", dropout " +
         (o.dropout == Dropout::kOn ? "on" : "off") + ".";
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
  c.push_back(Leaf("peak_bytes", "Peak", m.peak_bytes, Unit::kBytes,
                   pipeline ? "(pipeline stage " + Amount(m.stage) + ", the fullest)" : Phrase()));
  c.push_back(Leaf("weights_bytes", "Weights", m.weights_bytes, Unit::kBytes));
  c.push_back(Leaf("gradients_bytes", "Gradients", m.gradients_bytes, Unit::kBytes));
  c.push_back(Leaf("optimizer_bytes", "Optimizer states", m.optimizer_bytes, Unit::kBytes,
                   "(master weights + moments)"));
  c.push_back(Leaf("activations_bytes", "Activations", m.activations_bytes, Unit::kBytes,
                   "(" + Amount(m.in_flight_micro_batches) +
                       (m.in_flight_micro_batches == 1 ? " micro-batch x " : " micro-batches x ") +
                       Amount(m.stage_layers) + " layers)"));
  c.push_back(Leaf("logits_bytes", "Logits + cross-entropy", m.logits_bytes, Unit::kBytes));
  std::vector<Entry> parts;
  for (const Component<int64_t>& part : m.breakdown) {
    parts.push_back(Leaf(part.name, part.name, part.value, Unit::kBytes));
  }
  c.push_back(Section("breakdown", "Breakdown", std::move(parts)));
  c.push_back(Leaf("layer_activation_bytes", "One layer's activations", m.layer_activations.total,
                   Unit::kBytes, "(largest layer, one micro-batch)"));
  c.push_back(Leaf("params_per_gpu", "Parameters per GPU", m.params_per_gpu, Unit::kCount,
                   "(before ZeRO-3 sharding)"));
  c.push_back(Leaf("gpus", "GPUs", m.gpus));
  c.push_back(Leaf("seq_len", "Sequence length", m.seq_len));
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

}  // namespace

Report TrainingMemoryReportHead(const TrainingMemoryOptions& options,
                                const SequenceLengthChoice& sequence, const Hardware* hardware) {
  Report r;
  r.title = "Training Memory per GPU";
  r.items_key = "models";
  r.header = {WorkloadText(options), SequenceLengthLine(sequence, "Sequence length"),
              "Layout: " + LayoutText(options) + ".",
              "Peak = weights + gradients + optimizer states (summed) + saved activations of the "
              "in-flight micro-batches (1F1B) + logits; not counted: communication buffers, "
              "fragmentation, CUDA context. Binary prefixes (GiB)."};
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
  Entry memory = MemorySection(it.memory, "Memory per GPU");
  if (hardware != nullptr) {
    memory.children.insert(
        memory.children.begin() + 1,
        Leaf("fits", "Fits", it.memory.peak_bytes <= hardware->memory_bytes, Unit::kNone,
             "(" + Amount(hardware->memory_bytes, Unit::kBytes) + " per GPU)"));
  }
  item.children.push_back(std::move(memory));
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
                   std::string(DTypeName(o.weights)) + ", KV cache " +
                   std::string(DTypeName(o.kv_cache));
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
          (options.batch == 1 ? " sequence, weights " : " sequences, weights ") +
          std::string(DTypeName(options.weights)) + ", KV cache " +
          std::string(DTypeName(options.kv_cache)) + ".",
      SequenceLengthLine(sequence, "Context (prompt + output)"),
      "KV cache per token: 2 L k d_h bytes (MLA: (r_kv + d_r) L); sliding-window layers keep at "
      "most their window. Binary prefixes (GiB)."};
  if (hardware != nullptr) {
    r.header.push_back("Accelerator: " + HardwareText(*hardware));
    r.header.push_back(
        "Decode is bandwidth-bound (bytes read per step / bandwidth); prefill is compute-bound "
        "at the dense peak (a lower bound).");
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

Entry ServingReportItem(const ServingItem& it, const Hardware* hardware) {
  {
    const ServingEstimate& s = it.serving;
    Entry item;
    AddIdentity(it.arch, &item);
    AddBeyondPositions(it.arch, s.context, &item);
    std::vector<Entry> c;
    c.push_back(Leaf("weights_bytes", "Weights", s.weights_bytes, Unit::kBytes,
                     "(" + Amount(it.total_params, Unit::kCount) + " parameters)"));
    c.push_back(Leaf("kv_cache_bytes_per_token", "KV cache per token", s.kv_cache_bytes_per_token,
                     Unit::kBytes));
    c.push_back(Leaf("kv_cache_bytes_per_sequence", "KV cache per sequence",
                     s.kv_cache_bytes_per_sequence, Unit::kBytes,
                     "(" + Amount(s.context) + " tokens)"));
    c.push_back(Leaf("kv_cache_bytes", "KV cache", s.kv_cache_bytes, Unit::kBytes,
                     "(batch " + Amount(s.batch) + ")"));
    c.push_back(Leaf("total_bytes", "Total", s.total_bytes, Unit::kBytes));
    c.push_back(Leaf("context", "Context", s.context));
    c.push_back(Leaf("batch", "Batch", s.batch));
    item.children.push_back(Section("memory", "Memory", std::move(c)));

    std::vector<Entry> speed;
    speed.push_back(Leaf("decode_bytes_per_step", "Bytes read per decode step",
                         s.decode_bytes_per_step, Unit::kBytes));
    if (it.arch.is_moe()) {
      speed.push_back(Leaf("expected_experts_read", "Experts read per MoE layer",
                           s.expected_experts_read, Unit::kRatio, "(expected, uniform routing)"));
    }
    speed.push_back(Leaf("prefill_flops", "Prefill FLOPs", s.prefill_flops, Unit::kFlops));
    if (hardware != nullptr) {
      speed.push_back(Leaf("fits", "Fits", *s.fits));
      speed.push_back(Leaf("max_sequences", "Max concurrent sequences", *s.max_sequences,
                           Unit::kNone, "(of " + Amount(s.context) + " tokens)"));
      speed.push_back(Leaf("decode_time_per_token_s", "Time per output token",
                           *s.decode_time_per_token_s, Unit::kSeconds, "(per sequence)"));
      speed.push_back(Leaf("decode_tokens_per_s", "Decode throughput",
                           static_cast<double>(s.batch) / *s.decode_time_per_token_s,
                           Unit::kTokensPerSecond, "(whole batch)"));
      speed.push_back(Leaf("prefill_time_s", "Prefill time", *s.prefill_time_s, Unit::kSeconds,
                           "(whole batch)"));
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
    run.push_back(Leaf(
        "tokens", "Tokens", c.tokens, Unit::kCount,
        c.tokens_from_rule ? "(20 tokens per parameter: compute-optimal rule)" : "(--tokens)"));
    run.push_back(Leaf("flops_per_token", "Training FLOPs per token", c.flops_per_token,
                       Unit::kFlops, "(3x forward)"));
    run.push_back(Leaf("total_flops", "Training FLOPs", c.total_flops, Unit::kFlops));
    run.push_back(Leaf("mfu", "MFU", c.mfu, Unit::kPercent));
    run.push_back(Leaf("wall_clock_s", "Wall-clock time", c.wall_clock_s, Unit::kSeconds));
    run.push_back(Leaf("gpu_hours", "GPU-hours", c.gpu_hours, Unit::kHours));
    if (c.cost_usd) {
      run.push_back(
          Leaf("cost_usd", "Cost", *c.cost_usd, Unit::kUsd,
               "(at $" + Amount(*c.price_usd_per_gpu_hour, Unit::kShortest) + "/GPU-hour)"));
    }
    if (c.energy_kwh) {
      run.push_back(Leaf("energy_kwh", "Energy", *c.energy_kwh, Unit::kKwh));
    }
    if (c.co2_kg) {
      run.push_back(Leaf("co2_kg", "CO2e", *c.co2_kg, Unit::kKilogramsCo2));
    }
    item.children.push_back(Section("run", "Run", std::move(run)));
    Entry memory = MemorySection(it.memory, "Memory per GPU");
    const bool fits = it.memory.peak_bytes <= hardware.memory_bytes;
    memory.children.insert(memory.children.begin() + 1,
                           Leaf("fits", "Fits", fits, Unit::kNone,
                                "(" + Amount(hardware.memory_bytes, Unit::kBytes) + " per GPU)"));
    item.children.push_back(std::move(memory));
    if (!fits) {
      if (it.fitting_layout) {
        Entry suggestion =
            LayoutSection("fitting_layout", "Smallest layout that fits", *it.fitting_layout);
        suggestion.children.push_back(
            Leaf("peak_bytes", "Peak", it.fitting_memory->peak_bytes, Unit::kBytes));
        item.children.push_back(std::move(suggestion));
      } else {
        item.children.push_back(TextOnly(Leaf("fitting_layout", "Smallest layout that fits",
                                              std::string("none (more GPUs needed)"))));
      }
    }
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
    item.children.push_back(Leaf("id", "Id", hw.id));
    item.children.push_back(Leaf("name", "Name", hw.name));
    item.children.push_back(MachineLeaf("vendor", hw.vendor));
    item.children.push_back(MachineLeaf("aliases", Lines(hw.aliases)));
    item.children.push_back(
        Leaf("peak_bf16_flops_per_s", "BF16 dense", hw.peak_bf16_flops_per_s, Unit::kFlopRate));
    if (hw.peak_fp8_flops_per_s) {
      item.children.push_back(
          Leaf("peak_fp8_flops_per_s", "FP8 dense", *hw.peak_fp8_flops_per_s, Unit::kFlopRate));
    }
    item.children.push_back(Leaf("memory_bytes", "Memory", hw.memory_bytes, Unit::kBytes));
    item.children.push_back(Leaf("memory_bandwidth_bytes_per_s", "Bandwidth",
                                 hw.memory_bandwidth_bytes_per_s, Unit::kBytesRate));
    if (hw.power_watts) {
      item.children.push_back(Leaf("power_watts", "Power", *hw.power_watts, Unit::kWatts));
    }
    if (hw.price_usd_per_gpu_hour) {
      item.children.push_back(
          Leaf("price_usd_per_gpu_hour", "Price per hour", *hw.price_usd_per_gpu_hour, Unit::kUsd));
    }
    item.children.push_back(Leaf("as_of", "As of", hw.as_of));
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

// What the forward-analysis report shows, and in which order.
#include "llmcost/model_report.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>
#include <utility>

namespace llmcost {
namespace {

std::string PositionNote(const Architecture& a) {
  switch (a.position) {
    case PositionKind::kRotary:
      return "(RoPE)";
    case PositionKind::kAlibi:
      return "(ALiBi)";
    case PositionKind::kNone:
      return "(none)";
    case PositionKind::kLearned:
      return "(learned, " + std::to_string(a.learned_positions) + " positions)";
    case PositionKind::kRelativeBias:
      return "(relative attention bias, " + std::to_string(a.relative_buckets) + " buckets x " +
             std::to_string(a.num_heads) + " heads, " +
             (a.relative_bias_every_layer ? "in every layer)"
                                          : "in the first layer of each stack)");
  }
  return "";
}

std::string EmbeddingNote(const Architecture& a) {
  if (!a.output_head) {
    return "(input embedding; an encoder without an LM head)";
  }
  std::string note = a.tying == Tying::kTied ? "(input embedding, tied with the output head"
                                             : "(input + output, no tying";
  if (a.embedding_dim != a.hidden_size) {
    note += ", with project_in/project_out";
  }
  return note + ")";
}

std::string AttentionName(const Architecture& a) {
  if (!a.has_attention()) {
    return "none";
  }
  if (a.attention == AttentionKind::kMultiLatent) {
    return "MLA";
  }
  if (a.num_kv_heads == a.num_heads) {
    return "MHA";
  }
  return a.num_kv_heads == 1 ? "MQA" : "GQA";
}

// Share of `part` in `total`, as a note "(17.8%)" for people.
Entry PercentLeaf(Text key, Text label, double part, double total, bool people) {
  return Leaf(std::move(key), std::move(label), part, Unit::kFlops,
              people ? "(" + Amount(total > 0 ? part / total : 0, Unit::kPercent) + ")" : Phrase());
}

Entry TextOnly(Entry e) {
  e.visibility = Visibility::kTextOnly;
  return e;
}

// True when the layers are not all alike full attention with RoPE and one kind of FFN.
bool HasSchedule(const Architecture& a) {
  for (const LayerSpec& l : a.layers) {
    if (l.mixer != MixerKind::kFullAttention || !l.rope || l.moe != a.layers.front().moe ||
        l.encoder || l.cross_attention) {
      return true;
    }
  }
  return false;
}

// "48 layers: 36 linear attention + 12 full attention; MoE in every layer".
std::string ScheduleSummary(const Architecture& a) {
  std::vector<std::pair<std::string, int64_t>> mixers;
  int64_t no_rope = 0;
  int64_t moe = 0;
  int64_t no_ffn = 0;
  for (const LayerSpec& l : a.layers) {
    std::string name = MixerName(l.mixer);
    if (l.mixer == MixerKind::kSlidingWindow) {
      name += " " + std::to_string(l.sliding_window);
    } else if (l.mixer == MixerKind::kChunkedAttention) {
      name += " " + std::to_string(l.attention_chunk);
    }
    auto it =
        std::find_if(mixers.begin(), mixers.end(), [&](const auto& m) { return m.first == name; });
    if (it == mixers.end()) {
      mixers.emplace_back(name, 1);
    } else {
      ++it->second;
    }
    no_rope += IsSoftmaxAttention(l.mixer) && !l.rope ? 1 : 0;
    moe += l.moe ? 1 : 0;
    no_ffn += l.feed_forward ? 0 : 1;
  }
  const int64_t n = a.num_layers;
  std::string out = std::to_string(n) + " layers: ";
  int64_t encoder = 0;
  int64_t cross = 0;
  for (const LayerSpec& l : a.layers) {
    encoder += l.encoder ? 1 : 0;
    cross += l.cross_attention ? 1 : 0;
  }
  if (encoder > 0) {
    // "24 layers: 12 encoder (bidirectional) + 12 decoder (causal, with cross-attention); ..."
    out += std::to_string(encoder) + " encoder (bidirectional) + " + std::to_string(n - encoder) +
           " decoder (causal" + (cross == n - encoder ? ", with cross-attention)" : ")") + "; ";
  }
  for (size_t i = 0; i < mixers.size(); ++i) {
    out += (i > 0 ? " + " : "") + std::to_string(mixers[i].second) + " " + mixers[i].first;
  }
  if (no_rope > 0) {
    out += "; no RoPE in " + std::to_string(no_rope);
  }
  const int64_t dense = n - moe - no_ffn;
  if (no_ffn == n) {
    out += "; no feed-forward";
  } else if (moe == n) {
    out += "; MoE in every layer";
  } else if (moe == 0 && no_ffn == 0) {
    out += "; dense MLP in every layer";
  } else {
    out += "; MoE in " + std::to_string(moe) + ", dense MLP in " + std::to_string(dense);
    if (no_ffn > 0) {
      out += ", no feed-forward in " + std::to_string(no_ffn);
    }
  }
  return out;
}

// Key for a layer kind label: lowercase words joined by underscores ("linear_attention_moe").
std::string KindKey(const std::string& label) {
  std::string key;
  for (char ch : label) {
    if (std::isalnum(static_cast<unsigned char>(ch))) {
      key += ch;
    } else if (!key.empty() && key.back() != '_') {
      key += '_';
    }
  }
  return key;
}

// `people`: Readers::kPeople (report.h); for machines, labels, notes and text-only entries that
// cost more than a borrowed literal are left out.
Entry ArchitectureSection(const Architecture& a, bool people) {
  std::vector<Entry> c;
  c.reserve(24);
  if (people) {
    c.push_back(TextOnly(Leaf("source", "Source", a.source)));
  }
  AddLeaf(&c, "family", "Family", a.family);
  AddLeaf(&c, "hidden_size", "Hidden size", a.hidden_size);
  AddLeaf(&c, "num_layers", "Layers", a.num_layers);
  if (HasSchedule(a)) {
    AddLeaf(&c, "schedule", "Schedule", ScheduleSummary(a));
  }
  if (a.has_attention()) {
    AddLeaf(&c, "num_heads", "Heads", a.num_heads);
  }
  AddLeaf(&c, "attention", "Attention", AttentionName(a));
  if (!a.has_attention()) {
    // A state-space model (Mamba-2): no heads to show.
  } else if (a.attention == AttentionKind::kStandard) {
    AddLeaf(&c, "num_kv_heads", "KV heads", a.num_kv_heads);
    AddLeaf(&c, "head_dim", "Head dim", a.head_dim);
  } else {
    AddLeaf(&c, "q_lora_rank", "Q LoRA rank", a.mla.q_lora_rank);
    AddLeaf(&c, "kv_lora_rank", "KV LoRA rank", a.mla.kv_lora_rank);
    AddLeaf(&c, "qk_nope_head_dim", "QK nope head dim", a.mla.qk_nope_head_dim);
    AddLeaf(&c, "qk_rope_head_dim", "QK rope head dim", a.mla.qk_rope_head_dim);
    AddLeaf(&c, "v_head_dim", "V head dim", a.mla.v_head_dim);
  }
  if (a.has_linear_attention()) {
    const LinearAttentionShape& g = a.linear;
    AddLeaf(&c, "linear_attention", "Linear attention",
            "Gated DeltaNet, " + std::to_string(g.num_key_heads) + " key heads x " +
                std::to_string(g.key_head_dim) + ", " + std::to_string(g.num_value_heads) +
                " value heads x " + std::to_string(g.value_head_dim) + ", conv " +
                std::to_string(g.conv_kernel));
  }
  if (a.has_state_space()) {
    const StateSpaceShape& m = a.ssm;
    std::string shape = m.version == 2 ? "Mamba-2, " + std::to_string(m.heads) + " heads, " +
                                             std::to_string(m.groups) + " groups, "
                                       : "Mamba, dt rank " + std::to_string(m.dt_rank) + ", ";
    AddLeaf(&c, "state_space", "State space",
            shape + "inner " + std::to_string(m.inner) + ", state " + std::to_string(m.state) +
                ", conv " + std::to_string(m.conv_kernel));
  }
  if (a.vision.present()) {
    const VisionTower& v = a.vision;
    AddLeaf(&c, "vision", "Vision tower",
            std::to_string(v.num_layers) + " layers, width " + std::to_string(v.hidden_size) +
                ", patch " + std::to_string(v.patch_size) + " at " + std::to_string(v.image_size) +
                " px");
  }
  if (std::any_of(a.layers.begin(), a.layers.end(),
                  [](const LayerSpec& l) { return l.feed_forward; })) {
    AddLeaf(&c, "intermediate_size", "FFN size", a.intermediate_size, Unit::kNone,
            a.mlp == MlpKind::kGated ? "(gated)" : "(plain)");
  }
  if (a.is_moe()) {
    int64_t moe_layers = 0;
    for (const LayerSpec& l : a.layers) {
      moe_layers += l.moe ? 1 : 0;
    }
    AddLeaf(&c, "num_experts", "Routed experts", a.moe.num_experts);
    AddLeaf(&c, "top_k", "Experts per token", a.moe.top_k);
    AddLeaf(&c, "expert_ffn", "Expert FFN size", a.moe.expert_ffn);
    AddLeaf(&c, "num_shared_experts", "Shared experts", a.moe.num_shared_experts);
    AddLeaf(&c, "moe_layers", "MoE layers", moe_layers);
  }
  AddLeaf(&c, "vocab_size", "Vocab", a.vocab_size);
  AddLeaf(&c, "tie_word_embeddings", "Tied embeddings", a.tying == Tying::kTied);
  AddLeaf(&c, "max_position_embeddings", "Max positions", a.max_position_embeddings);
  Entry s = Section("architecture", "Model", std::move(c));
  s.value = a.name;  // the text headline "Model: <name>"
  return s;
}

Entry ParametersSection(const ModelAnalysis& m, bool people) {
  const Architecture& a = m.arch;
  const ParameterCount& p = m.params;
  std::vector<Entry> c;
  c.reserve(8);
  AddLeaf(&c, "total", "Total", p.total, Unit::kCount);
  // Dense models show active = total, so a comparison with MoE models reads row by row.
  AddLeaf(&c, "active", "Active", p.active, Unit::kCount,
          a.is_moe() ? Phrase("(per token)") : Phrase("(dense: every parameter)"));
  AddLeaf(&c, "embedding", "Embeddings", p.embedding, Unit::kCount,
          people ? Phrase(EmbeddingNote(a)) : Phrase());
  AddLeaf(&c, "transformer", "Transformer", p.transformer, Unit::kCount);
  AddLeaf(&c, "position", "Position", p.position, Unit::kCount,
          people ? Phrase(PositionNote(a)) : Phrase());
  Entry mtp =
      Leaf("mtp", "MTP modules", p.mtp, Unit::kCount, "(multi-token prediction, not in the total)");
  if (p.mtp == 0) {
    mtp.visibility = Visibility::kMachineOnly;
  }
  c.push_back(std::move(mtp));
  if (p.mlm_head > 0) {
    AddLeaf(&c, "mlm_head", "Masked-LM head", p.mlm_head, Unit::kCount,
            "(pre-training head, not in the total)");
  }
  if (p.encoder + p.decoder + p.cross_attention > 0) {
    c.push_back(
        Leaf("encoder", "Encoder", p.encoder, Unit::kCount, "(layers, final norm, relative bias)"));
    AddLeaf(&c, "decoder", "Decoder", p.decoder, Unit::kCount,
            "(self-attention and FFN layers, final norm, relative bias)");
    AddLeaf(&c, "cross_attention", "Cross-attention", p.cross_attention, Unit::kCount,
            "(decoder layers' cross-attention and its norms)");
  }
  if (p.vision_encoder + p.vision_projector > 0) {
    AddLeaf(&c, "vision", "Vision tower", p.vision_encoder + p.vision_projector, Unit::kCount,
            "(encoder + projector, in the total, not active)");
  }
  std::vector<Entry> parts;
  parts.reserve(p.breakdown.size());
  for (const Component<int64_t>& part : p.breakdown) {
    AddLeaf(&parts, part.name, people ? Text(part.name) : Text(), part.value, Unit::kCount);
  }
  c.push_back(Section("breakdown", "Breakdown", std::move(parts)));
  if (p.layer_kinds.size() > 1) {
    std::vector<Entry> kinds;
    for (const LayerKindCount& k : p.layer_kinds) {
      AddLeaf(&kinds, KindKey(k.kind),
              people ? Text(std::to_string(k.layers) + " x " + k.kind) : Text(), k.params,
              Unit::kCount);
    }
    c.push_back(Section("by_layer_kind", "By layer kind", std::move(kinds)));
  }
  return Section("parameters", "Parameters", std::move(c));
}

Entry ForwardFlopsSection(const ModelAnalysis& m, bool people) {
  const FlopsEstimate& f = m.flops;
  std::vector<Entry> c;
  c.reserve(8);
  const bool own_context = m.flops.seq_len == m.arch.pretraining_context;
  AddLeaf(
      &c, "seq_len", "Sequence length", f.seq_len, Unit::kNone,
      own_context ? Phrase("(the config's pre-training context)") : Phrase("(as in the header)"));
  AddLeaf(&c, "attention", "Attention convention",
          m.arch.causal ? std::string(AttentionConventionName(f.attention))
                        : std::string("bidirectional (encoder)"),
          Unit::kNone,
          people ? "(a query attends to " + Amount(f.mean_context, Unit::kShortest) +
                       " keys on average)"
                 : Phrase());
  AddLeaf(&c, "forward/total", "Total", f.forward, Unit::kFlops);
  c.push_back(PercentLeaf("forward/attention", "Attention",
                          f.attention_projections + f.attention_scores + f.attention_indexer +
                              f.cross_attention + f.linear_attention + f.state_space,
                          f.forward, people));
  c.push_back(PercentLeaf("forward/ffn", "FFN", f.ffn, f.forward, people));
  c.push_back(PercentLeaf("forward/lm_head", "LM head", f.lm_head, f.forward, people));
  std::vector<Entry> parts;
  parts.reserve(f.forward_breakdown.size());
  for (const Component<double>& part : f.forward_breakdown) {
    parts.push_back(
        PercentLeaf(part.name, people ? Text(part.name) : Text(), part.value, f.forward, people));
  }
  c.push_back(Section("forward/breakdown", "Breakdown", std::move(parts)));
  if (f.forward_by_layer_kind.size() > 1) {
    std::vector<Entry> kinds;
    for (const Component<double>& k : f.forward_by_layer_kind) {
      kinds.push_back(
          PercentLeaf(KindKey(k.name), people ? Text(k.name) : Text(), k.value, f.forward, people));
    }
    c.push_back(Section("forward/by_layer_kind", "By layer kind", std::move(kinds)));
  }
  return Section("flops_per_token", "FLOPs per Token (forward)", std::move(c));
}

Entry TrainingFlopsSection(const ModelAnalysis& m) {
  const FlopsEstimate& f = m.flops;
  std::vector<Entry> c;
  c.reserve(4);
  AddLeaf(&c, "training", "Model FLOPs", f.training, Unit::kFlops, "(3x forward)");
  AddLeaf(&c, "training_with_recompute", "With full recomputation", f.training_with_recompute,
          Unit::kFlops, "(4x forward)");
  Entry mtp = Leaf("mtp_forward", "MTP modules (forward)", f.mtp_forward, Unit::kFlops,
                   "(not in the totals)");
  if (f.mtp_forward == 0) {
    mtp.visibility = Visibility::kMachineOnly;
  }
  c.push_back(std::move(mtp));
  const ConventionFlops& k = f.conventions;
  // Moved in one by one: an initializer list would copy every entry.
  std::vector<Entry> others;
  others.reserve(5);
  AddLeaf(&others, "six_n", "6N", k.six_n, Unit::kFlops, "(N = active parameters)");
  others.push_back(
      Leaf("kaplan", "Kaplan", k.kaplan, Unit::kFlops, "(6N non-embedding + 6 L s d_attn)"));
  AddLeaf(&others, "chinchilla", "Chinchilla", k.chinchilla, Unit::kFlops,
          "(App. F: embeddings, softmax, full attention)");
  AddLeaf(&others, "palm", "PaLM", k.palm, Unit::kFlops, "(6N + 12 L H Q T)");
  others.push_back(
      Leaf("megatron", "Megatron-LM", k.megatron, Unit::kFlops, "(GEMMs, full attention)"));
  c.push_back(Section("conventions", "As others count them", std::move(others)));
  return Section("flops_per_token", "Training FLOPs per Token", std::move(c));
}

}  // namespace

namespace {

// The literal text of a phrase without quantities (a bar chart's part name).
std::string LiteralText(const Phrase& phrase) {
  std::string text;
  for (const Phrase::Part& part : phrase.parts()) {
    text += part.text;
  }
  return text;
}

// The chart part a breakdown component belongs to: parameters group by their first name
// ("attention.q_proj" -> "attention"), FLOPs keep theirs.
std::string ParameterPart(const std::string& name) {
  const std::string group = name.substr(0, name.find('.'));
  return group == "final_norm" ? "norms" : group;
}

// Adds `value` to the bar of the last category, in part `name` (a new part when unseen).
void AddToBar(BarChart* chart, const std::string& name, double value) {
  const Phrase phrase(name);
  size_t p = 0;
  while (p < chart->parts.size() && LiteralText(chart->parts[p]) != name) {
    ++p;
  }
  if (p == chart->parts.size()) {
    chart->parts.push_back(phrase);
    chart->values.emplace_back(chart->categories.size() - 1, 0.0);
  }
  for (std::vector<double>& part : chart->values) {
    part.resize(chart->categories.size(), 0.0);
  }
  chart->values[p].back() += value;
}

}  // namespace

Report EmptyModelReport(const SequenceLengthChoice& sequence) {
  Report r;
  r.title = "Model Architecture Analysis";
  r.items_key = "models";
  r.header = {
      "Conventions: 1 multiply-add = 2 FLOPs; parameter counts are exact (all digits "
      "beside the short form); FLOPs are per token.",
      SequenceLengthLine(sequence, "Sequence length"),
      "Attention FLOPs: 2 h (d_qk + d_v) per key attended; causal by default "
      "(--attention full counts all s keys)."};
  BarChart params;
  params.title = "Parameters by component";
  params.subtitle = "embeddings, attention, MLP / MoE experts, norms and head, per model";
  params.value_label = "parameters";
  params.unit = Unit::kCount;
  BarChart flops;
  flops.title = "Forward FLOPs per token by component";
  flops.subtitle = "1 multiply-add = 2 FLOPs; embedding lookups cost none";
  flops.value_label = "FLOPs per token (forward)";
  flops.unit = Unit::kFlops;
  r.charts = {std::move(params), std::move(flops)};
  return r;
}

void AddModelToCharts(const ModelAnalysis& m, Report* report) {
  if (report->charts.size() < 2) {
    return;
  }
  auto* params = std::get_if<BarChart>(&report->charts[0]);
  auto* flops = std::get_if<BarChart>(&report->charts[1]);
  if (params == nullptr || flops == nullptr) {
    return;
  }
  params->categories.push_back(m.arch.name);
  for (const Component<int64_t>& part : m.params.breakdown) {
    AddToBar(params, ParameterPart(part.name), static_cast<double>(part.value));
  }
  flops->categories.push_back(m.arch.name);
  for (const Component<double>& part : m.flops.forward_breakdown) {
    AddToBar(flops, part.name, part.value);
  }
}

Entry ModelReportItem(const ModelAnalysis& m, Readers readers) {
  const bool people = readers == Readers::kPeople;
  Entry item;
  item.key = m.arch.name;
  item.children.reserve(9);
  item.children.push_back(MachineLeaf("name", m.arch.name));
  item.children.push_back(MachineLeaf("source", m.arch.source));
  item.children.push_back(MachineLeaf("model_type", m.arch.model_type));
  item.children.push_back(MachineLeaf("assumptions", Lines(m.arch.assumptions)));
  item.children.push_back(ArchitectureSection(m.arch, people));
  item.children.push_back(ParametersSection(m, people));
  item.children.push_back(ForwardFlopsSection(m, people));
  item.children.push_back(TrainingFlopsSection(m));
  if (people && !m.arch.assumptions.empty()) {
    Entry assumptions = Leaf("assumptions", "Assumptions", Lines(m.arch.assumptions));
    assumptions.visibility = Visibility::kTextOnly;
    item.children.push_back(std::move(assumptions));
  }
  return item;
}

Report BuildModelReport(const std::vector<ModelAnalysis>& models,
                        const SequenceLengthChoice& sequence) {
  Report r = EmptyModelReport(sequence);
  for (const ModelAnalysis& m : models) {
    r.items.push_back(ModelReportItem(m));
    AddModelToCharts(m, &r);
  }
  return r;
}

}  // namespace llmcost

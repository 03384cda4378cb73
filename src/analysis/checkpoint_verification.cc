// Checkpoint verification (docs/formulas.md "Checkpoint verification"): the parameters
// the config implies, per layer and component, against the tensors the checkpoint stores.
#include "llmcost/analysis/checkpoint_verification.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <utility>

#include "llmcost/checked_arithmetic.h"

namespace llmcost {
namespace {

using Breakdown = std::vector<Component<int64_t>>;

// The same architecture with `layers` as its whole stack and no MTP modules.
Architecture WithLayers(const Architecture& arch, std::vector<LayerSpec> layers) {
  Architecture copy;
  copy = arch;
  copy.layers = std::move(layers);
  copy.num_layers = static_cast<int64_t>(copy.layers.size());
  copy.mtp_layers = 0;
  return copy;
}

int64_t Find(const Breakdown& parts, const std::string& name) {
  for (const auto& c : parts) {
    if (c.name == name) {
      return c.value;
    }
  }
  return 0;
}

std::vector<std::string> SplitComponents(const std::string& fused) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t plus = fused.find('+', start);
    out.push_back(fused.substr(start, plus == std::string::npos ? plus : plus - start));
    if (plus == std::string::npos) {
      return out;
    }
    start = plus + 1;
  }
}

// "mlp, layer 3"; in an encoder-decoder model (`encoder_layers` > 0) "mlp, encoder layer 3" or
// "mlp, decoder layer 0" (the index within its stack, as the tensor names count).
std::string Where(const std::string& unit, int64_t layer, int64_t encoder_layers) {
  if (layer < 0) {
    return unit;
  }
  if (encoder_layers == 0) {
    return unit + ", layer " + std::to_string(layer);
  }
  return layer < encoder_layers
             ? unit + ", encoder layer " + std::to_string(layer)
             : unit + ", decoder layer " + std::to_string(layer - encoder_layers);
}

// "model.layers.7.self_attn.k_proj.weight" with layer 7 -> "model.layers.3...." for 3.
std::string InLayer(const std::string& name, int64_t from, int64_t to) {
  const std::string needle = "." + std::to_string(from) + ".";
  const size_t at = name.find(needle);
  if (at == std::string::npos) {
    return name;
  }
  return name.substr(0, at) + "." + std::to_string(to) + "." + name.substr(at + needle.size());
}

struct Stored {
  int64_t parameters = 0;
  std::vector<std::string> tensors;
  int64_t name_layer = -1;  // the layer index the tensor names carry (within their stack)
};

Status AddTo(StoredGroup* g, const CheckpointTensor& t) {
  g->tensors += 1;
  LLMCOST_ASSIGN_OR_RETURN(g->elements, CheckedAdd(g->elements, t.elements, "stored elements"));
  LLMCOST_ASSIGN_OR_RETURN(g->bytes, CheckedAdd(g->bytes, t.bytes, "stored bytes"));
  return OkStatus();
}

std::string TensorList(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < 3; ++i) {
    out += (i == 0 ? "" : ", ") + names[i];
  }
  if (names.size() > 3) {
    out += " (+" + std::to_string(names.size() - 3) + " more)";
  }
  return out;
}

}  // namespace

Result<CheckpointVerification> VerifyCheckpoint(const Architecture& arch,
                                                const ParameterCount& params,
                                                const Checkpoint& checkpoint) {
  CheckpointVerification out;
  out.expected_parameters = params.total;
  out.expected_mtp_parameters = params.mtp;
  out.header_bytes = checkpoint.header_bytes;
  out.data_bytes = checkpoint.data_bytes;
  out.index_total_size = checkpoint.index_total_size;
  out.tensors = static_cast<int64_t>(checkpoint.tensors.size());

  // ---- What the config implies, per (component, layer); layer -1 is outside the stack.
  // A layer's parts are the count of a one-layer model minus the count of a zero-layer one.
  using Key = std::pair<int64_t, std::string>;  // (layer, component): sorted by layer
  std::map<Key, int64_t> expected;
  LLMCOST_ASSIGN_OR_RETURN(ParameterCount outside, CountParameters(WithLayers(arch, {})));
  for (const auto& c : outside.breakdown) {
    expected[{-1, c.name}] = c.value;
  }
  for (size_t i = 0; i < arch.layers.size(); ++i) {
    LLMCOST_ASSIGN_OR_RETURN(ParameterCount one,
                             CountParameters(WithLayers(arch, {arch.layers[i]})));
    for (const auto& c : one.breakdown) {
      const int64_t value = c.value - Find(outside.breakdown, c.name);
      if (value != 0) {
        expected[{static_cast<int64_t>(i), c.name}] = value;
      }
    }
  }
  // A component whose per-layer parts do not add up to the model's is counted once per model
  // (an encoder-decoder model's final norms and T5's relative-position bias, which live in the
  // first layer of each stack): it is reconciled as one total, the stored tensors wherever they
  // sit.
  std::set<std::string> model_level;
  {
    std::map<std::string, int64_t> sums;
    for (const auto& [key, value] : expected) {
      LLMCOST_ASSIGN_OR_RETURN(sums[key.second], CheckedAdd(sums[key.second], value, key.second));
    }
    for (const auto& c : params.breakdown) {
      if (sums[c.name] != c.value) {
        model_level.insert(c.name);
      }
    }
    for (auto it = expected.begin(); it != expected.end();) {
      it = model_level.count(it->first.second) > 0 ? expected.erase(it) : std::next(it);
    }
    for (const auto& c : params.breakdown) {
      if (model_level.count(c.name) > 0) {
        expected[{-1, c.name}] = c.value;
      }
    }
  }
  // The decoder stack's layer indices start after the encoder's (T5: decoder.block.<i>).
  int64_t encoder_layers = 0;
  for (const LayerSpec& l : arch.layers) {
    encoder_layers += l.encoder ? 1 : 0;
  }

  // ---- Fused tensors merge the components they hold into one unit.
  std::map<std::string, std::string> unit_of;  // component -> fused unit
  for (const CheckpointTensor& t : checkpoint.tensors) {
    if (t.role == TensorRole::kWeight && t.component.find('+') != std::string::npos) {
      for (const std::string& part : SplitComponents(t.component)) {
        unit_of[part] = t.component;
      }
    }
  }
  auto unit = [&](const std::string& component) {
    const auto it = unit_of.find(component);
    return it == unit_of.end() ? component : it->second;
  };
  std::map<Key, int64_t> expected_units;
  for (const auto& [key, value] : expected) {
    int64_t& slot = expected_units[{key.first, unit(key.second)}];
    LLMCOST_ASSIGN_OR_RETURN(slot, CheckedAdd(slot, value, key.second));
  }

  // ---- What the checkpoint stores.
  std::map<Key, Stored> stored;
  std::map<std::string, StoredGroup> dtypes;
  std::map<std::string, StoredGroup> beyond;
  for (const CheckpointTensor& stored_tensor : checkpoint.tensors) {
    CheckpointTensor t = stored_tensor;
    if (t.decoder_stack && t.layer >= 0) {
      t.layer += encoder_layers;
    }
    if (model_level.count(t.component) > 0) {
      t.layer = -1;
    }
    StoredGroup& d = dtypes[t.dtype];
    d.name = t.dtype;
    LLMCOST_RETURN_IF_ERROR(AddTo(&d, t));
    std::string extra;
    if (t.role == TensorRole::kQuantization) {
      extra = "quantization";
    } else if (t.role == TensorRole::kBuffer) {
      extra = "buffers";
    } else if (t.layer >= arch.num_layers && t.layer < arch.num_layers + arch.mtp_layers) {
      extra = "mtp";
    } else if (t.role == TensorRole::kWeight &&
               (t.component == "mlm_head" || t.component == "nsp_head" ||
                (t.component == "lm_head" && !arch.output_head))) {
      extra = "task_heads";  // BERT / RoBERTa pre-training heads: not in the encoder's count
    } else if (t.role == TensorRole::kWeight && t.component == "lm_head" &&
               arch.tying == Tying::kTied) {
      extra = "tied_head_copy";
    }
    if (!extra.empty()) {
      StoredGroup& g = beyond[extra];
      g.name = extra;
      LLMCOST_RETURN_IF_ERROR(AddTo(&g, t));
      continue;
    }
    if (t.role == TensorRole::kUnknown) {
      out.mismatches.push_back(t.name + ": not a tensor llmcost maps to a component (" + t.dtype +
                               ", " + std::to_string(t.elements) + " elements)");
      continue;
    }
    if (t.layer >= arch.num_layers) {
      out.mismatches.push_back(
          t.name + ": " + t.component + ": layer " + std::to_string(t.layer) +
          " is beyond the config's " + std::to_string(arch.num_layers) + " layers" +
          (arch.mtp_layers > 0 ? " and " + std::to_string(arch.mtp_layers) + " MTP modules" : ""));
      continue;
    }
    Stored& s = stored[{t.layer, unit(t.component)}];
    s.name_layer = stored_tensor.layer;
    LLMCOST_ASSIGN_OR_RETURN(s.parameters, CheckedAdd(s.parameters, t.parameters, t.name));
    s.tensors.push_back(t.name);
    out.model_tensors += 1;
    LLMCOST_ASSIGN_OR_RETURN(out.stored_parameters,
                             CheckedAdd(out.stored_parameters, t.parameters, "parameters"));
  }

  // ---- Reconcile, layer by layer.
  std::map<std::string, ComponentCheck> rows;
  std::vector<std::string> order;
  auto row = [&](const std::string& name) -> ComponentCheck& {
    if (rows.find(name) == rows.end()) {
      order.push_back(name);
      rows[name].component = name;
    }
    return rows[name];
  };
  for (const auto& c : params.breakdown) {
    row(unit(c.name));
  }
  for (const auto& [key, value] : expected_units) {
    ComponentCheck& r = row(key.second);
    LLMCOST_ASSIGN_OR_RETURN(r.expected, CheckedAdd(r.expected, value, key.second));
    const auto s = stored.find(key);
    if (s == stored.end()) {
      if (value == 0) {
        continue;
      }
      // Name the missing tensor after the same component in another layer of the same stack.
      const bool in_decoder = encoder_layers > 0 && key.first >= encoder_layers;
      const int64_t name_layer = in_decoder ? key.first - encoder_layers : key.first;
      std::string name;
      for (const auto& [other, tensors] : stored) {
        const bool other_decoder = encoder_layers > 0 && other.first >= encoder_layers;
        if (other.second == key.second && !tensors.tensors.empty() &&
            (key.first < 0 || other.first < 0 || other_decoder == in_decoder)) {
          name = key.first < 0 || other.first < 0
                     ? tensors.tensors.front()
                     : InLayer(tensors.tensors.front(), tensors.name_layer, name_layer);
          break;
        }
      }
      out.mismatches.push_back((name.empty() ? std::string("missing tensor") : name) + ": " +
                               Where(key.second, key.first, encoder_layers) +
                               ": the config implies " + std::to_string(value) +
                               " parameters, the checkpoint stores no tensor for it");
    } else if (s->second.parameters != value) {
      out.mismatches.push_back(
          TensorList(s->second.tensors) + ": " + Where(key.second, key.first, encoder_layers) +
          ": the config implies " + std::to_string(value) + " parameters, the checkpoint stores " +
          std::to_string(s->second.parameters));
    }
  }
  for (const auto& [key, s] : stored) {
    ComponentCheck& r = row(key.second);
    LLMCOST_ASSIGN_OR_RETURN(r.stored, CheckedAdd(r.stored, s.parameters, key.second));
    r.tensors += static_cast<int64_t>(s.tensors.size());
    if (expected_units.find(key) == expected_units.end()) {
      out.mismatches.push_back(
          TensorList(s.tensors) + ": " + Where(key.second, key.first, encoder_layers) +
          ": not in the config (extra tensor, " + std::to_string(s.parameters) + " parameters)");
    }
  }
  for (const std::string& name : order) {
    if (rows[name].expected != 0 || rows[name].stored != 0) {
      out.components.push_back(rows[name]);
    }
  }
  for (auto& [name, g] : dtypes) {
    out.dtypes.push_back(g);
  }
  for (const char* name : {"mtp", "tied_head_copy", "task_heads", "quantization", "buffers"}) {
    if (const auto it = beyond.find(name); it != beyond.end()) {
      out.beyond_model.push_back(it->second);
    }
  }
  return out;
}

}  // namespace llmcost

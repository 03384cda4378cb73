// What the `verify` report shows, and in which order.
#include "llmcost/verify_report.h"

#include <string>

namespace llmcost {
namespace {

std::string MatchWord(bool ok) {
  return ok ? "match" : "MISMATCH";
}

Entry GroupEntry(const StoredGroup& g, const std::string& label) {
  Entry e = Section(g.name, label);
  AddLeaf(&e.children, "tensors", "Tensors", g.tensors);
  AddLeaf(&e.children, "elements", "Elements", g.elements, Unit::kNone);
  AddLeaf(&e.children, "bytes", "Bytes", g.bytes, Unit::kBytes);
  return e;
}

std::string BeyondLabel(const std::string& name) {
  if (name == "mtp")
    return "Multi-token prediction layers";
  if (name == "tied_head_copy")
    return "Tied output head stored again";
  if (name == "task_heads")
    return "Pre-training heads (masked-LM, next-sentence)";
  if (name == "quantization")
    return "Quantization state (scales, zeros)";
  if (name == "buffers")
    return "Buffers (not parameters)";
  return name;
}

}  // namespace

Report BuildVerifyReport(const Architecture& arch, const Checkpoint& checkpoint,
                         const CheckpointVerification& v) {
  Report r;
  r.title = "Checkpoint Verification";
  r.items_key = "checkpoints";
  r.header = {
      "Reads only the safetensors headers (never tensor data) and reconciles them with "
      "the config's exact parameter count, component by component and layer by layer."};
  Entry item;
  item.key = arch.name;
  item.children.push_back(MachineLeaf("name", arch.name));
  AddLeaf(&item.children, "directory", "Checkpoint", checkpoint.directory);
  AddLeaf(&item.children, "config", "Config", arch.source);
  item.children.push_back(
      Leaf("files", "Safetensors files", static_cast<int64_t>(checkpoint.files.size()), Unit::kNone,
           checkpoint.index_file.empty() ? "(one file)" : "(shards of the index)"));
  item.children.push_back(
      Leaf("result", "Result", MatchWord(v.matches()), Unit::kNone,
           v.matches() ? Phrase()
                       : "(" + Amount(static_cast<int64_t>(v.mismatches.size())) + " mismatches)"));

  Entry totals = Section("totals", "Totals");
  AddLeaf(&totals.children, "tensors", "Tensors stored", v.tensors);
  AddLeaf(&totals.children, "model_tensors", "Model tensors", v.model_tensors, Unit::kNone,
          "(reconciled with the config)");
  totals.children.push_back(
      Leaf("expected_parameters", "Parameters (config)", v.expected_parameters, Unit::kNone));
  totals.children.push_back(
      Leaf("stored_parameters", "Parameters (checkpoint)", v.stored_parameters, Unit::kNone,
           "(" + MatchWord(v.stored_parameters == v.expected_parameters) + ")"));
  totals.children.push_back(
      MachineLeaf("parameters_match", v.stored_parameters == v.expected_parameters));
  if (v.expected_mtp_parameters > 0) {
    AddLeaf(&totals.children, "expected_mtp_parameters", "MTP parameters (config)",
            v.expected_mtp_parameters, Unit::kNone, "(embedding and head shared, not counted)");
  }
  AddLeaf(&totals.children, "data_bytes", "Tensor data", v.data_bytes, Unit::kBytes);
  AddLeaf(&totals.children, "header_bytes", "Headers", v.header_bytes, Unit::kBytes);
  if (v.index_total_size) {
    totals.children.push_back(
        Leaf("index_total_size", "Index total_size", *v.index_total_size, Unit::kBytes,
             *v.index_total_size == v.data_bytes
                 ? "(= tensor data)"
                 : "(differs from the tensor data by " +
                       Amount(*v.index_total_size - v.data_bytes) + " bytes)"));
  }
  item.children.push_back(std::move(totals));

  Entry components = Section("components", "Parameters by component (config / checkpoint)");
  for (const ComponentCheck& c : v.components) {
    Entry e = Section(c.component, c.component);
    AddLeaf(&e.children, "expected", "Config", c.expected, Unit::kNone);
    AddLeaf(&e.children, "stored", "Checkpoint", c.stored, Unit::kNone,
            std::string("(").append(MatchWord(c.expected == c.stored)).append(")"));
    AddLeaf(&e.children, "tensors", "Tensors", c.tensors);
    components.children.push_back(std::move(e));
  }
  item.children.push_back(std::move(components));

  Entry dtypes = Section("dtypes", "Stored dtypes");
  for (const StoredGroup& g : v.dtypes) {
    dtypes.children.push_back(GroupEntry(g, g.name));
  }
  item.children.push_back(std::move(dtypes));

  Entry beyond = Section("beyond_model", "Stored beyond the model");
  for (const StoredGroup& g : v.beyond_model) {
    beyond.children.push_back(GroupEntry(g, BeyondLabel(g.name)));
  }
  if (v.beyond_model.empty()) {
    AddLeaf(&beyond.children, "none", "Nothing",
            std::string("every tensor is a model "
                        "parameter"));
    beyond.children.back().visibility = Visibility::kTextOnly;
  }
  item.children.push_back(std::move(beyond));
  AddLeaf(&item.children, "mismatches", "Mismatches", Lines(v.mismatches));
  if (!arch.assumptions.empty()) {
    Entry assumptions = Leaf("assumptions", "Assumptions", Lines(arch.assumptions));
    item.children.push_back(std::move(assumptions));
  }
  r.items.push_back(std::move(item));
  return r;
}

}  // namespace llmcost

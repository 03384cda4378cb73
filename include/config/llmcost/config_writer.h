// Writing model configs: the shape fields a design chooses -> HuggingFace config.json.
//
// Config layer, the inverse of the loader (config.h) for the families it can write. One table
// in config_writer.cc maps each family's HF field names; ReadConfigShape runs the very document
// WriteConfigJson prints through the loader's family reader, so what is written is exactly what
// `llmcost analyze` reads back (config_writer_test.cc checks it for every writable family).
#ifndef LLMCOST_CONFIG_WRITER_H_
#define LLMCOST_CONFIG_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/architecture.h"
#include "llmcost/status.h"

namespace llmcost {

// The family-agnostic fields a written config carries; the family table names them.
struct ConfigShape {
  std::string family;             // model_type, e.g. "llama", "gpt2", "mixtral"
  std::string name;               // display name written as "name", e.g. "llmcost design 1.2B"
  int64_t hidden_size = 0;        // d, e.g. 4096
  int64_t num_layers = 0;         // L, e.g. 32
  int64_t num_heads = 0;          // h, e.g. 32
  int64_t num_kv_heads = 0;       // k; ignored by families without GQA (gpt2: k = h)
  int64_t head_dim = 0;           // d_head; families without the field use d / h
  int64_t intermediate_size = 0;  // f: dense MLP width, or one expert's width for MoE families
  int64_t vocab_size = 0;         // V, e.g. 128256
  int64_t max_position_embeddings = 0;  // context, e.g. 4096
  int64_t num_experts = 0;              // E routed experts (MoE families only)
  int64_t experts_per_token = 0;        // top_k (MoE families only)

  bool operator==(const ConfigShape&) const = default;
};

// The families WriteConfigJson knows, in table order, e.g. {"llama", "gpt2", "mixtral"}.
std::vector<std::string> WritableFamilies();

// Whether `family` writes MoE fields (num_experts, experts_per_token) / a KV-head field.
// Errors: kNotFound for a family outside WritableFamilies().
Result<bool> FamilyWritesExperts(std::string_view family);
Result<bool> FamilyWritesKvHeads(std::string_view family);

// The config as JSON text: two-space indent, the family's fields in table order, then its fixed
// fields (activation, norm epsilon, tying, dtype), trailing newline.
// Errors: kNotFound for an unwritable family; kInvalidArgument when a count the family writes
// is not positive (names the field).
Result<std::string> WriteConfigJson(const ConfigShape& shape);

// The Architecture the loader reads from WriteConfigJson(shape), without the text round trip
// (same document, same family reader). `origin` names it in errors and Architecture::source.
// Errors: those of WriteConfigJson and of the loader's family reader.
Result<Architecture> ReadConfigShape(const ConfigShape& shape, std::string_view origin);

// ReadConfigShape for many shapes: the document is built once per family and only its shape
// fields are rewritten for each shape, so a read costs the family reader alone. Read(s) returns
// exactly what ReadConfigShape(s) does (config_writer_test.cc checks it).
class ConfigShapeReader {
 public:
  ConfigShapeReader();
  ~ConfigShapeReader();
  ConfigShapeReader(ConfigShapeReader&&) noexcept;
  ConfigShapeReader& operator=(ConfigShapeReader&&) noexcept;

  // Errors: those of ReadConfigShape.
  Result<Architecture> Read(const ConfigShape& shape, std::string_view origin);

 private:
  struct Document;
  std::unique_ptr<Document> document_;
};

}  // namespace llmcost

#endif  // LLMCOST_CONFIG_WRITER_H_

// libFuzzer target: arbitrary bytes as a safetensors file -> header parser -> tensor-name
// map -> checkpoint verification against a small LLaMA-style config.
//
// Oracles, besides the sanitizers and libFuzzer's timeout:
// - a bad header comes back as a Status with a one-line, non-empty message;
// - an accepted header tiles the file: 8 + N + the tensors' bytes == the file size, each
//   tensor spans elements x dtype size bytes, names are sorted and distinct;
// - verification never fails on an accepted header, and each mismatch is one line.
//
// Build and run: scripts/fuzz.sh [SECONDS] (docs/robustness.md).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "llmcost/analysis/checkpoint_verification.h"
#include "llmcost/analysis/parameters.h"
#include "llmcost/checkpoint_reader.h"
#include "llmcost/config.h"

namespace {

[[noreturn]] void Fail(std::string_view what) {
  std::fprintf(stderr, "safetensors_fuzzer: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

bool OneLine(const std::string& s) {
  return !s.empty() && s.find('\n') == std::string::npos;
}

// A two-layer model whose tensor names the fuzzer's dictionary knows.
const llmcost::Architecture& Model() {
  static const llmcost::Architecture arch = [] {
    llmcost::Result<llmcost::Architecture> a = llmcost::ParseArchitecture(
        R"({"model_type": "llama", "hidden_size": 8, "num_hidden_layers": 2,
            "num_attention_heads": 2, "intermediate_size": 16, "vocab_size": 32,
            "max_position_embeddings": 64})",
        "fuzz-model.json", {});
    if (!a.ok()) {
      Fail("the fuzz model does not load: " + a.status().message());
    }
    return *a;
  }();
  return arch;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  llmcost::Result<llmcost::SafetensorsHeader> header =
      llmcost::ParseSafetensorsHeader(bytes, static_cast<int64_t>(size), "fuzz.safetensors");
  if (!header.ok()) {
    if (!OneLine(header.status().message())) {
      Fail("error message is empty or spans lines: " + header.status().message());
    }
    return 0;
  }
  int64_t sum = 0;
  for (size_t i = 0; i < header->tensors.size(); ++i) {
    const llmcost::CheckpointTensor& t = header->tensors[i];
    if (t.bytes != t.elements * llmcost::SafetensorsDTypeBytes(t.dtype)) {
      Fail("a tensor's bytes disagree with its shape and dtype");
    }
    if (i > 0 && !(header->tensors[i - 1].name < t.name)) {
      Fail("tensor names are not sorted and distinct");
    }
    sum += t.bytes;
  }
  if (sum != header->data_bytes ||
      header->header_bytes + header->data_bytes != static_cast<int64_t>(size)) {
    Fail("an accepted header does not tile the file");
  }
  llmcost::Checkpoint checkpoint;
  checkpoint.directory = "fuzz";
  checkpoint.tensors = header->tensors;
  checkpoint.header_bytes = header->header_bytes;
  checkpoint.data_bytes = header->data_bytes;
  std::vector<std::string> names;
  for (const llmcost::CheckpointTensor& t : checkpoint.tensors) {
    names.push_back(t.name);
  }
  for (llmcost::CheckpointTensor& t : checkpoint.tensors) {
    llmcost::ClassifyTensor(names, 4, &t);
    if (t.parameters < 0) {
      Fail("negative parameter count");
    }
  }
  llmcost::Result<llmcost::ParameterCount> params = llmcost::CountParameters(Model());
  llmcost::Result<llmcost::CheckpointVerification> v =
      llmcost::VerifyCheckpoint(Model(), *params, checkpoint);
  if (!v.ok() && v.status().code() != llmcost::StatusCode::kOutOfRange) {
    Fail("verification failed on an accepted header: " + v.status().message());
  }
  if (v.ok()) {
    for (const std::string& m : v->mismatches) {
      if (!OneLine(m)) {
        Fail("a mismatch spans lines: " + m);
      }
    }
  }
  return 0;
}

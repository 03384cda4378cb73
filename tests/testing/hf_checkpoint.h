// The tensor list a Hugging Face checkpoint of an architecture holds, named as the
// families' transformers modeling code names them (nn.Linear weights are [out, in];
// GPT-2's Conv1D weights are [in, out]). For writing test checkpoints.
#ifndef LLMCOST_TESTS_TESTING_HF_CHECKPOINT_H_
#define LLMCOST_TESTS_TESTING_HF_CHECKPOINT_H_

#include <string>
#include <vector>

#include "llmcost/architecture.h"

#include "testing/safetensors_writer.h"

namespace llmcost::testing {

// Families: gpt2; llama-style decoders (llama, mistral, qwen2/3, gemma); mixtral;
// qwen2_moe; deepseek_v2/v3 (MLA, first_k_dense_replace, shared experts). The output head
// is listed only for untied models.
std::vector<TensorSpec> HfTensors(const Architecture& arch, const std::string& dtype);

}  // namespace llmcost::testing

#endif  // LLMCOST_TESTS_TESTING_HF_CHECKPOINT_H_

// Reads config.json's quantization_config (AWQ, GPTQ, FP8, compressed-tensors, MXFP4,
// bitsandbytes) into the Architecture's checkpoint WeightFormat.
//
// Loader stage, private to src/config/. Field meanings: docs/config-schema.md
// "quantization_config"; storage: docs/formulas.md "Weight formats".
#ifndef LLMCOST_SRC_CONFIG_QUANTIZATION_CONFIG_H_
#define LLMCOST_SRC_CONFIG_QUANTIZATION_CONFIG_H_

#include "llmcost/architecture.h"
#include "llmcost/status.h"

#include "json_document.h"

namespace llmcost::config {

// Sets arch->checkpoint_format from `root`'s quantization_config, if any. A quant_method
// llmcost does not model leaves the format unset and adds an assumption.
// Errors: kInvalidArgument "<origin>: /quantization_config/bits: must be an integer in
// [2, 8], got 3" and the like for malformed fields.
Status ReadQuantizationConfig(const Fields& root, Architecture* arch);

}  // namespace llmcost::config

#endif  // LLMCOST_SRC_CONFIG_QUANTIZATION_CONFIG_H_

// The `verify` report: a checkpoint's safetensors headers reconciled with its config.
//
// Report stage (CheckpointVerification -> Report). Keys: docs/output-schema.md "verify".
#ifndef LLMCOST_VERIFY_REPORT_H_
#define LLMCOST_VERIFY_REPORT_H_

#include "llmcost/analysis/checkpoint_verification.h"
#include "llmcost/architecture.h"
#include "llmcost/checkpoint.h"
#include "llmcost/report.h"

namespace llmcost {

// One item: the checkpoint (directory, files), totals (tensors, parameters, bytes), the
// per-component table, dtypes, what is stored beyond the model, and every mismatch.
Report BuildVerifyReport(const Architecture& arch, const Checkpoint& checkpoint,
                         const CheckpointVerification& verification);

}  // namespace llmcost

#endif  // LLMCOST_VERIFY_REPORT_H_

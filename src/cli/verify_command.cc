// `llmcost verify DIR|ID|FILE.safetensors`: the checkpoint's headers against its config.
#include <memory>

#include "llmcost/analysis/checkpoint_verification.h"
#include "llmcost/checkpoint_reader.h"
#include "llmcost/verify_report.h"

#include "command.h"

namespace llmcost::cli {
namespace {

struct VerifyOptions {
  std::string source;
  OutputOptions output;
};

int RunVerify(const VerifyOptions& o, Streams& streams) {
  Result<Checkpoint> checkpoint = LoadCheckpoint(o.source);
  if (!checkpoint.ok()) {
    return Fail(streams, checkpoint.status());
  }
  if (checkpoint->config_path.empty()) {
    return Fail(streams, NotFoundError(checkpoint->directory +
                                       ": no config.json beside the checkpoint to verify it "
                                       "against"));
  }
  // A model directory or id goes through the loader as given (its report says how it was
  // found); a .safetensors file is checked against the config.json beside it.
  const bool file = o.source.size() > 12 && o.source.substr(o.source.size() - 12) == ".safetensors";
  Result<CountedModel> model = LoadAndCount(file ? checkpoint->config_path : o.source);
  if (!model.ok()) {
    return Fail(streams, model.status());
  }
  Result<CheckpointVerification> verification =
      VerifyCheckpoint(model->arch, model->params, *checkpoint);
  if (!verification.ok()) {
    return Fail(streams, WithContext(verification.status(), checkpoint->directory));
  }
  const int status =
      EmitReport(BuildVerifyReport(model->arch, *checkpoint, *verification), o.output, streams);
  if (status != kExitOk || verification->matches()) {
    return status;
  }
  // The report lists every mismatch; stderr gets one line naming the first.
  const size_t n = verification->mismatches.size();
  return Fail(streams, InvalidArgumentError(
                           checkpoint->directory + ": checkpoint does not match its config: " +
                           verification->mismatches.front() +
                           (n > 1 ? " (and " + std::to_string(n - 1) + " more)" : "")));
}

}  // namespace

Handler SetupVerify(CLI::App* sub) {
  auto o = std::make_shared<VerifyOptions>();
  sub->add_option("checkpoint", o->source,
                  "A model directory (config.json + safetensors), a Hugging Face id "
                  "org/name[@revision] from the local Hub cache, or a .safetensors file")
      ->required();
  AddOutputOptions(sub, &o->output);
  return [o](Streams& streams) { return RunVerify(*o, streams); };
}

}  // namespace llmcost::cli

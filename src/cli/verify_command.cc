// `llmcost verify DIR|ID|FILE.safetensors`: the checkpoint's headers against its config.
#include <memory>
#include <string>
#include <vector>

#include "llmcost/analysis/checkpoint_verification.h"
#include "llmcost/analysis/parameters.h"
#include "llmcost/checkpoint_reader.h"
#include "llmcost/config.h"
#include "llmcost/verify_report.h"

#include "command.h"

namespace llmcost::cli {
namespace {

struct VerifyFlags {
  std::string source;
  SharedFlags shared;  // the output flags
};

// A verification draws no chart: SVG is not among its formats (HTML is: tables only).
const std::vector<std::string> kVerifyFormats = {"text", "json", "markdown", "md", "csv", "html"};

int RunVerify(const VerifyFlags& f, Streams& streams) {
  // The command line alone decides the format: a wrong one is exit 2, before any file is read.
  if (Result<OutputFormat> format = ResolveFormat(f.shared.output, kVerifyFormats); !format.ok()) {
    return UsageFail(streams, format.status().message());
  }
  Result<Checkpoint> checkpoint = LoadCheckpoint(f.source);
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
  const bool file = f.source.size() > 12 && f.source.substr(f.source.size() - 12) == ".safetensors";
  Result<Architecture> arch = LoadArchitecture(file ? checkpoint->config_path : f.source, {});
  if (!arch.ok()) {
    return Fail(streams, arch.status());
  }
  Result<ParameterCount> params = CountParameters(*arch);
  if (!params.ok()) {
    return Fail(streams, WithContext(params.status(), arch->source));
  }
  Result<CheckpointVerification> verification = VerifyCheckpoint(*arch, *params, *checkpoint);
  if (!verification.ok()) {
    return Fail(streams, WithContext(verification.status(), checkpoint->directory));
  }
  const int status = EmitReport(BuildVerifyReport(*arch, *checkpoint, *verification),
                                f.shared.output, kVerifyFormats, streams);
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
  auto f = std::make_shared<VerifyFlags>();
  sub->add_option("checkpoint", f->source,
                  "A model directory (config.json + safetensors), a Hugging Face id "
                  "org/name[@revision] from the local Hub cache, or a .safetensors file")
      ->required();
  AddSharedFlags(sub, &f->shared, kOutputFlags);
  FreshFlagsOnEachParse(sub, f);
  return [f](Streams& streams) { return RunVerify(*f, streams); };
}

}  // namespace llmcost::cli

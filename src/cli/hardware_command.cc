// `llmcost hardware`: the accelerator table (data/hardware.json + --hardware-file).
#include <memory>

#include "llmcost/cost_report.h"
#include "llmcost/hardware.h"

#include "command.h"

namespace llmcost::cli {
namespace {

struct HardwareFlags {
  std::vector<std::string> hardware_files;
  SharedFlags shared;  // the output flags
};

int RunHardware(const HardwareFlags& f, Streams& streams) {
  Result<std::vector<Hardware>> table = LoadHardwareTables(f.hardware_files);
  if (!table.ok()) {
    return Fail(streams, table.status());
  }
  return EmitReport(BuildHardwareReport(*table), f.shared.output, kTableFormats, streams);
}

}  // namespace

Handler SetupHardware(CLI::App* sub) {
  auto f = std::make_shared<HardwareFlags>();
  sub->add_option("--hardware-file", f->hardware_files,
                  "Extra accelerator table (JSON, same format as data/hardware.json): new ids "
                  "are added, existing ids replaced; repeatable");
  AddSharedFlags(sub, &f->shared, kOutputFlags);
  FreshFlagsOnEachParse(sub, f);
  return [f](Streams& streams) { return RunHardware(*f, streams); };
}

}  // namespace llmcost::cli

// The field -> flag table (flag_names.h).
#include "flag_names.h"

#include <array>
#include <utility>

namespace llmcost::cli {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 27> kFlagOfField = {{
    {"seq_len", "--seq-len"},
    {"context", "--seq-len"},
    {"batch", "--batch"},
    {"attention", "--attention"},
    {"precision", "--precision"},
    {"optimizer", "--optimizer"},
    {"recompute", "--recompute"},
    {"dp", "--dp"},
    {"zero", "--zero"},
    {"tp", "--tp"},
    {"sp", "--sp"},
    {"pp", "--pp"},
    {"ep", "--ep"},
    {"gpus", "--gpus"},
    {"gpu", "--gpu"},
    {"weights", "--weights-dtype"},
    {"kv_cache", "--kv-dtype"},
    {"tokens", "--tokens"},
    {"mfu", "--mfu"},
    {"price_usd_per_gpu_hour", "--price-per-gpu-hour"},
    {"pue", "--pue"},
    {"grid_gco2_per_kwh", "--grid-gco2-per-kwh"},
    {"compute_flops", "--compute"},
    {"params", "--params"},
    {"vocab_size", "--vocab"},
    {"law", "--law"},
    {"family", "--family"},
}};

}  // namespace

std::string_view FlagForField(std::string_view field) {
  for (const auto& [f, flag] : kFlagOfField) {
    if (f == field) {
      return flag;
    }
  }
  return {};
}

Status InFlagTerms(const Status& status) {
  const std::string_view flag = FlagForField(status.field());
  if (status.ok() || flag.empty()) {
    return status;
  }
  // The field appears as "<field>: " at the start or after a context prefix ("file: ").
  const std::string& message = status.message();
  const std::string needle = status.field() + ": ";
  size_t at = message.rfind(": " + needle);
  at = at == std::string::npos ? (message.rfind(needle, 0) == 0 ? 0 : std::string::npos) : at + 2;
  if (at == std::string::npos) {
    return status;
  }
  std::string out = message;
  out.replace(at, status.field().size(), flag);
  return Status(status.code(), std::move(out)).WithField(status.field());
}

}  // namespace llmcost::cli

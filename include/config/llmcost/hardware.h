// Accelerator specs as data: the shipped table (data/hardware.json) plus user files.
//
// Every number carries its unit in its name and a citation in `sources`, as the
// file does (docs/formulas.md#conventions, docs/formulas.md#hardware). The file format:
//
//   [ { "id": "h100-sxm",                      // required, lowercase [a-z0-9][a-z0-9._-]*
//       "aliases": ["h100"],                    // optional, same spelling rules
//       "name": "NVIDIA H100 SXM5 80GB",        // required, non-empty
//       "vendor": "NVIDIA",                     // required, non-empty
//       "peak_bf16_flops_per_s": 989.4e12,      // required, > 0, dense (no sparsity)
//       "peak_fp8_flops_per_s": 1979e12,        // optional or null, > 0, dense
//       "memory_bytes": 85899345920,            // required, integer > 0, raw bytes
//       "usable_memory_bytes": 85060435968,     // optional or null, <= memory_bytes: what a
//                                               // framework can allocate (cudaMemGetInfo
//                                               // total; Apple's recommended working set)
//       "memory_bandwidth_bytes_per_s": 3.35e12,// required, > 0
//       "power_watts": 700,                     // optional or null, > 0, board power
//       "price_usd_per_gpu_hour": null,         // optional or null, > 0
//       "sources": { "<field>": "<citation>" }, // required; one non-empty citation for
//                                               // every number above that is present
//       "as_of": "2026-11-29",                  // required, YYYY-MM-DD
//       "notes": "..." },                       // optional free text
//     ... ]
//
// Unknown fields are errors (with a did-you-mean), so a typo never silently drops a
// value. `//` and `/* */` comments are accepted. Prefixes are never parsed: bytes and
// FLOP/s are raw numbers.
#ifndef LLMCOST_HARDWARE_H_
#define LLMCOST_HARDWARE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/status.h"

namespace llmcost {

// One citation: which field it supports and where the number came from.
struct HardwareSource {
  std::string field;     // e.g. "memory_bytes"
  std::string citation;  // e.g. "[S] 3.35 TB/s (decimal); H100 datasheet"
};

// One accelerator (one GPU, or one TPU chip). Validated by the parser: ids and
// aliases are lowercase and unique within a table, every number is finite and > 0.
struct Hardware {
  std::string id;                                // e.g. "h100-sxm"
  std::vector<std::string> aliases;              // e.g. {"h100", "h100-sxm5"}
  std::string name;                              // e.g. "NVIDIA H100 SXM5 80GB"
  std::string vendor;                            // e.g. "NVIDIA"
  double peak_bf16_flops_per_s = 0;              // dense BF16 (FP16 where there is no BF16)
  std::optional<double> peak_fp8_flops_per_s;    // dense; absent if no FP8 support
  int64_t memory_bytes = 0;                      // raw bytes, e.g. 80 GiB = 85899345920
  std::optional<int64_t> usable_memory_bytes;    // what a framework sees; absent = memory_bytes
  double memory_bandwidth_bytes_per_s = 0;       // decimal, e.g. 3.35e12
  std::optional<double> power_watts;             // board power; absent if unpublished
  std::optional<double> price_usd_per_gpu_hour;  // on-demand; absent if no source
  std::vector<HardwareSource> sources;           // in file order
  std::string as_of;                             // "YYYY-MM-DD"
  std::string notes;                             // optional free text
  std::string origin;                            // file it was read from
};

// Parses a hardware table. `origin` names the input in error messages.
// Returns the entries in file order.
// Errors: kInvalidArgument "<origin>:<line>:<col>: <problem>" for syntax errors and
// "<origin>: /<index>/<field>: <expectation>, got <value>" for bad entries, e.g.
// "data/hw.json: /3/memory_bytes: must be a positive integer, got -1";
// kOutOfRange when memory_bytes exceeds int64_t.
Result<std::vector<Hardware>> ParseHardwareTable(std::string_view text, std::string_view origin);

// Reads and parses the file at `path`.
// Errors: those of ParseHardwareTable; kNotFound if the file does not exist;
// kIoError if it cannot be read.
Result<std::vector<Hardware>> LoadHardwareTable(const std::string& path);

// Returns `base` with `overrides` merged in by id: an override with an existing id
// replaces that entry in place (all its fields, aliases included); a new id is
// appended. Ids and aliases must stay unique across the merged table.
// Errors: kInvalidArgument "<override origin>: /<index>/aliases/<i>: must be unique,
// got \"h100\" (already names 'h100-sxm')" and the like.
Result<std::vector<Hardware>> MergeHardwareTables(std::vector<Hardware> base,
                                                  const std::vector<Hardware>& overrides);

// The shipped table: data/hardware.json as it was when the library was built (compiled in, so an
// installed library or the Python module reads no file; messages name "data/hardware.json").
// Errors: those of ParseHardwareTable (none for a table the build's tests accepted).
Result<std::vector<Hardware>> LoadShippedHardwareTable();

// Loads the shipped table, then merges each of `user_paths` in order (the
// --hardware-file flag): later files override earlier ones by id.
// Errors: those of LoadHardwareTable and MergeHardwareTables.
Result<std::vector<Hardware>> LoadHardwareTables(const std::vector<std::string>& user_paths);

// Finds an accelerator by id or alias, ignoring ASCII case.
// The pointer points into `table` and lives as long as it does.
// Errors: kNotFound "unknown accelerator 'h10', did you mean 'h100'?" when a name
// is within a small edit distance, else "unknown accelerator 'xyz'; known: a100-40gb,
// ..." listing every id in table order.
Result<const Hardware*> FindHardware(const std::vector<Hardware>& table,
                                     std::string_view id_or_alias);

}  // namespace llmcost

#endif  // LLMCOST_HARDWARE_H_

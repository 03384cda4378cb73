// Report: format-neutral results, ready for any renderer.
//
// Stage 4 of the pipeline (analyses -> Report -> renderer). A Report is a list of
// items (one per model, or per accelerator, ...), each a tree of Entries. Builders
// (src/report/) decide what to show; renderers (render.h) only decide how.
#ifndef LLMCOST_REPORT_H_
#define LLMCOST_REPORT_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace llmcost {

// What a value measures: picks its text formatting. Machine formats (JSON, CSV)
// always print base units: counts and bytes as exact integers, the rest as doubles.
enum class Unit {
  kNone,       // plain text, bool, or a plain integer such as a layer count ("2304")
  kCount,      // a large count, humanized in text as "1.294B", "147.5M"
  kFlops,      // FLOPs, text "2.612 GFLOPs"
  kFlopRate,   // FLOP/s, text "989.0 TFLOP/s"
  kBytes,      // bytes, text "12.50 GiB" (binary prefixes)
  kBytesRate,  // bytes/s, text "3.350 TB/s" (decimal prefixes)
  kSeconds,    // text "1.234 s", "3.5 days"
  kHours,      // text "2.664M h"
  kUsd,        // text "$5.328M"
  kKwh,        // text "1.234M kWh"
  kWatts,      // text "700 W"
  kPercent,    // a fraction in [0, 1] printed as "50.1%"
  kRatio,      // a dimensionless double, 4 significant digits
};

// A list of strings (e.g. assumptions) renders as a JSON array and as one text line each.
using Value =
    std::variant<std::monostate, bool, int64_t, double, std::string, std::vector<std::string>>;

// Where an entry appears.
enum class Visibility {
  kEverywhere,
  kMachineOnly,  // JSON and CSV only (exact detail a person need not read)
  kTextOnly,     // text, Markdown only (decoration such as a section's headline value)
};

struct Entry {
  // Machine name: a JSON key / CSV column part, e.g. "total". A key with '/' places the
  // entry deeper in the JSON object ("forward/total"); sections with the same key merge.
  std::string key;
  std::string label;  // human name, e.g. "Total"
  Value value;        // empty for a pure section
  Unit unit = Unit::kNone;
  std::string note;  // shown after the value in text, e.g. "(input + output, no tying)"
  Visibility visibility = Visibility::kEverywhere;
  std::vector<Entry> children;  // a section; JSON renders children as an object
};

// Builders for the common shapes.
Entry Section(std::string key, std::string label, std::vector<Entry> children = {});
Entry Leaf(std::string key, std::string label, Value value, Unit unit = Unit::kNone,
           std::string note = {});
Entry MachineLeaf(std::string key, Value value, Unit unit = Unit::kNone);

struct Report {
  std::string title;                // e.g. "Model Architecture Analysis"
  std::string items_key;            // JSON array name, e.g. "models"
  int schema_version = 1;           // bumped on any breaking JSON change (docs/output-schema.md)
  std::vector<std::string> header;  // lines printed under the title: conventions in force
  std::vector<Entry> items;         // one tree per model / accelerator / law ...
};

}  // namespace llmcost

#endif  // LLMCOST_REPORT_H_

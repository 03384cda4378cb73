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

#include "llmcost/chart.h"
#include "llmcost/phrase.h"
#include "llmcost/text.h"

namespace llmcost {

// A list of lines (e.g. assumptions, reasons) renders as a JSON array and as one text line each.
using Value = std::variant<std::monostate, bool, int64_t, double, std::string, std::vector<Phrase>>;

// A list value from plain strings.
std::vector<Phrase> Lines(const std::vector<std::string>& lines);

// Where an entry appears.
enum class Visibility {
  kEverywhere,
  kMachineOnly,  // JSON and CSV only (exact detail a person need not read)
  kTextOnly,     // text, Markdown only (decoration such as a section's headline value)
};

// Who reads the items a builder makes. Machines (JSON, CSV) are shown keys, values and units
// only: for them a builder may leave out labels, notes and text-only entries, which their
// renderers never print, and so skip building them (thousands of configs in one call).
enum class Readers { kPeople, kMachines };

struct Entry {
  // Machine name: a JSON key / CSV column part, e.g. "total". A key with '/' places the
  // entry deeper in the JSON object ("forward/total"); sections with the same key merge.
  // Keys and labels are mostly literals, borrowed (text.h).
  Text key;
  Text label;   // human name, e.g. "Total"
  Value value;  // empty for a pure section
  Unit unit = Unit::kNone;
  Phrase note;  // shown after the value in text, e.g. "(input + output, no tying)"
  Visibility visibility = Visibility::kEverywhere;
  std::vector<Entry> children;  // a section; JSON renders children as an object
};

// Builders for the common shapes.
Entry Section(Text key, Text label, std::vector<Entry> children = {});
Entry Leaf(Text key, Text label, Value value, Unit unit = Unit::kNone, Phrase note = {});
Entry MachineLeaf(Text key, Value value, Unit unit = Unit::kNone);
// `to->push_back(Leaf(...))` without building the entry elsewhere and moving it (a model's
// item has some fifty leaves). Returns the new leaf.
Entry& AddLeaf(std::vector<Entry>* to, Text key, Text label, Value value, Unit unit = Unit::kNone,
               Phrase note = {});

// The version of the JSON output schema every command writes (docs/output-schema.md
// "schema_version history"), bumped on any breaking change to any command's JSON.
inline constexpr int kOutputSchemaVersion = 2;

struct Report {
  std::string title;      // e.g. "Model Architecture Analysis"
  std::string items_key;  // JSON array name, e.g. "models"
  int schema_version = kOutputSchemaVersion;
  std::vector<Phrase> header;  // lines printed under the title: conventions in force
  std::vector<Entry> items;    // one tree per model / accelerator / law ... (key: its name)
  std::vector<Chart> charts;   // what the SVG and HTML formats draw, top to bottom
};

}  // namespace llmcost

#endif  // LLMCOST_REPORT_H_

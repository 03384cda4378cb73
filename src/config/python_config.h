// nanoGPT-style Python configs (`n_layer = 12` lines, e.g. config/train_gpt2.py) -> JSON.
//
// Private to src/config/. Nothing is ever run: the file is read as data, and a line the
// reader does not understand is an error with its line and column, never skipped.
#ifndef LLMCOST_SRC_CONFIG_PYTHON_CONFIG_H_
#define LLMCOST_SRC_CONFIG_PYTHON_CONFIG_H_

#include <string_view>

#include <nlohmann/json.hpp>

#include "llmcost/status.h"

namespace llmcost::config {

// Reads a file of top-level assignments `name = value`, one per line, into a JSON object.
// Accepted, and nothing else:
//   - blank lines and `# comments` (also after a value; a UTF-8 byte-order mark first);
//   - `name` a Python identifier (ASCII) at column 1, assigned once;
//   - `value` one Python literal: an integer (1_000, 0x10, 0o17, 0b101, optional sign),
//     a float (3e-4, 1_0.5, .5, 2.), True, False, None, or a one-line '...' / "..."
//     string with the escapes \\ \' \" \n \r \t \0; or integers joined by `*`
//     (nanoGPT writes `gradient_accumulation_steps = 5 * 8`), multiplied with an
//     overflow check.
// Errors: kInvalidArgument "<origin>:<line>:<column>: expected <what>, got <found>", e.g.
//   "cfg.py:3:9: expected '=' after the name, got '+='" for `n_layer += 10`,
//   "cfg.py:4:1: expected a top-level `name = value` line, got an indented line",
//   "cfg.py:2:11: expected a literal (number, string, True, False or None), got '_2'",
//   "cfg.py:7:1: n_layer is assigned twice (first at line 3); keep one".
Result<nlohmann::json> ParsePythonAssignments(std::string_view text, std::string_view origin);

}  // namespace llmcost::config

#endif  // LLMCOST_SRC_CONFIG_PYTHON_CONFIG_H_

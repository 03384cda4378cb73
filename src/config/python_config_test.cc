// The .py reader accepts exactly `name = literal` lines and rejects everything else with
// line:column (issue 9 item 4: nothing is skipped, nothing is run).
#include "python_config.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace llmcost::config {
namespace {

using ::llmcost::testing::IsOk;
using ::llmcost::testing::StatusIs;

struct Accepted {
  const char* name;
  const char* text;
  const char* json;  // the object read, as nlohmann dumps it
};

constexpr Accepted kAccepted[] = {
    {"int", "n_layer = 12\n", R"({"n_layer":12})"},
    {"underscores", "vocab_size = 50_304\n", R"({"vocab_size":50304})"},
    {"negative", "x = -3\n", R"({"x":-3})"},
    {"plus_sign", "x = +3\n", R"({"x":3})"},
    {"hex_octal_binary", "a = 0x10\nb = 0o17\nc = 0b101\nd = 0X_ff\n",
     R"({"a":16,"b":15,"c":5,"d":255})"},
    {"zeros", "x = 000\n", R"({"x":0})"},
    {"floats", "a = 3e-4\nb = 1_0.5\nc = .5\nd = 2.\ne = 1E3\n",
     R"({"a":0.0003,"b":10.5,"c":0.5,"d":2.0,"e":1000.0})"},
    {"constants", "a = True\nb = False\nc = None\n", R"({"a":true,"b":false,"c":null})"},
    {"strings", "a = 'out'\nb = \"x # not a comment\"\nc = 'it\\'s'\nd = \"tab\\there\"\n",
     R"({"a":"out","b":"x # not a comment","c":"it's","d":"tab\there"})"},
    {"comments_blank_lines", "# header\n\n   # indented comment\nx = 1  # trailing\n\t\n",
     R"({"x":1})"},
    {"no_spaces", "x=1\n", R"({"x":1})"},
    {"crlf_and_no_final_newline", "x = 1\r\ny = 2", R"({"x":1,"y":2})"},
    {"byte_order_mark", "\xEF\xBB\xBFx = 1\n", R"({"x":1})"},
    {"integer_product", "gradient_accumulation_steps = 5 * 8\n",
     R"({"gradient_accumulation_steps":40})"},
};

TEST(PythonConfigTest, AcceptsLiteralAssignments) {
  for (const Accepted& c : kAccepted) {
    SCOPED_TRACE(c.name);
    Result<nlohmann::json> parsed = ParsePythonAssignments(c.text, "c.py");
    ASSERT_THAT(parsed, IsOk());
    EXPECT_EQ(parsed->dump(), c.json);
  }
}

struct Rejected {
  const char* name;
  const char* text;
  const char* message;
};

constexpr Rejected kRejected[] = {
    {"augmented_assignment", "n_layer = 12\nn_layer += 10\n",
     "c.py:2:9: expected '=' after the name, got '+=' (only `name = value` lines are read)"},
    {"indented_reassignment", "n_layer = 12\nif True:\n    n_layer = 24\n",
     "c.py:2:1: expected a `name = value` line (llmcost never runs a .py config), got 'if "
     "True:'"},
    {"indented_line", "n_layer = 12\n    n_layer = 24\n",
     "c.py:2:1: expected a top-level `name = value` line, got an indented line ('n_layer = "
     "24')"},
    {"leading_underscore_number", "n_layer = _2\n",
     "c.py:1:11: expected a literal (number, string, True, False or None), got '_2'"},
    {"call", "n_layer = int(12)\n",
     "c.py:1:11: expected a literal (number, string, True, False or None), got 'int(12)'"},
    {"import", "import os\n",
     "c.py:1:1: expected a `name = value` line (llmcost never runs a .py config), got 'import "
     "os'"},
    {"from_import", "from x import *\n",
     "c.py:1:1: expected a `name = value` line (llmcost never runs a .py config), got 'from x "
     "import *'"},
    {"exec_call", "exec('n_layer = 2')\n",
     "c.py:1:5: expected '=' after the name, got '(' (only `name = value` lines are read)"},
    {"name_reference", "a = 1\nb = a\n",
     "c.py:2:5: expected a literal (number, string, True, False or None), got 'a'"},
    {"sum", "x = 1 + 2\n",
     "c.py:1:7: expected the end of the line or a # comment after the value, got '+ 2'"},
    {"float_product", "x = 2 * 0.5\n",
     "c.py:1:7: expected integers on both sides of '*', got '2 * 0.5'"},
    {"product_overflow", "x = 4294967296 * 4294967296\n",
     "c.py:1:18: product does not fit in 64 bits, got '4294967296 * 4294967296'"},
    {"semicolon", "x = 1; y = 2\n",
     "c.py:1:6: expected the end of the line or a # comment after the value, got '; y = 2'"},
    {"two_values", "x = 1 2\n",
     "c.py:1:7: expected the end of the line or a # comment after the value, got '2'"},
    {"tuple_target", "a, b = 1, 2\n",
     "c.py:1:2: expected '=' after the name, got ',' (only `name = value` lines are read)"},
    {"chained_assignment", "a = b = 1\n",
     "c.py:1:5: expected a literal (number, string, True, False or None), got 'b = 1'"},
    {"bare_name", "n_layer = 12\nn_embd\n",
     "c.py:2:7: expected '=' after the name, got the end of the line (only `name = value` lines "
     "are read)"},
    {"comparison", "a == 1\n",
     "c.py:1:3: expected '=' after the name, got '==' (only `name = value` lines are read)"},
    {"keyword_target", "True = 1\n",
     "c.py:1:1: expected a `name = value` line (llmcost never runs a .py config), got 'True = "
     "1'"},
    {"no_value", "x =\n",
     "c.py:1:4: expected a literal (number, string, True, False or None), got the end of the "
     "line"},
    {"no_value_comment", "x = # later\n",
     "c.py:1:5: expected a literal (number, string, True, False or None), got '# later'"},
    {"leading_zero", "x = 012\n",
     "c.py:1:5: expected a decimal integer without leading zeros, got '012'"},
    {"double_underscore", "x = 1__000\n",
     "c.py:1:5: expected a literal (number, string, True, False or None), got '1__000'"},
    {"trailing_underscore", "x = 1000_\n",
     "c.py:1:5: expected a literal (number, string, True, False or None), got '1000_'"},
    {"imaginary", "x = 3j\n",
     "c.py:1:5: expected a literal (number, string, True, False or None), got '3j'"},
    {"int_overflow", "x = 9223372036854775808\n",
     "c.py:1:5: integer does not fit in 64 bits, got '9223372036854775808'"},
    {"float_overflow", "x = 1e400\n", "c.py:1:5: number '1e400' is beyond the range of a double"},
    {"unterminated_string", "x = 'abc\n",
     "c.py:1:5: expected a closing ' on the same line, got ''abc'"},
    {"triple_quoted", "x = '''abc'''\n",
     "c.py:1:5: expected a one-line string, got a triple-quoted string"},
    {"f_string", "x = f'{1}'\n",
     "c.py:1:5: expected a literal (number, string, True, False or None), got 'f'{1}''"},
    {"unknown_escape", "x = 'a\\qb'\n",
     "c.py:1:7: expected one of the escapes \\\\ \\' \\\" \\n \\r \\t \\0, got '\\q'"},
    {"list", "x = [1, 2]\n",
     "c.py:1:5: expected a literal (number, string, True, False or None), got '[1, 2]'"},
    {"continuation", "x = \\\n  1\n",
     "c.py:1:5: expected a literal (number, string, True, False or None), got '\\'"},
    {"true_attribute", "x = True.real\n",
     "c.py:1:5: expected a literal (number, string, True, False or None), got 'True.real'"},
    {"assigned_twice", "n_layer = 12\n\nn_layer = 6\n",
     "c.py:3:1: n_layer is assigned twice (first at line 1); keep one"},
    {"control_bytes_escaped", "x = \x1b[31m\n",
     "c.py:1:5: expected a literal (number, string, True, False or None), got '\\x1B[31m'"},
    {"non_ascii_name", "n\xC3\xA9 = 1\n",
     "c.py:1:2: expected '=' after the name, got '\xC3\xA9' (only `name = value` lines are read)"},
};

TEST(PythonConfigTest, RejectsEverythingElseWithLineAndColumn) {
  for (const Rejected& c : kRejected) {
    SCOPED_TRACE(c.name);
    EXPECT_THAT(ParsePythonAssignments(c.text, "c.py"),
                StatusIs(StatusCode::kInvalidArgument, c.message));
  }
}

TEST(PythonConfigTest, NulByteIsAnError) {
  EXPECT_THAT(ParsePythonAssignments(std::string("x = 1\ny = 2\0\n", 13), "c.py"),
              StatusIs(StatusCode::kInvalidArgument,
                       "c.py:2:6: expected text, got a NUL byte (is this a binary file?)"));
}

}  // namespace
}  // namespace llmcost::config

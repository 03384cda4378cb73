#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "llmcost/hardware.h"
#include "llmcost/status.h"

namespace llmcost {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using Json = nlohmann::ordered_json;

constexpr int64_t kBytesPerGiB = int64_t{1} << 30;

// A valid entry with every required field; tests change one thing at a time.
Json ValidEntry(const std::string& id = "test-gpu") {
  return Json{
      {"id", id},
      {"aliases", Json::array({id + "-alias"})},
      {"name", "Test GPU"},
      {"vendor", "Acme"},
      {"peak_bf16_flops_per_s", 100e12},
      {"memory_bytes", 80 * kBytesPerGiB},
      {"memory_bandwidth_bytes_per_s", 2e12},
      {"power_watts", 400},
      {"sources",
       {{"peak_bf16_flops_per_s", "datasheet p1"},
        {"memory_bytes", "datasheet p2"},
        {"memory_bandwidth_bytes_per_s", "datasheet p3"},
        {"power_watts", "datasheet p4"}}},
      {"as_of", "2026-01-31"},
  };
}

std::string TableText(const std::vector<Json>& entries) {
  return Json(entries).dump(2);
}

Result<std::vector<Hardware>> ParseEntries(const std::vector<Json>& entries) {
  return ParseHardwareTable(TableText(entries), "t.json");
}

// Parses a one-entry table whose entry is ValidEntry() with `field` set to `value`.
Result<std::vector<Hardware>> ParseWith(const std::string& field, const Json& value) {
  Json entry = ValidEntry();
  entry[field] = value;
  return ParseEntries({entry});
}

Result<std::vector<Hardware>> ParseWithout(const std::string& field) {
  Json entry = ValidEntry();
  entry.erase(field);
  return ParseEntries({entry});
}

template <typename T>
void ExpectError(const Result<T>& result, StatusCode code, const std::string& message) {
  ASSERT_FALSE(result.ok()) << "expected error: " << message;
  EXPECT_EQ(result.status().code(), code) << result.status().message();
  EXPECT_EQ(result.status().message(), message);
}

std::string WriteTempFile(const std::string& name, const std::string& contents) {
  std::string path = ::testing::TempDir() + "/llmcost_hardware_reader_test_" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  return path;
}

// ---- Parsing valid input ----

TEST(ParseHardwareTableTest, ReadsEveryField) {
  Json entry = ValidEntry("h9000");
  entry["peak_fp8_flops_per_s"] = 200e12;
  entry["price_usd_per_gpu_hour"] = 2.5;
  entry["sources"]["peak_fp8_flops_per_s"] = "datasheet p5";
  entry["sources"]["price_usd_per_gpu_hour"] = "price list";
  entry["notes"] = "a note";
  const auto table = ParseEntries({entry});
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->size(), 1u);
  const Hardware& hw = (*table)[0];
  EXPECT_EQ(hw.id, "h9000");
  EXPECT_THAT(hw.aliases, ElementsAre("h9000-alias"));
  EXPECT_EQ(hw.name, "Test GPU");
  EXPECT_EQ(hw.vendor, "Acme");
  EXPECT_EQ(hw.peak_bf16_flops_per_s, 100e12);
  EXPECT_EQ(hw.peak_fp8_flops_per_s, 200e12);
  EXPECT_EQ(hw.memory_bytes, 80 * kBytesPerGiB);
  EXPECT_EQ(hw.memory_bandwidth_bytes_per_s, 2e12);
  EXPECT_EQ(hw.power_watts, 400.0);
  EXPECT_EQ(hw.price_usd_per_gpu_hour, 2.5);
  EXPECT_EQ(hw.as_of, "2026-01-31");
  EXPECT_EQ(hw.notes, "a note");
  EXPECT_EQ(hw.origin, "t.json");
  ASSERT_EQ(hw.sources.size(), 6u);
  // File order is kept.
  EXPECT_EQ(hw.sources[0].field, "peak_bf16_flops_per_s");
  EXPECT_EQ(hw.sources[0].citation, "datasheet p1");
  EXPECT_EQ(hw.sources[5].field, "price_usd_per_gpu_hour");
}

TEST(ParseHardwareTableTest, OptionalFieldsMayBeAbsentOrNull) {
  Json entry = ValidEntry();
  entry.erase("aliases");
  entry.erase("power_watts");
  entry["sources"].erase("power_watts");
  entry["peak_fp8_flops_per_s"] = nullptr;
  entry["price_usd_per_gpu_hour"] = nullptr;
  const auto table = ParseEntries({entry});
  ASSERT_TRUE(table.ok()) << table.status().message();
  const Hardware& hw = (*table)[0];
  EXPECT_TRUE(hw.aliases.empty());
  EXPECT_FALSE(hw.peak_fp8_flops_per_s.has_value());
  EXPECT_FALSE(hw.power_watts.has_value());
  EXPECT_FALSE(hw.price_usd_per_gpu_hour.has_value());
}

TEST(ParseHardwareTableTest, NullFieldMayStillCarryAnExplanation) {
  Json entry = ValidEntry();
  entry["price_usd_per_gpu_hour"] = nullptr;
  entry["sources"]["price_usd_per_gpu_hour"] = "no public price";
  EXPECT_TRUE(ParseEntries({entry}).ok());
}

TEST(ParseHardwareTableTest, AcceptsComments) {
  const std::string text = "// shipped table\n" + TableText({ValidEntry()}) + "\n/* end */\n";
  const auto table = ParseHardwareTable(text, "t.json");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->size(), 1u);
}

TEST(ParseHardwareTableTest, KeepsFileOrder) {
  const auto table = ParseEntries({ValidEntry("zeta"), ValidEntry("alpha")});
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ((*table)[0].id, "zeta");
  EXPECT_EQ((*table)[1].id, "alpha");
}

TEST(ParseHardwareTableTest, AcceptsIntegerAndFloatNumbers) {
  Json entry = ValidEntry();
  entry["peak_bf16_flops_per_s"] = 312000000000000;  // an integer literal
  entry["power_watts"] = 350.5;
  const auto table = ParseEntries({entry});
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ((*table)[0].peak_bf16_flops_per_s, 312e12);
  EXPECT_EQ((*table)[0].power_watts, 350.5);
}

// ---- Document-level errors ----

TEST(ParseHardwareTableTest, SyntaxErrorCarriesLineAndColumn) {
  const auto table = ParseHardwareTable("[\n  {\"id\": }\n]", "t.json");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(table.status().message(), StartsWith("t.json:2:10: syntax error"));
}

TEST(ParseHardwareTableTest, EmptyTextIsASyntaxError) {
  const auto table = ParseHardwareTable("", "t.json");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(table.status().message(), StartsWith("t.json:1:1: "));
  EXPECT_THAT(table.status().message(), HasSubstr("unexpected end of input"));
}

TEST(ParseHardwareTableTest, RootMustBeAnArray) {
  ExpectError(ParseHardwareTable("{\"id\": \"x\"}", "t.json"), StatusCode::kInvalidArgument,
              "t.json: must be an array of accelerator objects, got {\"id\":\"x\"}");
}

TEST(ParseHardwareTableTest, RootMustNotBeEmpty) {
  ExpectError(ParseHardwareTable("[]", "t.json"), StatusCode::kInvalidArgument,
              "t.json: must list at least one accelerator, got []");
}

TEST(ParseHardwareTableTest, EntryMustBeAnObject) {
  ExpectError(ParseHardwareTable("[5]", "t.json"), StatusCode::kInvalidArgument,
              "t.json: /0: must be an object, got 5");
}

TEST(ParseHardwareTableTest, LongBadValuesAreShortened) {
  const std::string long_name(100, 'x');
  const auto table = ParseWith("id", long_name + "Y");
  ASSERT_FALSE(table.ok());
  EXPECT_THAT(table.status().message(), HasSubstr(", got \"" + std::string(56, 'x') + "..."));
}

// ---- Field errors ----

TEST(ParseHardwareTableTest, MessageNamesFileIndexAndField) {
  // The example from the design: a bad memory_bytes in the fourth entry.
  Json bad = ValidEntry("d");
  bad["memory_bytes"] = -1;
  ExpectError(
      ParseHardwareTable(TableText({ValidEntry("a"), ValidEntry("b"), ValidEntry("c"), bad}),
                         "data/hw.json"),
      StatusCode::kInvalidArgument,
      "data/hw.json: /3/memory_bytes: must be a positive integer, got -1");
}

class MissingFieldTest : public ::testing::TestWithParam<const char*> {};

TEST_P(MissingFieldTest, IsReported) {
  const std::string field = GetParam();
  ExpectError(ParseWithout(field), StatusCode::kInvalidArgument,
              "t.json: /0: missing required field '" + field + "'");
}

INSTANTIATE_TEST_SUITE_P(RequiredFields, MissingFieldTest,
                         ::testing::Values("id", "name", "vendor", "peak_bf16_flops_per_s",
                                           "memory_bytes", "memory_bandwidth_bytes_per_s",
                                           "sources", "as_of"));

TEST(ParseHardwareTableTest, UnknownFieldGetsSuggestion) {
  ExpectError(ParseWith("memroy_bytes", 1), StatusCode::kInvalidArgument,
              "t.json: /0/memroy_bytes: unknown field, did you mean 'memory_bytes'?");
}

TEST(ParseHardwareTableTest, UnknownFieldWithoutCloseMatch) {
  ExpectError(ParseWith("colour", "red"), StatusCode::kInvalidArgument,
              "t.json: /0/colour: unknown field");
}

TEST(ParseHardwareTableTest, UnknownFieldNameIsEscapedInPointer) {
  ExpectError(ParseWith("a/b~c", 1), StatusCode::kInvalidArgument,
              "t.json: /0/a~1b~0c: unknown field");
}

// A field name with a control byte (a fuzzer flipped '_' to 0x1F) is echoed escaped, so the
// message stays one printable line.
TEST(ParseHardwareTableTest, UnknownFieldNameWithControlByteIsPrintable) {
  ExpectError(ParseWith("peak\x1f"
                        "bf16",
                        1),
              StatusCode::kInvalidArgument, "t.json: /0/peak\\x1Fbf16: unknown field");
}

TEST(ParseHardwareTableTest, MemoryBytesMustBeAPositiveInteger) {
  ExpectError(ParseWith("memory_bytes", 0), StatusCode::kInvalidArgument,
              "t.json: /0/memory_bytes: must be a positive integer, got 0");
  ExpectError(ParseWith("memory_bytes", 85.5), StatusCode::kInvalidArgument,
              "t.json: /0/memory_bytes: must be a positive integer, got 85.5");
  ExpectError(ParseWith("memory_bytes", "80GB"), StatusCode::kInvalidArgument,
              "t.json: /0/memory_bytes: must be a positive integer, got \"80GB\"");
  ExpectError(ParseWith("memory_bytes", nullptr), StatusCode::kInvalidArgument,
              "t.json: /0/memory_bytes: must be a positive integer, got null");
}

TEST(ParseHardwareTableTest, MemoryBytesBeyondInt64IsOutOfRange) {
  ExpectError(ParseWith("memory_bytes", uint64_t{9223372036854775808u}), StatusCode::kOutOfRange,
              "t.json: /0/memory_bytes: must be at most 9223372036854775807, got "
              "9223372036854775808");
}

class RequiredPositiveTest : public ::testing::TestWithParam<const char*> {};

TEST_P(RequiredPositiveTest, RejectsZeroNegativeAndNonNumbers) {
  const std::string field = GetParam();
  const std::string prefix = "t.json: /0/" + field + ": must be a positive number, got ";
  ExpectError(ParseWith(field, 0), StatusCode::kInvalidArgument, prefix + "0");
  ExpectError(ParseWith(field, -2.5), StatusCode::kInvalidArgument, prefix + "-2.5");
  ExpectError(ParseWith(field, "1e12"), StatusCode::kInvalidArgument, prefix + "\"1e12\"");
  ExpectError(ParseWith(field, nullptr), StatusCode::kInvalidArgument, prefix + "null");
}

INSTANTIATE_TEST_SUITE_P(Fields, RequiredPositiveTest,
                         ::testing::Values("peak_bf16_flops_per_s",
                                           "memory_bandwidth_bytes_per_s"));

class OptionalPositiveTest : public ::testing::TestWithParam<const char*> {};

TEST_P(OptionalPositiveTest, RejectsZeroNegativeAndNonNumbers) {
  const std::string field = GetParam();
  const std::string prefix = "t.json: /0/" + field + ": must be a positive number or null, got ";
  ExpectError(ParseWith(field, 0), StatusCode::kInvalidArgument, prefix + "0");
  ExpectError(ParseWith(field, -1), StatusCode::kInvalidArgument, prefix + "-1");
  ExpectError(ParseWith(field, "cheap"), StatusCode::kInvalidArgument, prefix + "\"cheap\"");
  ExpectError(ParseWith(field, false), StatusCode::kInvalidArgument, prefix + "false");
}

INSTANTIATE_TEST_SUITE_P(Fields, OptionalPositiveTest,
                         ::testing::Values("peak_fp8_flops_per_s", "power_watts",
                                           "price_usd_per_gpu_hour"));

TEST(ParseHardwareTableTest, NumberTooLargeForDoubleIsRejected) {
  std::string text = TableText({ValidEntry()});
  const std::string needle = "\"power_watts\": 400";
  text.replace(text.find(needle), needle.size(), "\"power_watts\": 1e400");
  ExpectError(ParseHardwareTable(text, "t.json"), StatusCode::kInvalidArgument,
              "t.json:12:20: number is beyond the range of a double, got 1e400");
}

TEST(ParseHardwareTableTest, IdMustBeALowercaseName) {
  const std::string prefix =
      "t.json: /0/id: must be a lowercase name of [a-z0-9] then [a-z0-9._-], got ";
  ExpectError(ParseWith("id", "H100"), StatusCode::kInvalidArgument, prefix + "\"H100\"");
  ExpectError(ParseWith("id", ""), StatusCode::kInvalidArgument, prefix + "\"\"");
  ExpectError(ParseWith("id", "-h100"), StatusCode::kInvalidArgument, prefix + "\"-h100\"");
  ExpectError(ParseWith("id", "h100 sxm"), StatusCode::kInvalidArgument, prefix + "\"h100 sxm\"");
  ExpectError(ParseWith("id", 100), StatusCode::kInvalidArgument, prefix + "100");
}

TEST(ParseHardwareTableTest, AliasesMustBeAnArrayOfNames) {
  ExpectError(ParseWith("aliases", "h100"), StatusCode::kInvalidArgument,
              "t.json: /0/aliases: must be an array of names, got \"h100\"");
  ExpectError(ParseWith("aliases", Json::array({"ok", "Bad"})), StatusCode::kInvalidArgument,
              "t.json: /0/aliases/1: must be a lowercase name of [a-z0-9] then [a-z0-9._-], got "
              "\"Bad\"");
}

TEST(ParseHardwareTableTest, NameAndVendorMustBeNonEmptyStrings) {
  ExpectError(ParseWith("name", ""), StatusCode::kInvalidArgument,
              "t.json: /0/name: must be a non-empty string, got \"\"");
  ExpectError(ParseWith("vendor", 7), StatusCode::kInvalidArgument,
              "t.json: /0/vendor: must be a non-empty string, got 7");
}

TEST(ParseHardwareTableTest, NotesMustBeAString) {
  ExpectError(ParseWith("notes", Json::array()), StatusCode::kInvalidArgument,
              "t.json: /0/notes: must be a string, got []");
}

TEST(ParseHardwareTableTest, AsOfMustBeADate) {
  const std::string prefix = "t.json: /0/as_of: must be a calendar date YYYY-MM-DD, got ";
  ExpectError(ParseWith("as_of", "2025"), StatusCode::kInvalidArgument, prefix + "\"2025\"");
  ExpectError(ParseWith("as_of", "2025-13-01"), StatusCode::kInvalidArgument,
              prefix + "\"2025-13-01\"");
  ExpectError(ParseWith("as_of", "2025-01-00"), StatusCode::kInvalidArgument,
              prefix + "\"2025-01-00\"");
  ExpectError(ParseWith("as_of", 20250101), StatusCode::kInvalidArgument, prefix + "20250101");
}

// A date that names no day is an error, leap years included (issue 9: "February 31").
TEST(ParseHardwareTableTest, AsOfMustBeACalendarDay) {
  const std::string prefix = "t.json: /0/as_of: must be a calendar date YYYY-MM-DD, got ";
  for (const char* bad : {"2025-02-31", "2025-02-29", "1900-02-29", "2025-04-31", "2025-06-31"}) {
    SCOPED_TRACE(bad);
    ExpectError(ParseWith("as_of", bad), StatusCode::kInvalidArgument, prefix + "\"" + bad + "\"");
  }
  for (const char* good : {"2024-02-29", "2000-02-29", "2025-01-31", "2025-12-31"}) {
    SCOPED_TRACE(good);
    EXPECT_TRUE(ParseWith("as_of", good).ok());
  }
}

// The hardware reader is the config reader's JSON reader: duplicate keys, deep nesting and
// NUL bytes are errors there too (issue 9: deep nesting used to overflow the stack).
TEST(ParseHardwareTableTest, DuplicateKeyIsAnError) {
  std::string text = "[" + ValidEntry().dump() + "]";
  text.insert(text.find("\"name\""), "\"name\": \"first\", ");
  ExpectError(ParseHardwareTable(text, "t.json"), StatusCode::kInvalidArgument,
              "t.json: /0/name: key appears twice in one object; keep one");
}

TEST(ParseHardwareTableTest, DeepNestingIsAnErrorNotACrash) {
  const std::string text = std::string(200000, '[') + std::string(200000, ']');
  ExpectError(ParseHardwareTable(text, "t.json"), StatusCode::kInvalidArgument,
              "t.json:1:101: arrays and objects nest deeper than 100 levels");
}

TEST(ParseHardwareTableTest, NulByteIsAnError) {
  ExpectError(ParseHardwareTable(std::string("[]\0[]", 5), "t.json"), StatusCode::kInvalidArgument,
              "t.json:1:3: expected JSON text, got a NUL byte (is this a binary file?)");
}

// Name checks are hash-based: 20,000 entries parse and check in well under a second here
// (the old pairwise check took minutes). No timing assertion; the duplicate at the end
// must still be found, with both indices.
TEST(ParseHardwareTableTest, ManyEntriesAreCheckedAndTheLastDuplicateFound) {
  std::vector<Json> entries;
  for (int i = 0; i < 20000; ++i) {
    entries.push_back(ValidEntry("gpu-" + std::to_string(i)));
  }
  ASSERT_TRUE(ParseEntries(entries).ok());
  entries.push_back(ValidEntry("gpu-7"));
  ExpectError(ParseEntries(entries), StatusCode::kInvalidArgument,
              "t.json: /20000/id: must be unique, got \"gpu-7\" (already names 'gpu-7' at /7)");
}

TEST(ParseHardwareTableTest, SourcesMustBeAnObject) {
  ExpectError(ParseWith("sources", "datasheet"), StatusCode::kInvalidArgument,
              "t.json: /0/sources: must be an object mapping field names to citations, got "
              "\"datasheet\"");
}

TEST(ParseHardwareTableTest, SourcesKeysMustNameNumericFields) {
  Json entry = ValidEntry();
  entry["sources"]["memroy_bytes"] = "x";
  ExpectError(ParseEntries({entry}), StatusCode::kInvalidArgument,
              "t.json: /0/sources/memroy_bytes: unknown field, did you mean 'memory_bytes'?");
  entry = ValidEntry();
  entry["sources"]["name"] = "x";  // a field, but not a number
  ExpectError(ParseEntries({entry}), StatusCode::kInvalidArgument,
              "t.json: /0/sources/name: unknown field");
}

TEST(ParseHardwareTableTest, CitationsMustBeNonEmptyStrings) {
  Json entry = ValidEntry();
  entry["sources"]["memory_bytes"] = "";
  ExpectError(ParseEntries({entry}), StatusCode::kInvalidArgument,
              "t.json: /0/sources/memory_bytes: must be a non-empty citation string, got \"\"");
  entry["sources"]["memory_bytes"] = 3;
  ExpectError(ParseEntries({entry}), StatusCode::kInvalidArgument,
              "t.json: /0/sources/memory_bytes: must be a non-empty citation string, got 3");
}

TEST(ParseHardwareTableTest, EveryNumberNeedsACitation) {
  Json entry = ValidEntry();
  entry["sources"].erase("memory_bytes");
  ExpectError(ParseEntries({entry}), StatusCode::kInvalidArgument,
              "t.json: /0/sources: missing a citation for 'memory_bytes'");
  entry = ValidEntry();
  entry["peak_fp8_flops_per_s"] = 1e15;  // present, so it needs a source too
  ExpectError(ParseEntries({entry}), StatusCode::kInvalidArgument,
              "t.json: /0/sources: missing a citation for 'peak_fp8_flops_per_s'");
}

TEST(ParseHardwareTableTest, IdsMustBeUnique) {
  ExpectError(ParseEntries({ValidEntry("a"), ValidEntry("b"), ValidEntry("a")}),
              StatusCode::kInvalidArgument,
              "t.json: /2/id: must be unique, got \"a\" (already names 'a' at /0)");
}

TEST(ParseHardwareTableTest, AliasMustNotRepeatAnotherEntrysName) {
  Json second = ValidEntry("b");
  second["aliases"] = Json::array({"b2", "a"});
  ExpectError(ParseEntries({ValidEntry("a"), second}), StatusCode::kInvalidArgument,
              "t.json: /1/aliases/1: must be unique, got \"a\" (already names 'a' at /0)");
  second["aliases"] = Json::array({"a-alias"});
  ExpectError(ParseEntries({ValidEntry("a"), second}), StatusCode::kInvalidArgument,
              "t.json: /1/aliases/0: must be unique, got \"a-alias\" (already names 'a' at /0)");
}

TEST(ParseHardwareTableTest, AliasMustNotRepeatWithinEntry) {
  ExpectError(ParseWith("aliases", Json::array({"x", "x"})), StatusCode::kInvalidArgument,
              "t.json: /0/aliases/1: must be unique, got \"x\" (already names 'test-gpu' in "
              "this entry)");
  ExpectError(ParseWith("aliases", Json::array({"test-gpu"})), StatusCode::kInvalidArgument,
              "t.json: /0/aliases/0: must be unique, got \"test-gpu\" (already names "
              "'test-gpu' in this entry)");
}

// ---- FindHardware ----

std::vector<Hardware> SmallTable() {
  Json h100 = ValidEntry("h100-sxm");
  h100["aliases"] = Json::array({"h100"});
  Json a100 = ValidEntry("a100-80gb");
  a100["aliases"] = Json::array({"a100"});
  auto table = ParseEntries({h100, a100});
  EXPECT_TRUE(table.ok()) << table.status().message();
  return table.ok() ? *table : std::vector<Hardware>();
}

TEST(FindHardwareTest, FindsByIdAndAliasIgnoringCase) {
  const std::vector<Hardware> table = SmallTable();
  for (const char* name : {"h100-sxm", "h100", "H100", "H100-SXM"}) {
    const auto found = FindHardware(table, name);
    ASSERT_TRUE(found.ok()) << name << ": " << found.status().message();
    EXPECT_EQ((*found)->id, "h100-sxm");
    EXPECT_EQ(*found, &table[0]);  // points into the table
  }
}

TEST(FindHardwareTest, SuggestsTheClosestName) {
  ExpectError(FindHardware(SmallTable(), "h10"), StatusCode::kNotFound,
              "unknown accelerator 'h10', did you mean 'h100'?");
  ExpectError(FindHardware(SmallTable(), "A100-80G"), StatusCode::kNotFound,
              "unknown accelerator 'A100-80G', did you mean 'a100-80gb'?");
}

// "l4" is one edit from the TPU alias "v4" but belongs to the L family (L4, L40S).
TEST(FindHardwareTest, SuggestsTheSameFamilyFirst) {
  Json tpu = ValidEntry("tpu-v4");
  tpu["aliases"] = Json::array({"v4"});
  Json l40s = ValidEntry("l40s");
  auto table = ParseEntries({tpu, l40s});
  ASSERT_TRUE(table.ok()) << table.status().message();
  ExpectError(FindHardware(*table, "l4"), StatusCode::kNotFound,
              "unknown accelerator 'l4', did you mean 'l40s'?");
  ExpectError(FindHardware(*table, "tpuv5"), StatusCode::kNotFound,
              "unknown accelerator 'tpuv5', did you mean 'tpu-v4'?");
}

TEST(FindHardwareTest, ListsIdsWhenNothingIsClose) {
  ExpectError(FindHardware(SmallTable(), "tpu-v9"), StatusCode::kNotFound,
              "unknown accelerator 'tpu-v9'; known: h100-sxm, a100-80gb");
  ExpectError(FindHardware(SmallTable(), ""), StatusCode::kNotFound,
              "unknown accelerator ''; known: h100-sxm, a100-80gb");
}

TEST(FindHardwareTest, EmptyTable) {
  ExpectError(FindHardware({}, "h100"), StatusCode::kNotFound,
              "unknown accelerator 'h100'; the hardware table is empty");
}

// ---- MergeHardwareTables ----

TEST(MergeHardwareTablesTest, OverridesByIdInPlaceAndAppendsNewIds) {
  Json override_h100 = ValidEntry("h100-sxm");
  override_h100["aliases"] = Json::array({"h100"});
  override_h100["price_usd_per_gpu_hour"] = 1.5;
  override_h100["sources"]["price_usd_per_gpu_hour"] = "my contract";
  Json extra = ValidEntry("my-gpu");
  auto overrides = ParseHardwareTable(TableText({override_h100, extra}), "user.json");
  ASSERT_TRUE(overrides.ok()) << overrides.status().message();

  const auto merged = MergeHardwareTables(SmallTable(), *overrides);
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  ASSERT_EQ(merged->size(), 3u);
  EXPECT_EQ((*merged)[0].id, "h100-sxm");
  EXPECT_EQ((*merged)[0].price_usd_per_gpu_hour, 1.5);
  EXPECT_EQ((*merged)[0].origin, "user.json");
  EXPECT_EQ((*merged)[1].id, "a100-80gb");
  EXPECT_EQ((*merged)[2].id, "my-gpu");
  EXPECT_TRUE(FindHardware(*merged, "my-gpu-alias").ok());
}

TEST(MergeHardwareTablesTest, OverrideReplacesAliasesToo) {
  Json override_h100 = ValidEntry("h100-sxm");
  override_h100.erase("aliases");
  auto overrides = ParseHardwareTable(TableText({override_h100}), "user.json");
  ASSERT_TRUE(overrides.ok()) << overrides.status().message();
  const auto merged = MergeHardwareTables(SmallTable(), *overrides);
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  EXPECT_FALSE(FindHardware(*merged, "h100").ok());
}

TEST(MergeHardwareTablesTest, NewNameMustNotCollideWithAnotherEntry) {
  Json extra = ValidEntry("my-gpu");
  extra["aliases"] = Json::array({"fast", "h100"});
  auto overrides = ParseHardwareTable(TableText({ValidEntry("other"), extra}), "user.json");
  ASSERT_TRUE(overrides.ok()) << overrides.status().message();
  ExpectError(MergeHardwareTables(SmallTable(), *overrides), StatusCode::kInvalidArgument,
              "user.json: /1/aliases/1: must be unique, got \"h100\" (already names "
              "'h100-sxm' from t.json)");
}

// ---- Files ----

TEST(LoadHardwareTableTest, ReadsAFile) {
  const std::string path = WriteTempFile("ok.json", TableText({ValidEntry()}));
  const auto table = LoadHardwareTable(path);
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ((*table)[0].origin, path);
}

TEST(LoadHardwareTableTest, ErrorsNameThePath) {
  Json entry = ValidEntry();
  entry["memory_bytes"] = -1;
  const std::string path = WriteTempFile("bad.json", TableText({entry}));
  ExpectError(LoadHardwareTable(path), StatusCode::kInvalidArgument,
              path + ": /0/memory_bytes: must be a positive integer, got -1");
}

TEST(LoadHardwareTableTest, MissingFileIsNotFound) {
  const std::string path = ::testing::TempDir() + "/llmcost_no_such_hardware.json";
  ExpectError(LoadHardwareTable(path), StatusCode::kNotFound, path + ": no such file");
}

TEST(LoadHardwareTableTest, DirectoryIsAnError) {
  const std::string path = ::testing::TempDir() + "/llmcost_hardware_dir";
  std::filesystem::create_directories(path);
  ExpectError(LoadHardwareTable(path), StatusCode::kInvalidArgument,
              path + ": is a directory, expected a hardware table file");
}

TEST(LoadHardwareTablesTest, UserFilesOverrideAndExtendTheShippedTable) {
  Json cheap_h100 = ValidEntry("h100-sxm");
  cheap_h100["aliases"] = Json::array({"h100"});
  cheap_h100["price_usd_per_gpu_hour"] = 0.99;
  cheap_h100["sources"]["price_usd_per_gpu_hour"] = "test";
  const std::string first = WriteTempFile("user1.json", TableText({cheap_h100}));
  const std::string second = WriteTempFile("user2.json", TableText({ValidEntry("lab-gpu")}));

  const auto shipped = LoadShippedHardwareTable();
  ASSERT_TRUE(shipped.ok()) << shipped.status().message();
  const auto table = LoadHardwareTables({first, second});
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->size(), shipped->size() + 1);
  const auto h100 = FindHardware(*table, "h100");
  ASSERT_TRUE(h100.ok()) << h100.status().message();
  EXPECT_EQ((*h100)->price_usd_per_gpu_hour, 0.99);
  EXPECT_TRUE(FindHardware(*table, "lab-gpu").ok());
}

TEST(LoadHardwareTablesTest, BadUserFileFails) {
  const std::string missing = ::testing::TempDir() + "/llmcost_no_such_user_hw.json";
  ExpectError(LoadHardwareTables({missing}), StatusCode::kNotFound, missing + ": no such file");
}

// ---- The shipped table (data/hardware.json) ----

class ShippedTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = LoadShippedHardwareTable();
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    table_ = *std::move(loaded);
  }

  // A copy of the entry, or an empty Hardware (after a test failure) if absent.
  Hardware Get(const std::string& name) const {
    const auto found = FindHardware(table_, name);
    EXPECT_TRUE(found.ok()) << found.status().message();
    return found.ok() ? **found : Hardware{};
  }

  std::vector<Hardware> table_;
};

TEST_F(ShippedTableTest, PinsReferencePeaks) {
  // NVIDIA H100 whitepaper: 1830 MHz x 528 tensor cores x 1024 FLOP/clk = 989.4 TFLOP/s
  // (docs/references.md#accelerators).
  EXPECT_EQ(Get("h100-sxm").peak_bf16_flops_per_s, 989.4e12);
  EXPECT_EQ(Get("h100").peak_bf16_flops_per_s, 989.4e12);
  // NVIDIA A100 datasheet: 312 TFLOP/s BF16 dense for every A100 variant.
  EXPECT_EQ(Get("a100").peak_bf16_flops_per_s, 312e12);
  EXPECT_EQ(Get("a100-40gb").peak_bf16_flops_per_s, 312e12);
  EXPECT_EQ(Get("a100-pcie-80gb").peak_bf16_flops_per_s, 312e12);
  // "80 GB" HBM on A100/H100 is 80 GiB.
  EXPECT_EQ(Get("h100-sxm").memory_bytes, 80 * kBytesPerGiB);
  EXPECT_EQ(Get("a100-80gb-sxm").memory_bytes, 80 * kBytesPerGiB);
  EXPECT_EQ(Get("h100-sxm").memory_bandwidth_bytes_per_s, 3.35e12);
  EXPECT_EQ(Get("h100-sxm").power_watts, 700.0);
  // DeepSeek-V3 report: $2 per H800 GPU-hour.
  EXPECT_EQ(Get("h800").price_usd_per_gpu_hour, 2.0);
  // No FP8 on Ampere.
  EXPECT_FALSE(Get("a100").peak_fp8_flops_per_s.has_value());
}

TEST_F(ShippedTableTest, EveryRequiredAcceleratorResolves) {
  const std::vector<std::string> required = {
      "v100-sxm2-32gb", "a100-40gb", "a100-80gb-sxm", "a100-pcie-80gb", "h100-sxm",
      "h100-pcie",      "h100-nvl",  "h800-sxm",      "h200-sxm",       "b200",
      "gb200",          "mi250x",    "mi300x",        "mi325x",         "l40s",
      "rtx-4090",       "tpu-v4",    "tpu-v5e",       "tpu-v5p",
  };
  EXPECT_GE(table_.size(), 18u);
  for (const std::string& id : required) {
    const auto found = FindHardware(table_, id);
    ASSERT_TRUE(found.ok()) << found.status().message();
    EXPECT_EQ((*found)->id, id);
  }
  for (const char* alias : {"v100", "h100", "h200", "h800", "a100", "4090", "v5e"}) {
    EXPECT_TRUE(FindHardware(table_, alias).ok()) << alias;
  }
}

TEST_F(ShippedTableTest, EveryNumberHasASourceAndEveryEntryADate) {
  for (const Hardware& hw : table_) {
    std::vector<std::string> cited;
    for (const HardwareSource& source : hw.sources) {
      EXPECT_FALSE(source.citation.empty()) << hw.id << " " << source.field;
      cited.push_back(source.field);
    }
    auto expect_cited = [&](const std::string& field) {
      EXPECT_NE(std::find(cited.begin(), cited.end(), field), cited.end())
          << hw.id << " lacks a source for " << field;
    };
    expect_cited("peak_bf16_flops_per_s");
    expect_cited("memory_bytes");
    expect_cited("memory_bandwidth_bytes_per_s");
    if (hw.peak_fp8_flops_per_s) {
      expect_cited("peak_fp8_flops_per_s");
    }
    if (hw.power_watts) {
      expect_cited("power_watts");
    }
    if (hw.price_usd_per_gpu_hour) {
      expect_cited("price_usd_per_gpu_hour");
    }
    EXPECT_EQ(hw.as_of.size(), 10u) << hw.id;
    EXPECT_FALSE(hw.name.empty()) << hw.id;
    EXPECT_FALSE(hw.vendor.empty()) << hw.id;
  }
}

TEST_F(ShippedTableTest, DensePeaksAreBelowSparseMarketingNumbers) {
  // Guards against a sparse figure slipping in: no accelerator here exceeds 2.52 PFLOP/s
  // dense BF16 (MI355X 2,516.6; GB200 2,500), and FP8 is about twice BF16 (L40S: 733 vs
  // 362.05, 2.02x).
  for (const Hardware& hw : table_) {
    EXPECT_LE(hw.peak_bf16_flops_per_s, 2.52e15) << hw.id;
    if (hw.peak_fp8_flops_per_s) {
      EXPECT_LE(*hw.peak_fp8_flops_per_s, 2.05 * hw.peak_bf16_flops_per_s) << hw.id;
    }
  }
}

}  // namespace
}  // namespace llmcost

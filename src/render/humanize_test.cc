#include "humanize.h"

#include <array>
#include <charconv>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace llmcost {
namespace {

struct Case {
  double value;
  Unit unit;
  const char* text;
};

// Each quantity's ladder at and around its boundaries: the last value of a rung, the first of
// the next, rounding that carries into the next rung, and scientific notation past the top.
constexpr Case kCases[] = {
    // Counts: K/M/B/T.
    {0, Unit::kCount, "0"},
    {999, Unit::kCount, "999"},
    {999.5, Unit::kCount, "999.5"},
    {1000, Unit::kCount, "1.000K"},
    {147456000, Unit::kCount, "147.5M"},  // the seed README's figures
    {1294159104, Unit::kCount, "1.294B"},
    {999960, Unit::kCount, "1.000M"},  // rounding carries to the next suffix
    {671026419200, Unit::kCount, "671.0B"},
    {9.9994e15, Unit::kCount, "9999T"},
    {1e16, Unit::kCount, "1.000e+16"},
    {1e308, Unit::kCount, "1.000e+308"},
    // Bytes: binary prefixes, a rung from 1000 of the one below.
    {512, Unit::kBytes, "512 B"},
    {999, Unit::kBytes, "999 B"},
    {1000, Unit::kBytes, "0.9766 KiB"},
    {524288, Unit::kBytes, "512.0 KiB"},
    {1057595392, Unit::kBytes, "0.9850 GiB"},  // never "1008.6 MiB"
    {13421772800, Unit::kBytes, "12.50 GiB"},
    {85899345920, Unit::kBytes, "80.00 GiB"},
    {1099511627776, Unit::kBytes, "1.000 TiB"},
    // Bandwidth: decimal, GB/s to TB/s.
    {900e9, Unit::kBytesRate, "900.0 GB/s"},  // V100 (never "900.0BB/s")
    {999.96e9, Unit::kBytesRate, "1.000 TB/s"},
    {3.35e12, Unit::kBytesRate, "3.350 TB/s"},
    {512, Unit::kBytesRate, "512 B/s"},
    // Compute: TFLOP/s up to 9999 of them.
    {989e12, Unit::kFlopRate, "989.0 TFLOP/s"},
    {2250e12, Unit::kFlopRate, "2250 TFLOP/s"},
    {9.9994e15, Unit::kFlopRate, "9999 TFLOP/s"},
    {1e16, Unit::kFlopRate, "10.00 PFLOP/s"},
    {1.25e19, Unit::kFlopRate, "12.50 EFLOP/s"},
    {500e9, Unit::kFlopRate, "500.0 GFLOP/s"},
    // FLOPs.
    {512, Unit::kFlops, "512 FLOPs"},
    {2610643968, Unit::kFlops, "2.611 GFLOPs"},
    {5.76e23, Unit::kFlops, "576.0 ZFLOPs"},
    {1e28, Unit::kFlops, "1.000e+28 FLOPs"},
    // Power: W, kW.
    {700, Unit::kWatts, "700 W"},
    {999.9, Unit::kWatts, "999.9 W"},
    {1000, Unit::kWatts, "1.000 kW"},  // B200 (never "1.000K W")
    {1.2e6, Unit::kWatts, "1.200 MW"},
    // Energy (input kWh): Wh, kWh, MWh, GWh.
    {0.5, Unit::kKwh, "500 Wh"},
    {999.9, Unit::kKwh, "999.9 kWh"},
    {1000, Unit::kKwh, "1.000 MWh"},
    {48650, Unit::kKwh, "48.65 MWh"},  // never "48.65K kWh"
    {2.5e6, Unit::kKwh, "2.500 GWh"},
    // CO2e (input kg): kg, t, kt.
    {0.25, Unit::kKilogramsCo2, "250 g"},
    {850, Unit::kKilogramsCo2, "850.0 kg"},
    {9.99996, Unit::kRatio, "10"},
    {9.99996, Unit::kUsd, "$10.00"},
    {999.9, Unit::kKilogramsCo2, "999.9 kg"},
    {1000, Unit::kKilogramsCo2, "1.000 t"},
    {19460, Unit::kKilogramsCo2, "19.46 t"},  // never "19.46K kg"
    {1.5e6, Unit::kKilogramsCo2, "1.500 kt"},
    // Time: µs, ms, s, min, h, days, years.
    {0, Unit::kSeconds, "0 µs"},
    {2.5e-7, Unit::kSeconds, "0.2500 µs"},
    {1.5e-5, Unit::kSeconds, "15.00 µs"},
    {0.007525, Unit::kSeconds, "7.525 ms"},  // never "0.007525 s"
    {0.99996, Unit::kSeconds, "1.000 s"},
    {59.99, Unit::kSeconds, "59.99 s"},
    {59.9996, Unit::kSeconds, "1.000 min"},
    {90, Unit::kSeconds, "1.500 min"},
    {3600, Unit::kSeconds, "1.000 h"},
    {86399, Unit::kSeconds, "1.000 days"},
    {3.5 * 86400, Unit::kSeconds, "3.500 days"},
    {364 * 86400.0, Unit::kSeconds, "364.0 days"},
    {365.25 * 86400, Unit::kSeconds, "1.000 years"},
    {1e308, Unit::kSeconds, "3.169e+300 years"},  // scale --compute 1e308: no 300 digits
    // Money: $, $k, $M, $B.
    {2.5, Unit::kUsd, "$2.500"},
    {999, Unit::kUsd, "$999.0"},
    {1000, Unit::kUsd, "$1.000k"},
    {12340, Unit::kUsd, "$12.34k"},
    {5.328e6, Unit::kUsd, "$5.328M"},
    {1.2e9, Unit::kUsd, "$1.200B"},
    {1e20, Unit::kUsd, "$1.000e+20"},
    // Hours and token rates ride the count ladder.
    {2.664e6, Unit::kHours, "2.664M h"},
    {87.5, Unit::kTokensPerSecond, "87.50 tokens/s"},
    {1234, Unit::kTokensPerSecond, "1.234K tokens/s"},
    // Units without prefixes.
    {0.178, Unit::kPercent, "17.8%"},
    {0.012345, Unit::kRatio, "0.01235"},
    {1.36e21, Unit::kScientific, "1.36e+21"},
    {0.1, Unit::kShortest, "0.1"},
};

TEST(HumanizeTest, EachQuantityAtItsBoundaries) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(HumanizeNumber(c.value, c.unit), c.text);
  }
}

TEST(HumanizeTest, TicksDropTrailingZeros) {
  EXPECT_EQ(HumanizeTick(1e8, Unit::kCount), "100M");
  EXPECT_EQ(HumanizeTick(1e9, Unit::kCount), "1B");
  EXPECT_EQ(HumanizeTick(2.5e10, Unit::kCount), "25B");
  EXPECT_EQ(HumanizeTick(2e9, Unit::kCount), "2B");
  EXPECT_EQ(HumanizeTick(500, Unit::kCount), "500");
  EXPECT_EQ(HumanizeTick(80.0 * (1 << 30), Unit::kBytes), "80 GiB");
  EXPECT_EQ(HumanizeTick(0.01, Unit::kSeconds), "10 ms");
  EXPECT_EQ(HumanizeTick(2.5, Unit::kRatio), "2.5");
}

TEST(HumanizeTest, ExactCountsNextToTheShortForm) {
  EXPECT_EQ(WithThousandsSeparators(8030261248), "8,030,261,248");
  EXPECT_EQ(WithThousandsSeparators(999), "999");
  EXPECT_EQ(WithThousandsSeparators(-1234567), "-1,234,567");
  EXPECT_EQ(HumanizeCell(int64_t{8030261248}, Unit::kCount), "8.030B (8,030,261,248)");
  EXPECT_EQ(HumanizeCell(int64_t{999999}, Unit::kCount), "1.000M");
  EXPECT_EQ(HumanizeCell(8030261248.0, Unit::kCount), "8.030B");  // a double is not exact
  EXPECT_EQ(HumanizeCell(int64_t{131072}, Unit::kNone), "131072");
}

TEST(HumanizeTest, Values) {
  EXPECT_EQ(HumanizeValue(int64_t{2304}, Unit::kNone), "2304");
  EXPECT_EQ(HumanizeValue(0.178, Unit::kPercent), "17.8%");
  EXPECT_EQ(HumanizeValue(true, Unit::kNone), "yes");
  EXPECT_EQ(HumanizeValue(std::string("causal"), Unit::kNone), "causal");
  EXPECT_EQ(FormatShortest(3.15e23), "3.15e+23");
}

// WriteShortest's integer path must print std::to_chars's characters: where fixed and
// scientific tie or cross (1e5 / 1e6, 1234500000 / 12345000000), at the 2^53 edge, negative,
// and for random integers and fractions.
TEST(HumanizeTest, WriteShortestIsToChars) {
  std::vector<double> values = {0.0,
                                -0.0,
                                1,
                                -1,
                                0.5,
                                1e5,
                                1e6,
                                1e15,
                                1e16,
                                1e22,
                                123e4,
                                123e5,
                                1234500000,
                                12345000000,
                                -100000,
                                -1000000,
                                9007199254740991.0,
                                9007199254740992.0,
                                -9007199254740991.0,
                                149426176,
                                4.5e15};
  for (int mantissa = 1; mantissa < 1000; ++mantissa) {
    for (int exponent = 0; exponent < 16; ++exponent) {
      values.push_back(mantissa * std::pow(10.0, exponent));
      values.push_back(-mantissa * std::pow(10.0, exponent));
    }
  }
  std::mt19937_64 random(8);
  for (int i = 0; i < 100000; ++i) {
    const auto integer = static_cast<int64_t>(random() >> (11 + i % 40));
    values.push_back(static_cast<double>(integer));
    values.push_back(static_cast<double>(integer) / 8);
    values.push_back(static_cast<double>(integer) * 1e3);
  }
  for (double value : values) {
    std::array<char, 32> expected{};
    std::array<char, 32> got{};
    const std::string want(expected.data(),
                           std::to_chars(expected.data(), expected.data() + 32, value).ptr);
    ASSERT_EQ(std::string(got.data(), WriteShortest(value, got.data())), want) << want;
  }
  EXPECT_EQ(FormatShortest(1e6), "1e+06");
  EXPECT_EQ(FormatShortest(100000), "1e+05");  // shorter than "100000"
  EXPECT_EQ(FormatShortest(10000), "10000");   // a tie goes to fixed
  EXPECT_EQ(FormatShortest(149426176), "149426176");
}

}  // namespace
}  // namespace llmcost

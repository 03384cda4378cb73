#include "svg_chart.h"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/xml_check.h"

namespace llmcost {
namespace {

using ::testing::HasSubstr;

LineChart Sample() {
  LineChart chart;
  chart.title = "IsoFLOP <test> & \"quotes\"";
  chart.subtitle = "law";
  chart.x_label = "N";
  chart.y_label = "loss";
  chart.series.push_back({"epoch", {{1e8, 3.0}, {1e9, 2.5}, {1e10, 2.8}}});
  chart.markers.push_back({"optimum", {1e9, 2.5}, MarkerShape::kDiamond});
  chart.markers.push_back({"model's", {3e9, 2.6}, MarkerShape::kCircle});
  return chart;
}

TEST(SvgChartTest, WellFormedAndEscaped) {
  std::ostringstream out;
  ASSERT_TRUE(RenderSvgChart(Sample(), out).ok());
  EXPECT_EQ(testing::XmlProblem(out.str()), "");
  EXPECT_THAT(out.str(), HasSubstr("IsoFLOP &lt;test&gt; &amp; &quot;quotes&quot;"));
  EXPECT_THAT(out.str(), HasSubstr("model&apos;s"));
  EXPECT_THAT(out.str(), HasSubstr("<polyline"));
  EXPECT_THAT(out.str(), HasSubstr("<polygon"));
}

TEST(SvgChartTest, ByteStable) {
  std::ostringstream a;
  std::ostringstream b;
  ASSERT_TRUE(RenderSvgChart(Sample(), a).ok());
  ASSERT_TRUE(RenderSvgChart(Sample(), b).ok());
  EXPECT_EQ(a.str(), b.str());
}

TEST(SvgChartTest, RejectsBadPoints) {
  LineChart chart = Sample();
  chart.series[0].points.push_back({-1, 2});
  std::ostringstream out;
  EXPECT_FALSE(RenderSvgChart(chart, out).ok());
  EXPECT_EQ(out.str(), "");
  EXPECT_FALSE(RenderSvgChart(LineChart{}, out).ok());
}

TEST(XmlCheckTest, CatchesMalformedDocuments) {
  EXPECT_EQ(testing::XmlProblem("<a><b/></a>"), "");
  EXPECT_NE(testing::XmlProblem("<a><b></a>"), "");
  EXPECT_NE(testing::XmlProblem("<a x=1/>"), "");
  EXPECT_NE(testing::XmlProblem("<a>&nbsp;</a>"), "");
  EXPECT_NE(testing::XmlProblem("<a/><b/>"), "");
}

}  // namespace
}  // namespace llmcost

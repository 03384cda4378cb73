// A report item built for machines (Readers::kMachines, report.h) renders to the same JSON
// and CSV as the full item, for every shipped config: what it leaves out, no machine format
// prints.
#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "llmcost/analysis/model_analysis.h"
#include "llmcost/config.h"
#include "llmcost/model_report.h"
#include "llmcost/render.h"

#include "testing/golden_files.h"

namespace llmcost {
namespace {

std::string Rendered(const std::vector<ModelAnalysis>& models, Readers readers,
                     OutputFormat format) {
  Report report = EmptyModelReport();
  for (const ModelAnalysis& m : models) {
    report.items.push_back(ModelReportItem(m, readers));
  }
  std::ostringstream out;
  EXPECT_TRUE(Render(report, format, out).ok());
  return out.str();
}

// Entries in the tree, and notes that are not empty.
int Count(const Entry& e) {
  int n = 1 + (e.note.empty() ? 0 : 1);
  for (const Entry& child : e.children) {
    n += Count(child);
  }
  return n;
}

TEST(ReportReadersTest, MachineItemsRenderAsTheFullItemsInJsonAndCsv) {
  std::vector<ModelAnalysis> models;
  std::vector<std::filesystem::path> files;
  for (const char* dir : {"configs/models", "tests/reference/checkpoints"}) {
    for (const auto& file :
         std::filesystem::directory_iterator(::llmcost::testing::SourcePath(dir))) {
      const std::string ext = file.path().extension().string();
      if (ext == ".json" || ext == ".jsonc" || ext == ".py") {
        files.push_back(file.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  for (const std::filesystem::path& file : files) {
    Result<Architecture> arch = LoadArchitecture(file.string(), {});
    if (!arch.ok()) {
      continue;  // a file that is not a config of its own (a checkpoint's index, say)
    }
    Result<ModelAnalysis> m = AnalyzeModel(*std::move(arch), Workload{});
    ASSERT_TRUE(m.ok()) << file << ": " << m.status().message();
    models.push_back(*std::move(m));
    // Each model alone, and all of them together (a CSV header of every model's columns).
    for (OutputFormat format : {OutputFormat::kJson, OutputFormat::kCsv}) {
      EXPECT_EQ(Rendered({models.back()}, Readers::kMachines, format),
                Rendered({models.back()}, Readers::kPeople, format))
          << file;
    }
  }
  ASSERT_GT(models.size(), 40u);
  for (OutputFormat format : {OutputFormat::kJson, OutputFormat::kCsv}) {
    EXPECT_EQ(Rendered(models, Readers::kMachines, format),
              Rendered(models, Readers::kPeople, format));
  }
  // The machine item leaves out what only people read (text-only entries, computed notes).
  for (const ModelAnalysis& m : models) {
    EXPECT_LT(Count(ModelReportItem(m, Readers::kMachines)),
              Count(ModelReportItem(m, Readers::kPeople)));
  }
}

}  // namespace
}  // namespace llmcost

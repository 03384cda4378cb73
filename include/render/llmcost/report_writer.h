// ReportWriter: a report written item by item, so memory stays flat in the number of items.
//
// JSON streams each item as it arrives; CSV spools rows (in memory, then a temporary file past
// a few MiB) and writes the header, the union of columns in first-seen order, at Finish();
// text and Markdown render blocks of at most kItemsPerTextBlock items side by side, stacked.
// The bytes equal Render() of the whole report whenever the report fits one block.
#ifndef LLMCOST_REPORT_WRITER_H_
#define LLMCOST_REPORT_WRITER_H_

#include <cstddef>
#include <memory>
#include <ostream>
#include <vector>

#include "llmcost/render.h"
#include "llmcost/report.h"
#include "llmcost/status.h"

namespace llmcost {

// Items a text or Markdown comparison shows side by side before it starts a new block.
inline constexpr size_t kItemsPerTextBlock = 16;

class ReportWriter {
 public:
  virtual ~ReportWriter() = default;

  // Writes `item`. Errors: kOutOfRange when a double in it is not finite (nothing of the item
  // is written); kIoError when the spool cannot be written.
  virtual Status Add(Entry item) = 0;
  // Replaces the head's charts (data gathered while the items streamed by); before Finish().
  virtual void SetCharts(std::vector<Chart> charts) { (void)charts; }
  // Writes what is left (a pending block, the CSV table, the JSON tail). Call once.
  virtual Status Finish() = 0;
};

// A writer of `format` to `out` for a report with `head`'s title, header, keys and charts
// (head.items is ignored). SVG and HTML keep every item and write the whole report (charts
// included) at Finish(); text lays its blocks out in options.width columns.
std::unique_ptr<ReportWriter> MakeReportWriter(Report head, OutputFormat format, std::ostream& out,
                                               const RenderOptions& options = {});

}  // namespace llmcost

#endif  // LLMCOST_REPORT_WRITER_H_

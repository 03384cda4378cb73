// ReportWriter (report_writer.h): JSON streamed, CSV spooled, text/Markdown in blocks.
#include "llmcost/report_writer.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "flatten.h"
#include "renderers.h"

namespace llmcost {
namespace {

Status CheckFinite(const Entry& item) {
  std::string bad = FirstNonFinite(item);
  return bad.empty() ? OkStatus() : OutOfRangeError(bad + ": the result is not a finite number");
}

// The whole report at once: text, Markdown and SVG, block by block.
class BlockWriter : public ReportWriter {
 public:
  BlockWriter(Report head, OutputFormat format, std::ostream& out, const RenderOptions& options)
      : head_(std::move(head)), format_(format), out_(out), options_(options) {
    head_.items.clear();
  }

  void SetCharts(std::vector<Chart> charts) override { head_.charts = std::move(charts); }

  Status Add(Entry item) override {
    LLMCOST_RETURN_IF_ERROR(CheckFinite(item));
    head_.items.push_back(std::move(item));
    const bool whole = format_ == OutputFormat::kSvg || format_ == OutputFormat::kHtml;
    if (!whole && head_.items.size() == kItemsPerTextBlock) {
      return Flush();
    }
    return OkStatus();
  }

  Status Finish() override {
    if (!head_.items.empty() || blocks_ == 0) {
      return Flush();
    }
    return OkStatus();
  }

 private:
  Status Flush() {
    if (blocks_ > 0) {
      // A later block: no title or header again (the renderer starts it with a blank line).
      head_.title.clear();
      head_.header.clear();
    }
    ++blocks_;
    Status status = Render(head_, format_, out_, options_);
    head_.items.clear();
    return status;
  }

  Report head_;
  OutputFormat format_;
  std::ostream& out_;
  RenderOptions options_;
  int blocks_ = 0;
};

// JSON: {"schema_version": N, "title": "...", "<items_key>": [item, ...]}, each item written
// as it arrives.
class JsonWriter : public ReportWriter {
 public:
  JsonWriter(Report head, std::ostream& out) : head_(std::move(head)), out_(out) {}

  Status Add(Entry item) override {
    LLMCOST_RETURN_IF_ERROR(CheckFinite(item));
    OpenItems();
    out_ << (count_ == 0 ? "\n" : ",\n") << JsonItemText(item, 4);
    ++count_;
    return OkStatus();
  }

  Status Finish() override {
    OpenItems();
    out_ << (count_ == 0 ? "]" : "\n  ]") << "\n}\n";
    return OkStatus();
  }

 private:
  void OpenItems() {
    if (opened_) {
      return;
    }
    opened_ = true;
    // The whole-report renderer's member order (insertion order: an ordered JSON object).
    out_ << "{\n  \"schema_version\": " << head_.schema_version
         << ",\n  \"title\": " << JsonStringText(head_.title) << ",\n  "
         << JsonStringText(head_.items_key) << ": [";
  }

  Report head_;
  std::ostream& out_;
  bool opened_ = false;
  int64_t count_ = 0;
};

// CSV: rows are spooled as (column, field) records; the header, the union of every item's
// columns, can only be written once the last item is known.
class CsvWriter : public ReportWriter {
 public:
  explicit CsvWriter(std::ostream& out) : out_(out), index_(Audience::kMachine) {}
  ~CsvWriter() override {
    if (file_ != nullptr) {
      std::fclose(file_);
    }
  }
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  Status Add(Entry item) override {
    LLMCOST_RETURN_IF_ERROR(CheckFinite(item));
    const std::vector<const Entry*>& column = index_.Item(item);
    uint32_t fields = 0;
    for (const Entry* e : column) {
      fields += e != nullptr ? 1 : 0;
    }
    Put(fields);
    for (size_t r = 0; r < column.size(); ++r) {
      if (column[r] != nullptr) {
        Put(static_cast<uint32_t>(r));
        const size_t size_at = record_.size();
        Put(0);  // the cell's size, known once it is written
        const size_t start = record_.size();
        AppendCsvCell(column[r], &record_);
        const auto size = static_cast<uint32_t>(record_.size() - start);
        std::memcpy(record_.data() + size_at, &size, sizeof size);
      }
    }
    ++items_;
    return record_.size() > kSpoolInMemory ? Spill() : OkStatus();
  }

  Status Finish() override {
    const std::vector<FlatLeaf>& rows = index_.rows();
    for (size_t r = 0; r < rows.size(); ++r) {
      out_ << (r == 0 ? "" : ",") << CsvHeaderCell(rows[r].path);
    }
    out_ << "\n";
    if (file_ != nullptr) {
      LLMCOST_RETURN_IF_ERROR(Spill());
      std::rewind(file_);
      std::string chunk(kSpoolInMemory, '\0');
      size_t got = 0;
      std::string pending;
      while ((got = std::fread(chunk.data(), 1, chunk.size(), file_)) > 0) {
        pending.append(chunk.data(), got);
        size_t used = WriteRecords(pending, rows.size(), /*complete=*/false);
        pending.erase(0, used);
      }
      if (std::ferror(file_) != 0) {
        return IoError(std::string("csv spool: read failed: ") + std::strerror(errno));
      }
      WriteRecords(pending, rows.size(), /*complete=*/true);
    } else {
      WriteRecords(record_, rows.size(), /*complete=*/true);
    }
    return OkStatus();
  }

 private:
  static constexpr size_t kSpoolInMemory = size_t{4} << 20;

  void Put(uint32_t v) { record_.append(reinterpret_cast<const char*>(&v), sizeof v); }

  static bool Get(const std::string& s, size_t* at, uint32_t* v) {
    if (s.size() - *at < sizeof *v) {
      return false;
    }
    std::memcpy(v, s.data() + *at, sizeof *v);
    *at += sizeof *v;
    return true;
  }

  // Writes the whole records at the front of `s`; returns the bytes they used.
  size_t WriteRecords(const std::string& s, size_t columns, bool complete) {
    size_t at = 0;
    std::vector<std::pair<size_t, size_t>> cells(columns);  // offset, size into `s`
    while (at < s.size()) {
      const size_t start = at;
      uint32_t fields = 0;
      if (!Get(s, &at, &fields)) {
        return start;
      }
      std::fill(cells.begin(), cells.end(), std::pair<size_t, size_t>{0, 0});
      bool whole = true;
      for (uint32_t i = 0; i < fields && whole; ++i) {
        uint32_t row = 0;
        uint32_t size = 0;
        whole = Get(s, &at, &row) && Get(s, &at, &size) && s.size() - at >= size;
        if (whole) {
          cells[row] = {at, size};
          at += size;
        }
      }
      if (!whole) {
        return complete ? s.size() : start;
      }
      // One write per row: a stream call per cell costs more than the cell.
      line_.clear();
      for (size_t c = 0; c < columns; ++c) {
        if (c > 0) {
          line_ += ',';
        }
        line_.append(s.data() + cells[c].first, cells[c].second);
      }
      line_ += '\n';
      out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
    }
    return at;
  }

  Status Spill() {
    if (file_ == nullptr) {
      file_ = std::tmpfile();
      if (file_ == nullptr) {
        return IoError(std::string("csv spool: cannot create a temporary file: ") +
                       std::strerror(errno));
      }
    }
    if (!record_.empty() &&
        std::fwrite(record_.data(), 1, record_.size(), file_) != record_.size()) {
      return IoError(std::string("csv spool: write failed: ") + std::strerror(errno));
    }
    record_.clear();
    return OkStatus();
  }

  std::ostream& out_;
  RowIndex index_;
  std::string record_;
  std::string line_;  // the row WriteRecords is writing
  std::FILE* file_ = nullptr;
  int64_t items_ = 0;
};

}  // namespace

std::unique_ptr<ReportWriter> MakeReportWriter(Report head, OutputFormat format, std::ostream& out,
                                               const RenderOptions& options) {
  switch (format) {
    case OutputFormat::kJson:
      return std::make_unique<JsonWriter>(std::move(head), out);
    case OutputFormat::kCsv:
      return std::make_unique<CsvWriter>(out);
    case OutputFormat::kText:
    case OutputFormat::kMarkdown:
    case OutputFormat::kSvg:
    case OutputFormat::kHtml:
      break;
  }
  return std::make_unique<BlockWriter>(std::move(head), format, out, options);
}

}  // namespace llmcost

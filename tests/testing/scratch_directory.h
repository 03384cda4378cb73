// ScratchDirectory: a fresh temporary directory for one test, removed afterwards.
#ifndef LLMCOST_TESTS_TESTING_SCRATCH_DIRECTORY_H_
#define LLMCOST_TESTS_TESTING_SCRATCH_DIRECTORY_H_

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

#include <unistd.h>

namespace llmcost::testing {

class ScratchDirectory {
 public:
  // Creates <tmp>/llmcost_<tag>_<pid>_<n>.
  explicit ScratchDirectory(std::string_view tag) {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("llmcost_" + std::string(tag) + "_" + std::to_string(::getpid()) + "_" +
             std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // The absolute path of `relative` inside the directory.
  std::string Path(std::string_view relative) const { return (path_ / relative).string(); }

  // Writes `contents` to `relative`, creating parent directories; returns its path.
  std::string Write(std::string_view relative, std::string_view contents) const {
    const std::filesystem::path p = path_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace llmcost::testing

#endif  // LLMCOST_TESTS_TESTING_SCRATCH_DIRECTORY_H_

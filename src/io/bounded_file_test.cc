// ReadFileBounded: regular files only, checked before a byte is read; never blocks.
#include "llmcost/bounded_file.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "testing/status_matchers.h"

namespace llmcost {
namespace {

namespace fs = std::filesystem;
using ::llmcost::testing::IsOk;
using ::llmcost::testing::StatusIs;

constexpr ReadLimits kLimits{int64_t{1} << 20, "config"};

class BoundedFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("llmcost_bounded_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(BoundedFileTest, ReadsARegularFile) {
  std::ofstream(Path("a.json")) << "{\"x\": 1}";
  Result<std::string> text = ReadFileBounded(Path("a.json"), kLimits);
  ASSERT_THAT(text, IsOk());
  EXPECT_EQ(*text, "{\"x\": 1}");
}

TEST_F(BoundedFileTest, MissingFileAndPathThroughAFile) {
  EXPECT_THAT(ReadFileBounded(Path("none.json"), kLimits),
              StatusIs(StatusCode::kNotFound, Path("none.json") + ": no such file"));
  std::ofstream(Path("f")) << "x";
  EXPECT_THAT(ReadFileBounded(Path("f") + "/x.json", kLimits),
              StatusIs(StatusCode::kNotFound, Path("f") + "/x.json: no such file"));
}

TEST_F(BoundedFileTest, DirectoryIsRefused) {
  EXPECT_THAT(ReadFileBounded(dir_.string(), kLimits),
              StatusIs(StatusCode::kInvalidArgument,
                       dir_.string() + ": is a directory, expected a config file"));
}

// A FIFO without a writer used to block forever in open(2); now it is refused at once.
TEST_F(BoundedFileTest, FifoWithoutAWriterIsRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo(Path("fifo").c_str(), 0600), 0);
  EXPECT_THAT(ReadFileBounded(Path("fifo"), kLimits),
              StatusIs(StatusCode::kInvalidArgument,
                       Path("fifo") + ": is a FIFO, expected a regular config file"));
}

TEST_F(BoundedFileTest, DevicesAreRefused) {
  EXPECT_THAT(ReadFileBounded("/dev/zero", kLimits),
              StatusIs(StatusCode::kInvalidArgument,
                       "/dev/zero: is a character device, expected a regular config file"));
  EXPECT_THAT(ReadFileBounded("/dev/null", kLimits),
              StatusIs(StatusCode::kInvalidArgument,
                       "/dev/null: is a character device, expected a regular config file"));
}

TEST_F(BoundedFileTest, SocketIsRefused) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string path = Path("sock");
  ASSERT_LT(path.size(), sizeof(address.sun_path));
  path.copy(address.sun_path, path.size());
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  EXPECT_THAT(ReadFileBounded(path, kLimits),
              StatusIs(StatusCode::kInvalidArgument,
                       path + ": is a socket, expected a regular config file"));
  ::close(fd);
}

// A sparse file: huge on stat, no disk used; refused before reading.
TEST_F(BoundedFileTest, HugeFileIsRefusedBeforeReading) {
  std::ofstream(Path("huge.json")) << "{";
  fs::resize_file(Path("huge.json"), uintmax_t{64} << 30);  // 64 GiB
  EXPECT_THAT(ReadFileBounded(Path("huge.json"), kLimits),
              StatusIs(StatusCode::kInvalidArgument,
                       Path("huge.json") + ": file is larger than the 1 MiB limit for a config, "
                                           "got 68719476736 bytes"));
}

TEST_F(BoundedFileTest, ExactlyAtTheLimitIsRead) {
  std::ofstream(Path("max.json")) << std::string(size_t{1} << 20, ' ');
  Result<std::string> text = ReadFileBounded(Path("max.json"), kLimits);
  ASSERT_THAT(text, IsOk());
  EXPECT_EQ(text->size(), size_t{1} << 20);
}

TEST_F(BoundedFileTest, PrefixReadsOnlyTheStart) {
  std::ofstream(Path("big.bin")) << std::string(3 << 20, 'x');
  Result<std::string> head = ReadFilePrefix(Path("big.bin"), {8, "safetensors header"});
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(*head, "xxxxxxxx");
  std::ofstream(Path("short.bin")) << "abc";
  EXPECT_EQ(*ReadFilePrefix(Path("short.bin"), {8, "safetensors header"}), "abc");
}

TEST_F(BoundedFileTest, FileNamesInMessagesAreEscaped) {
  const std::string name = Path("evil\x1b[2J\nname.json");
  EXPECT_THAT(ReadFileBounded(name, kLimits),
              StatusIs(StatusCode::kNotFound, Path("evil\\x1B[2J\\nname.json") + ": no such file"));
}

// A read error is reported as one (EISDIR from read(2) on a directory opened O_RDONLY is
// caught by fstat first, so use a file the kernel fails to read: /proc/self/mem at 0).
TEST_F(BoundedFileTest, ReadErrorIsAnIoError) {
  if (!fs::exists("/proc/self/mem")) {
    GTEST_SKIP() << "no /proc";
  }
  Result<std::string> text = ReadFileBounded("/proc/self/mem", kLimits);
  EXPECT_THAT(text,
              StatusIs(StatusCode::kIoError, "/proc/self/mem: read failed: Input/output error"));
}

}  // namespace
}  // namespace llmcost

// WriteFileAtomically and FileTransaction: all or nothing, short temporary names.
#include "llmcost/atomic_file.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testing/status_matchers.h"

namespace llmcost {
namespace {

namespace fs = std::filesystem;
using ::llmcost::testing::IsOk;
using ::llmcost::testing::StatusIs;

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("llmcost_atomic_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  // Nothing but `expected` files in the directory: no temporary file left behind.
  void ExpectOnly(size_t expected) {
    size_t n = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir_)) {
      ++n;
    }
    EXPECT_EQ(n, expected);
  }
  fs::path dir_;
};

// NAME_MAX is 255 on Linux file systems: a 250-byte name is legal and must work (the old
// temporary name "<name>.XXXXXX" was 258 bytes).
TEST_F(AtomicFileTest, LongestNamesWork) {
  for (size_t length : {size_t{250}, size_t{255}}) {
    const fs::path path = dir_ / std::string(length, 'n');
    ASSERT_THAT(WriteFileAtomically(path.string(), "report", Overwrite::kRefuse), IsOk());
    EXPECT_EQ(Read(path), "report");
  }
  ExpectOnly(2);
}

// The move into place would replace a FIFO or a device with a regular file (run as root,
// `-o /dev/null --force` replaced /dev/null itself): such a target is refused, with or
// without --force, and left as it was.
TEST_F(AtomicFileTest, RefusesToReplaceAFifoOrADevice) {
  const fs::path fifo = dir_ / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (Overwrite overwrite : {Overwrite::kAllow, Overwrite::kRefuse}) {
    EXPECT_THAT(WriteFileAtomically(fifo.string(), "report", overwrite),
                StatusIs(StatusCode::kInvalidArgument,
                         fifo.string() + ": is a FIFO, expected a regular file to write"));
    EXPECT_TRUE(fs::is_fifo(fifo));
  }
  ExpectOnly(1);
  EXPECT_THAT(WriteFileAtomically("/dev/null", "report", Overwrite::kAllow),
              StatusIs(StatusCode::kInvalidArgument,
                       "/dev/null: is a character device, expected a regular file to write"));
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

TEST_F(AtomicFileTest, RefusesToOverwriteWithoutForce) {
  const std::string path = (dir_ / "r.txt").string();
  std::ofstream(path) << "old";
  EXPECT_THAT(WriteFileAtomically(path, "new", Overwrite::kRefuse),
              StatusIs(StatusCode::kInvalidArgument,
                       path + ": already exists; pass --force to overwrite it"));
  EXPECT_EQ(Read(path), "old");
  ASSERT_THAT(WriteFileAtomically(path, "new", Overwrite::kAllow), IsOk());
  EXPECT_EQ(Read(path), "new");
  ExpectOnly(1);
}

TEST_F(AtomicFileTest, EmptyNameAndDirectoryAreErrors) {
  EXPECT_THAT(WriteFileAtomically("", "x", Overwrite::kAllow),
              StatusIs(StatusCode::kInvalidArgument, "output file name is empty"));
  EXPECT_THAT(WriteFileAtomically(dir_.string(), "x", Overwrite::kAllow),
              StatusIs(StatusCode::kInvalidArgument,
                       dir_.string() + ": is a directory, expected a file to write"));
}

TEST_F(AtomicFileTest, MissingDirectoryIsAnIoError) {
  const std::string path = (dir_ / "no" / "r.txt").string();
  EXPECT_THAT(WriteFileAtomically(path, "x", Overwrite::kAllow),
              StatusIs(StatusCode::kIoError,
                       path + ": cannot create a temporary file beside it: No such file or "
                              "directory"));
}

TEST_F(AtomicFileTest, TransactionWritesEveryFileOrNone) {
  const std::string a = (dir_ / "a.json").string();
  const std::string b = (dir_ / "b.md").string();
  std::ofstream(b) << "keep";
  FileTransaction refused;
  refused.Add(a, "config", Overwrite::kRefuse);
  refused.Add(b, "report", Overwrite::kRefuse);
  EXPECT_THAT(refused.Commit(), StatusIs(StatusCode::kInvalidArgument,
                                         b + ": already exists; pass --force to overwrite it"));
  EXPECT_FALSE(fs::exists(a)) << "the first file must not be written when the second fails";
  EXPECT_EQ(Read(b), "keep");
  ExpectOnly(1);

  FileTransaction both;
  both.Add(a, "config", Overwrite::kRefuse);
  both.Add(b, "report", Overwrite::kAllow);
  ASSERT_THAT(both.Commit(), IsOk());
  EXPECT_EQ(Read(a), "config");
  EXPECT_EQ(Read(b), "report");
  ExpectOnly(2);
}

// `design --out X -o X`: one file named twice (under any spelling) is refused up front.
TEST_F(AtomicFileTest, TransactionRefusesTheSameFileTwice) {
  const std::string a = (dir_ / "x.json").string();
  const std::string again = (dir_ / "sub" / ".." / "x.json").string();
  fs::create_directories(dir_ / "sub");
  FileTransaction files;
  files.Add(a, "config", Overwrite::kAllow);
  files.Add(again, "report", Overwrite::kAllow);
  EXPECT_THAT(files.Commit(),
              StatusIs(StatusCode::kInvalidArgument,
                       a + " and " + again + " name the same file; give two different files"));
  EXPECT_FALSE(fs::exists(a));
}

// A failure while moving files into place undoes the ones already moved: here the second
// target's directory disappears between the checks and the move (a temporary file cannot
// be created there), so the first, already-replaced file gets its old contents back.
TEST_F(AtomicFileTest, TransactionLeavesNothingWhenALaterWriteFails) {
  const std::string a = (dir_ / "a.txt").string();
  std::ofstream(a) << "old";
  FileTransaction files;
  files.Add(a, "new", Overwrite::kAllow);
  files.Add((dir_ / "gone" / "b.txt").string(), "b", Overwrite::kAllow);
  EXPECT_THAT(files.Commit(), StatusIs(StatusCode::kIoError, ::testing::HasSubstr("b.txt")));
  EXPECT_EQ(Read(a), "old");
  ExpectOnly(1);
}

TEST_F(AtomicFileTest, NewFileGetsUmaskPermissions) {
  const std::string path = (dir_ / "p.txt").string();
  const mode_t old = ::umask(022);
  ASSERT_THAT(WriteFileAtomically(path, "x", Overwrite::kRefuse), IsOk());
  ::umask(old);
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                fs::perms::others_read);
}

}  // namespace
}  // namespace llmcost

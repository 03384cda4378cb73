// ResolveModelSource: files, model directories and Hugging Face ids from a Hub cache that
// the test lays out in a temporary directory (refs/<revision> -> snapshots/<hash>/).
#include "llmcost/model_source.h"

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "llmcost/config.h"

#include "testing/scratch_directory.h"
#include "testing/status_matchers.h"

namespace llmcost {
namespace {

using ::llmcost::testing::IsOk;
using ::llmcost::testing::ScratchDirectory;
using ::llmcost::testing::StatusIs;
using ::testing::HasSubstr;

constexpr std::string_view kMainHash = "0123456789abcdef0123456789abcdef01234567";
constexpr std::string_view kV1Hash = "89abcdef0123456789abcdef0123456789abcdef";
constexpr std::string_view kTinyConfig =
    R"({"model_type": "llama", "hidden_size": 64, "num_hidden_layers": 2,
        "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 100,
        "max_position_embeddings": 256})";

// A Hub cache with org/tiny at refs/main and refs/v1, each with its own snapshot.
class HubCacheTest : public ::testing::Test {
 protected:
  HubCacheTest() : dir_("hub") {
    const std::string repo = "hub/models--org--tiny/";
    dir_.Write(repo + "refs/main", std::string(kMainHash));  // no newline, as the Hub writes it
    dir_.Write(repo + "refs/v1", std::string(kV1Hash) + "\n");
    dir_.Write(repo + "snapshots/" + std::string(kMainHash) + "/config.json", kTinyConfig);
    dir_.Write(repo + "snapshots/" + std::string(kV1Hash) + "/config.json", kTinyConfig);
    env_.hf_hub_cache = dir_.Path("hub");
  }
  // Resolves `source` with the scratch directory's work/ as the current directory.
  Result<ModelSource> ResolveInWork(std::string_view source) {
    const std::filesystem::path cwd = std::filesystem::current_path();
    std::filesystem::current_path(dir_.Path("work"));
    Result<ModelSource> resolved = ResolveModelSource(source, env_);
    std::filesystem::current_path(cwd);
    return resolved;
  }
  std::string Snapshot(std::string_view hash) const {
    return dir_.Path("hub/models--org--tiny/snapshots/" + std::string(hash));
  }
  ScratchDirectory dir_;
  HubEnvironment env_;
};

TEST_F(HubCacheTest, IdWithoutRevisionReadsRefsMain) {
  Result<ModelSource> source = ResolveModelSource("org/tiny", env_);
  ASSERT_THAT(source, IsOk());
  EXPECT_EQ(source->kind, SourceKind::kHubCache);
  EXPECT_EQ(source->revision, "main");
  EXPECT_EQ(source->snapshot, kMainHash);
  EXPECT_EQ(source->directory, Snapshot(kMainHash));
  EXPECT_EQ(source->config_path, Snapshot(kMainHash) + "/config.json");
}

TEST_F(HubCacheTest, RevisionNamesARefFile) {
  Result<ModelSource> source = ResolveModelSource("org/tiny@v1", env_);
  ASSERT_THAT(source, IsOk());
  EXPECT_EQ(source->revision, "v1");
  EXPECT_EQ(source->snapshot, kV1Hash);
  EXPECT_EQ(source->config_path, Snapshot(kV1Hash) + "/config.json");
}

TEST_F(HubCacheTest, RevisionMayBeACommitHash) {
  Result<ModelSource> source = ResolveModelSource("org/tiny@" + std::string(kV1Hash), env_);
  ASSERT_THAT(source, IsOk());
  EXPECT_EQ(source->snapshot, kV1Hash);
}

TEST_F(HubCacheTest, ModelNotInTheCacheNamesWhereItLooked) {
  EXPECT_THAT(ResolveModelSource("org/absent", env_),
              StatusIs(StatusCode::kNotFound,
                       "org/absent: no such file, and not in the Hugging Face cache: looked for " +
                           dir_.Path("hub/models--org--absent") +
                           " (llmcost never downloads; fetch it with `huggingface-cli download "
                           "org/absent`)"));
}

TEST_F(HubCacheTest, UnknownRevisionNamesTheRefFile) {
  EXPECT_THAT(ResolveModelSource("org/tiny@v9", env_),
              StatusIs(StatusCode::kNotFound,
                       "org/tiny@v9: no such file, and not in the Hugging Face cache: looked for " +
                           dir_.Path("hub/models--org--tiny/refs/v9") +
                           " (no revision \"v9\" in the cache)"));
}

TEST_F(HubCacheTest, SnapshotWithoutConfigNamesThePath) {
  const std::string hash(40, 'e');
  dir_.Write("hub/models--org--tiny/refs/broken", hash);
  std::filesystem::create_directories(Snapshot(hash));
  EXPECT_THAT(
      ResolveModelSource("org/tiny@broken", env_),
      StatusIs(StatusCode::kNotFound, HasSubstr("looked for " + Snapshot(hash) + "/config.json")));
}

// A ref file holds one commit hash (and maybe a newline): a path, garbage after the hash or
// nothing at all is one line naming the ref file.
TEST_F(HubCacheTest, RefThatIsNotAHashIsRejected) {
  for (const auto& [ref, text, bytes] :
       {std::tuple<std::string, std::string, int>{"bad", "../../etc", 9},
        {"junk", std::string(kMainHash) + "\nextra", 46},
        {"empty", "", 0}}) {
    SCOPED_TRACE(ref);
    dir_.Write("hub/models--org--tiny/refs/" + ref, text);
    EXPECT_THAT(ResolveModelSource("org/tiny@" + ref, env_),
                StatusIs(StatusCode::kInvalidArgument,
                         dir_.Path("hub/models--org--tiny/refs/" + ref) +
                             ": expected a 40-hex commit hash, got " + std::to_string(bytes) +
                             " bytes of something else"));
  }
}

// The Hub cache links snapshot files into blobs/; a download cut short leaves the link
// dangling, which reads as a snapshot without its config.
TEST_F(HubCacheTest, DanglingConfigLinkNamesThePath) {
  const std::string hash(40, 'd');
  dir_.Write("hub/models--org--tiny/refs/partial", hash);
  std::filesystem::create_directories(Snapshot(hash));
  std::filesystem::create_symlink("../../blobs/absent", Snapshot(hash) + "/config.json");
  EXPECT_THAT(ResolveModelSource("org/tiny@partial", env_),
              StatusIs(StatusCode::kNotFound,
                       "org/tiny@partial: no such file, and not in the Hugging Face cache: looked "
                       "for " +
                           Snapshot(hash) + "/config.json"));
}

// "org/name@rev" with a revision no branch, tag or commit can have: one line saying so, not
// just "no such file"; an existing file of that spelling is still read.
TEST_F(HubCacheTest, RevisionWithOddCharactersIsRejectedInOneLine) {
  for (const std::string rev : {"../x", "v 1", "a//b", "/main", "v1\n2", "x;rm"}) {
    SCOPED_TRACE(rev);
    EXPECT_THAT(ResolveModelSource("org/tiny@" + rev, env_),
                StatusIs(StatusCode::kInvalidArgument,
                         "org/tiny@" + rev +
                             ": no such file, and not a Hugging Face id: the revision after '@' "
                             "must be a branch, tag or commit ([A-Za-z0-9._/-], no \"..\" or "
                             "empty parts, at most 256 characters), got \"" +
                             rev + "\""));
  }
  EXPECT_THAT(ResolveModelSource("org/tiny@" + std::string(257, 'a'), env_),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("not a Hugging Face id")));
  dir_.Write("work/org/tiny@v 1", kTinyConfig);
  Result<ModelSource> source = ResolveInWork("org/tiny@v 1");
  ASSERT_THAT(source, IsOk());
  EXPECT_EQ(source->kind, SourceKind::kFile);
}

TEST_F(HubCacheTest, SnapshotDirectoryIsAModelDirectory) {
  Result<ModelSource> source = ResolveModelSource(Snapshot(kMainHash), env_);
  ASSERT_THAT(source, IsOk());
  EXPECT_EQ(source->kind, SourceKind::kDirectory);
  EXPECT_EQ(source->config_path, Snapshot(kMainHash) + "/config.json");
}

TEST_F(HubCacheTest, ExistingPathWinsOverAnIdOfTheSameSpelling) {
  // "org/tiny" exists as a relative directory with its own config: that is what is read.
  dir_.Write("work/org/tiny/config.json", kTinyConfig);
  Result<ModelSource> source = ResolveInWork("org/tiny");
  ASSERT_THAT(source, IsOk());
  EXPECT_EQ(source->kind, SourceKind::kDirectory);
  EXPECT_EQ(source->config_path, "org/tiny/config.json");
}

TEST_F(HubCacheTest, LoadArchitectureTakesAnId) {
  ::setenv("HF_HUB_CACHE", dir_.Path("hub").c_str(), 1);
  Result<Architecture> arch = LoadArchitecture("org/tiny@v1", {});
  ::unsetenv("HF_HUB_CACHE");
  ASSERT_THAT(arch, IsOk());
  EXPECT_EQ(arch->name, "org/tiny");  // the config has no name: the id names it
  EXPECT_EQ(arch->source, Snapshot(kV1Hash) + "/config.json");
  ASSERT_FALSE(arch->assumptions.empty());
  EXPECT_EQ(arch->assumptions.front(),
            "Hugging Face model org/tiny@v1 read offline from the Hub cache " + dir_.Path("hub") +
                ": snapshot " + std::string(kV1Hash));
}

TEST(ModelSourceTest, DirectoryWithoutConfigIsRejected) {
  ScratchDirectory dir("empty_model");
  EXPECT_THAT(ResolveModelSource(dir.path().string(), HubEnvironment{}),
              StatusIs(StatusCode::kInvalidArgument,
                       dir.path().string() +
                           ": is a directory with no config.json, expected a config file or a "
                           "model directory"));
}

TEST(ModelSourceTest, DirectoryNamesTheModel) {
  ScratchDirectory dir("named_model");
  dir.Write("tiny-llama/config.json", kTinyConfig);
  Result<Architecture> arch = LoadArchitecture(dir.Path("tiny-llama"), {});
  ASSERT_THAT(arch, IsOk());
  EXPECT_EQ(arch->name, "tiny-llama");
}

TEST(ModelSourceTest, MissingPathThatIsNotAnIdIsNoSuchFile) {
  EXPECT_THAT(ResolveModelSource("configs/models/absent.json", HubEnvironment{}),
              IsOk());  // resolved as a file; reading it reports "no such file"
  EXPECT_THAT(LoadArchitecture("configs/models/absent.json", {}),
              StatusIs(StatusCode::kNotFound, "configs/models/absent.json: no such file"));
}

TEST(ModelSourceTest, NoCacheToLookIn) {
  EXPECT_THAT(ResolveModelSource("org/absent-model", HubEnvironment{}),
              StatusIs(StatusCode::kNotFound,
                       "org/absent-model: no such file, and no Hugging Face cache to look in "
                       "(HF_HUB_CACHE, HF_HOME and HOME are unset)"));
}

TEST(ModelSourceTest, CacheDirectoryFollowsHuggingFaceHubPrecedence) {
  HubEnvironment env;
  env.home = "/home/u";
  EXPECT_EQ(HubCacheDirectory(env), "/home/u/.cache/huggingface/hub");
  env.xdg_cache_home = "/xdg";
  EXPECT_EQ(HubCacheDirectory(env), "/xdg/huggingface/hub");
  env.hf_home = "~/hf";
  EXPECT_EQ(HubCacheDirectory(env), "/home/u/hf/hub");
  env.huggingface_hub_cache = "/legacy";
  EXPECT_EQ(HubCacheDirectory(env), "/legacy");
  env.hf_hub_cache = "/cache";
  EXPECT_EQ(HubCacheDirectory(env), "/cache");
  EXPECT_EQ(HubCacheDirectory(HubEnvironment{}), "");
}

// The process environment as huggingface_hub reads it: HF_HUB_CACHE wins over HF_HOME, which
// wins over XDG_CACHE_HOME and HOME.
TEST(ModelSourceTest, ProcessEnvironmentPrefersHfHubCacheOverHfHome) {
  const char* names[] = {"HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME",
                         "HOME"};
  std::vector<std::optional<std::string>> saved;
  for (const char* name : names) {
    const char* value = std::getenv(name);
    saved.push_back(value == nullptr ? std::nullopt : std::optional<std::string>(value));
    ::unsetenv(name);
  }
  ::setenv("HOME", "/home/u", 1);
  ::setenv("HF_HOME", "/hf", 1);
  EXPECT_EQ(HubCacheDirectory(HubEnvironmentFromProcess()), "/hf/hub");
  ::setenv("HF_HUB_CACHE", "/cache", 1);
  EXPECT_EQ(HubCacheDirectory(HubEnvironmentFromProcess()), "/cache");
  ::unsetenv("HF_HUB_CACHE");
  ::unsetenv("HF_HOME");
  EXPECT_EQ(HubCacheDirectory(HubEnvironmentFromProcess()), "/home/u/.cache/huggingface/hub");
  for (size_t i = 0; i < saved.size(); ++i) {
    if (saved[i]) {
      ::setenv(names[i], saved[i]->c_str(), 1);
    } else {
      ::unsetenv(names[i]);
    }
  }
}

TEST(ModelSourceTest, HubIdSyntax) {
  EXPECT_TRUE(LooksLikeHubId("Qwen/Qwen3-8B"));
  EXPECT_TRUE(LooksLikeHubId("meta-llama/Llama-2-7b-hf@main"));
  EXPECT_TRUE(LooksLikeHubId("org/name.v1@refs/pr/1"));
  EXPECT_FALSE(LooksLikeHubId("gpt2"));                   // no org: read as a file name
  EXPECT_FALSE(LooksLikeHubId("configs/models/x.json"));  // two slashes
  EXPECT_FALSE(LooksLikeHubId("../name"));
  EXPECT_FALSE(LooksLikeHubId("org/na--me"));
  EXPECT_FALSE(LooksLikeHubId("org/name@"));
  EXPECT_FALSE(LooksLikeHubId("org/name@../x"));
  EXPECT_FALSE(LooksLikeHubId("/abs/path"));
}

}  // namespace
}  // namespace llmcost

// Source string -> config file: files, model directories and the Hugging Face Hub cache.
//
// Hub cache layout (huggingface_hub's file_download.py, documented in its "Manage the
// cache" guide): CACHE/models--<org>--<name>/refs/<revision> holds the commit hash a
// branch or tag points to; CACHE/models--<org>--<name>/snapshots/<hash>/ holds the files
// (symbolic links into blobs/). Nothing here touches the network.
#include "llmcost/model_source.h"

#include <cstdlib>
#include <filesystem>

#include "file_reader.h"

namespace llmcost {
namespace {

constexpr size_t kMaxHubNamePart = 96;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

bool IsHubNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

// An org or model name on the Hub: [A-Za-z0-9._-]+, not starting with '.' or '-', no
// "--" or "..", at most 96 characters (huggingface_hub's validate_repo_id).
bool IsHubNamePart(std::string_view part) {
  if (part.empty() || part.size() > kMaxHubNamePart || part.front() == '.' || part.front() == '-' ||
      part.back() == '.' || part.find("--") != std::string_view::npos ||
      part.find("..") != std::string_view::npos) {
    return false;
  }
  for (char c : part) {
    if (!IsHubNameChar(c)) {
      return false;
    }
  }
  return true;
}

// A branch, tag or commit name: [A-Za-z0-9._/-]+, no "..", no leading or trailing '/',
// no empty path component, at most 256 characters.
bool IsRevision(std::string_view revision) {
  if (revision.empty() || revision.size() > 256 || revision.front() == '/' ||
      revision.back() == '/' || revision.find("..") != std::string_view::npos ||
      revision.find("//") != std::string_view::npos) {
    return false;
  }
  for (char c : revision) {
    if (!IsHubNameChar(c) && c != '/') {
      return false;
    }
  }
  return true;
}

// A git commit hash: 40 (SHA-1) or 64 (SHA-256) lowercase hex digits.
bool IsCommitHash(std::string_view s) {
  if (s.size() != 40 && s.size() != 64) {
    return false;
  }
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

std::string ExpandHome(const std::string& path, const std::string& home) {
  if (!home.empty() && (path == "~" || path.rfind("~/", 0) == 0)) {
    return home + path.substr(1);
  }
  return path;
}

std::string Join(const std::string& dir, const std::string& name) {
  return (std::filesystem::path(dir) / name).string();
}

Result<ModelSource> ResolveDirectory(const std::string& dir) {
  const std::string config = Join(dir, "config.json");
  if (!config::IsRegularFile(config)) {
    return InvalidArgumentError(dir +
                                ": is a directory with no config.json, expected a config file "
                                "or a model directory");
  }
  ModelSource out;
  out.kind = SourceKind::kDirectory;
  out.config_path = config;
  out.directory = dir;
  out.description = "config.json read from the model directory " + dir;
  return out;
}

Result<ModelSource> ResolveHubId(std::string_view source, const HubEnvironment& env) {
  const size_t at = source.find('@');
  const std::string id(source.substr(0, at));
  const std::string revision(at == std::string_view::npos ? "main" : source.substr(at + 1));
  const size_t slash = id.find('/');
  const std::string cache = HubCacheDirectory(env);
  const std::string not_found =
      std::string(source) + ": no such file, and not in the Hugging Face cache: looked for ";
  if (cache.empty()) {
    return NotFoundError(std::string(source) +
                         ": no such file, and no Hugging Face cache to look in (HF_HUB_CACHE, "
                         "HF_HOME and HOME are unset)");
  }
  const std::string repo =
      Join(cache, "models--" + id.substr(0, slash) + "--" + id.substr(slash + 1));
  if (!config::IsDirectory(repo)) {
    return NotFoundError(not_found + repo +
                         " (llmcost never downloads; fetch it with "
                         "`huggingface-cli download " +
                         id + "`)");
  }
  std::string hash;
  if (IsCommitHash(revision)) {
    hash = revision;
  } else {
    const std::string ref = Join(Join(repo, "refs"), revision);
    if (!config::IsRegularFile(ref)) {
      return NotFoundError(not_found + ref + " (no revision \"" + revision + "\" in the cache)");
    }
    LLMCOST_ASSIGN_OR_RETURN(std::string text, ReadFileBounded(ref, config::kConfigLimits));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
      text.pop_back();
    }
    if (!IsCommitHash(text)) {
      return InvalidArgumentError(ref + ": expected a 40-hex commit hash, got " +
                                  std::to_string(text.size()) + " bytes of something else");
    }
    hash = text;
  }
  const std::string snapshot = Join(Join(repo, "snapshots"), hash);
  const std::string config = Join(snapshot, "config.json");
  if (!config::IsRegularFile(config)) {
    return NotFoundError(not_found + config);
  }
  ModelSource out;
  out.kind = SourceKind::kHubCache;
  out.config_path = config;
  out.directory = snapshot;
  out.hub_id = std::string(source);
  out.revision = revision;
  out.snapshot = hash;
  out.description = "Hugging Face model " + id + "@" + revision +
                    " read offline from the Hub cache " + cache + ": snapshot " + hash;
  return out;
}

}  // namespace

HubEnvironment HubEnvironmentFromProcess() {
  HubEnvironment env;
  env.hf_hub_cache = Env("HF_HUB_CACHE");
  env.huggingface_hub_cache = Env("HUGGINGFACE_HUB_CACHE");
  env.hf_home = Env("HF_HOME");
  env.xdg_cache_home = Env("XDG_CACHE_HOME");
  env.home = Env("HOME");
  return env;
}

std::string HubCacheDirectory(const HubEnvironment& env) {
  if (!env.hf_hub_cache.empty()) {
    return ExpandHome(env.hf_hub_cache, env.home);
  }
  if (!env.huggingface_hub_cache.empty()) {
    return ExpandHome(env.huggingface_hub_cache, env.home);
  }
  if (!env.hf_home.empty()) {
    return Join(ExpandHome(env.hf_home, env.home), "hub");
  }
  if (!env.xdg_cache_home.empty()) {
    return Join(Join(ExpandHome(env.xdg_cache_home, env.home), "huggingface"), "hub");
  }
  if (!env.home.empty()) {
    return Join(Join(Join(env.home, ".cache"), "huggingface"), "hub");
  }
  return "";
}

bool LooksLikeHubId(std::string_view source) {
  const size_t at = source.find('@');
  const std::string_view id = source.substr(0, at);
  if (at != std::string_view::npos && !IsRevision(source.substr(at + 1))) {
    return false;
  }
  const size_t slash = id.find('/');
  if (slash == std::string_view::npos || id.find('/', slash + 1) != std::string_view::npos) {
    return false;
  }
  return IsHubNamePart(id.substr(0, slash)) && IsHubNamePart(id.substr(slash + 1));
}

Result<ModelSource> ResolveModelSource(std::string_view source, const HubEnvironment& env) {
  const std::string path(source);
  if (path == "-") {
    ModelSource out;
    out.kind = SourceKind::kStdin;
    out.config_path = "-";
    return out;
  }
  // An existing path wins over a Hub id spelled the same way.
  const config::PathKind kind = config::KindOfPath(path);
  if (kind == config::PathKind::kDirectory) {
    return ResolveDirectory(path);
  }
  const bool exists = kind != config::PathKind::kMissing;
  // "org/name@rev" whose revision no branch, tag or commit can be named: say so rather than
  // only "no such file".
  const size_t at = source.find('@');
  if (at != std::string_view::npos && !exists && LooksLikeHubId(source.substr(0, at)) &&
      !IsRevision(source.substr(at + 1))) {
    return InvalidArgumentError(
        path +
        ": no such file, and not a Hugging Face id: the revision after '@' must be a "
        "branch, tag or commit ([A-Za-z0-9._/-], no \"..\" or empty parts, at most 256 "
        "characters), got \"" +
        std::string(source.substr(at + 1)) + "\"");
  }
  if (exists || !LooksLikeHubId(source)) {
    ModelSource out;
    out.kind = SourceKind::kFile;
    out.config_path = path;
    out.directory = std::filesystem::path(path).parent_path().string();
    return out;
  }
  return ResolveHubId(source, env);
}

Result<ModelSource> ResolveModelSource(std::string_view source) {
  return ResolveModelSource(source, HubEnvironmentFromProcess());
}

}  // namespace llmcost

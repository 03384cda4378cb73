// Where a model lives: a source string (a config file, a model directory, a Hugging Face
// model id) -> the config file to read and how it was found.
//
// Stage 1 of the pipeline, before the loader parses anything (config.h's LoadArchitecture
// calls it for every command). Resolution is offline: it looks at the local file system
// and the Hugging Face Hub cache only, never the network. docs/config-schema.md "Where
// models live" states the rules.
#ifndef LLMCOST_MODEL_SOURCE_H_
#define LLMCOST_MODEL_SOURCE_H_

#include <string>
#include <string_view>

#include "llmcost/status.h"

namespace llmcost {

// How a source string was resolved.
enum class SourceKind {
  kStdin,      // "-": the config text comes from standard input
  kFile,       // an existing file, read as the config itself
  kDirectory,  // an existing directory holding config.json (a snapshot, a checkout)
  kHubCache,   // a Hugging Face id "org/name[@revision]" found in the Hub cache
};

struct ModelSource {
  SourceKind kind = SourceKind::kFile;
  std::string
      config_path;  // the file to read, e.g. "/root/.cache/.../snapshots/<hash>/config.json"
  // The directory the model's files are in (checkpoint shards, the index); "" for stdin
  // and for a bare config file given as a relative name with no directory part.
  std::string directory;
  // For kHubCache: the id as given ("org/name" or "org/name@rev"), the revision looked up
  // ("main" when none was given) and the snapshot hash it names. Empty otherwise.
  std::string hub_id;
  std::string revision;
  std::string snapshot;
  // One sentence for a report's assumptions, e.g. "Hugging Face model Qwen/Qwen3-8B@main
  // read offline from the Hub cache: snapshot 0123... (/root/.cache/huggingface/hub)";
  // empty for kStdin and kFile.
  std::string description;
};

// Where the Hub cache is, from the environment, in huggingface_hub's order of precedence
// (huggingface_hub/constants.py): HF_HUB_CACHE, else the deprecated HUGGINGFACE_HUB_CACHE,
// else $HF_HOME/hub, else $XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub.
// Empty variables count as unset. Returns "" when none is set and HOME is unset too.
struct HubEnvironment {
  std::string hf_hub_cache;           // HF_HUB_CACHE
  std::string huggingface_hub_cache;  // HUGGINGFACE_HUB_CACHE
  std::string hf_home;                // HF_HOME
  std::string xdg_cache_home;         // XDG_CACHE_HOME
  std::string home;                   // HOME
};
HubEnvironment HubEnvironmentFromProcess();
std::string HubCacheDirectory(const HubEnvironment& env);

// True when `source` has the form of a Hugging Face model id: "org/name" with an optional
// "@revision", org and name made of [A-Za-z0-9._-] (not starting with '.' or '-', no "--"
// or ".."), at most 96 characters each.
bool LooksLikeHubId(std::string_view source);

// Resolves `source`. An existing path always wins over a Hub id of the same spelling:
//   "-"                      -> kStdin
//   an existing file         -> kFile (read as a config: JSON, JSONC or .py)
//   an existing directory    -> kDirectory: DIR/config.json must be a regular file
//   "org/name[@revision]"    -> kHubCache: CACHE/models--org--name/refs/<revision> (default
//                               "main") names a snapshot hash, or <revision> is itself a
//                               40- or 64-hex commit hash; CACHE/models--org--name/
//                               snapshots/<hash>/config.json must be a regular file
// Errors (one line each, kNotFound unless said): "<source>: no such file" for a missing
// path that is not an id; "<dir>: is a directory with no config.json, expected a config
// file or a model directory" (kInvalidArgument); for an id not in the cache,
// "<id>: no such file, and not in the Hugging Face cache: looked for <path>" naming the
// deepest path tried (llmcost never downloads); a refs file that is not a hash:
// kInvalidArgument naming the file.
Result<ModelSource> ResolveModelSource(std::string_view source, const HubEnvironment& env);

// ResolveModelSource with HubEnvironmentFromProcess().
Result<ModelSource> ResolveModelSource(std::string_view source);

}  // namespace llmcost

#endif  // LLMCOST_MODEL_SOURCE_H_

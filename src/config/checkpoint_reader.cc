// LoadCheckpoint: a checkpoint directory, Hub id or .safetensors file -> the tensors its
// safetensors headers declare, each named by component. Never reads tensor data.
#include "llmcost/checkpoint_reader.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "llmcost/model_source.h"

#include "file_reader.h"
#include "json_document.h"
#include "strict_json.h"

namespace llmcost {
namespace {

using nlohmann::json;

constexpr std::string_view kIndexName = "model.safetensors.index.json";
constexpr std::string_view kSingleName = "model.safetensors";
// At most this many shards, and this many header bytes over all of them (the largest
// published checkpoints have ~200 shards and a few MB of headers).
constexpr size_t kMaxShards = 100000;
constexpr int64_t kMaxTotalHeaderBytes = int64_t{512} << 20;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string Join(const std::string& dir, std::string_view name) {
  return dir.empty() ? std::string(name) : (std::filesystem::path(dir) / name).string();
}

// A shard name from an index: a plain file name in the same directory.
bool IsShardName(std::string_view name) {
  if (name.empty() || name.size() > 255 || name == "." || name == ".." ||
      !EndsWith(name, ".safetensors")) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

Result<SafetensorsHeader> ReadHeader(const std::string& path, int64_t* header_budget) {
  LLMCOST_ASSIGN_OR_RETURN(config::RegularFile file, config::RegularFile::Open(path));
  std::string prefix;
  LLMCOST_RETURN_IF_ERROR(file.ReadAt(0, std::min<int64_t>(8, file.size()), &prefix));
  if (prefix.size() == 8) {
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) {
      n = (n << 8) | static_cast<unsigned char>(prefix[static_cast<size_t>(i)]);
    }
    // Read the header only when the parser will accept its length.
    if (n <= static_cast<uint64_t>(kMaxSafetensorsHeaderBytes) &&
        8 + static_cast<int64_t>(n) <= file.size()) {
      *header_budget -= static_cast<int64_t>(n);
      if (*header_budget < 0) {
        return InvalidArgumentError(path + ": the checkpoint's headers exceed " +
                                    std::to_string(kMaxTotalHeaderBytes >> 20) + " MiB in total");
      }
      LLMCOST_RETURN_IF_ERROR(file.ReadAt(0, 8 + static_cast<int64_t>(n), &prefix));
    }
  }
  return ParseSafetensorsHeader(prefix, file.size(), path);
}

// The shard of each tensor, from model.safetensors.index.json.
struct Index {
  std::map<std::string, std::string> weight_map;  // tensor -> shard file name
  std::vector<std::string> shards;                // sorted, distinct
  std::optional<int64_t> total_size;
};

Result<Index> ReadIndex(const std::string& path) {
  LLMCOST_ASSIGN_OR_RETURN(std::string text, ReadFileBounded(path, config::kConfigLimits));
  LLMCOST_ASSIGN_OR_RETURN(json document, config::ParseStrictJson(text, path));
  config::Fields root(document, path, "");
  Index index;
  LLMCOST_ASSIGN_OR_RETURN(std::optional<config::Fields> metadata, root.OptionalObject("metadata"));
  if (metadata) {
    LLMCOST_ASSIGN_OR_RETURN(index.total_size,
                             metadata->OptionalInteger({"total_size"}, /*min=*/0));
  }
  const auto map = document.find("weight_map");
  if (map == document.end() || !map->is_object() || map->empty()) {
    return root.Error("weight_map", "expected an object mapping tensor names to shard files");
  }
  for (const auto& [tensor, shard] : map->items()) {
    if (!shard.is_string() || !IsShardName(shard.get<std::string>())) {
      return InvalidArgumentError(path + ": /weight_map: tensor " +
                                  config::DescribeJson(json(tensor)) +
                                  ": expected a .safetensors file name in this directory, got " +
                                  config::DescribeJson(shard));
    }
    index.weight_map.emplace(tensor, shard.get<std::string>());
    index.shards.push_back(shard.get<std::string>());
  }
  std::sort(index.shards.begin(), index.shards.end());
  index.shards.erase(std::unique(index.shards.begin(), index.shards.end()), index.shards.end());
  if (index.shards.size() > kMaxShards) {
    return InvalidArgumentError(path + ": /weight_map: more than " + std::to_string(kMaxShards) +
                                " shard files");
  }
  return index;
}

// quantization_config.bits of the config (GPTQ/AWQ), default 4.
Result<int64_t> PackedBits(const std::string& config_path) {
  if (config_path.empty()) {
    return 4;
  }
  LLMCOST_ASSIGN_OR_RETURN(std::string text, ReadFileBounded(config_path, config::kConfigLimits));
  LLMCOST_ASSIGN_OR_RETURN(json document, config::ParseJsonText(text, config_path));
  config::Fields root(document, config_path, "");
  LLMCOST_ASSIGN_OR_RETURN(std::optional<config::Fields> quantization,
                           root.OptionalObject("quantization_config"));
  if (!quantization) {
    return 4;
  }
  LLMCOST_ASSIGN_OR_RETURN(int64_t bits, quantization->Integer({"bits", "w_bit"}, 1, 4));
  if (bits > 8 || 32 % bits != 0) {
    return quantization->Error("bits", "1, 2, 4 or 8 bits per packed value");
  }
  return bits;
}

}  // namespace

Result<Checkpoint> LoadCheckpoint(const std::string& source) {
  Checkpoint out;
  std::vector<std::string> files;
  if (EndsWith(source, ".safetensors") && config::PathExists(source)) {
    const std::filesystem::path p(source);
    out.directory = p.parent_path().string();
    files.push_back(p.filename().string());
  } else {
    LLMCOST_ASSIGN_OR_RETURN(ModelSource model, ResolveModelSource(source));
    if (model.kind != SourceKind::kDirectory && model.kind != SourceKind::kHubCache) {
      if (model.kind == SourceKind::kFile && !config::PathExists(source)) {
        return NotFoundError(source + ": no such file");
      }
      return InvalidArgumentError(source +
                                  ": expected a checkpoint directory, a Hugging Face id or a "
                                  ".safetensors file");
    }
    out.directory = model.directory;
  }
  const std::string config_path = Join(out.directory, "config.json");
  out.config_path = config::IsRegularFile(config_path) ? config_path : "";

  std::optional<Index> index;
  if (files.empty()) {
    const std::string index_path = Join(out.directory, kIndexName);
    if (config::PathExists(index_path)) {
      LLMCOST_ASSIGN_OR_RETURN(index, ReadIndex(index_path));
      out.index_file = index_path;
      out.index_total_size = index->total_size;
      files = index->shards;
    } else if (config::PathExists(Join(out.directory, kSingleName))) {
      files.push_back(std::string(kSingleName));
    } else {
      return NotFoundError(out.directory + ": no " + std::string(kIndexName) + " or " +
                           std::string(kSingleName) + " (verify reads safetensors checkpoints)");
    }
  }

  int64_t header_budget = kMaxTotalHeaderBytes;
  for (const std::string& file : files) {
    const std::string path = Join(out.directory, file);
    LLMCOST_ASSIGN_OR_RETURN(SafetensorsHeader header, ReadHeader(path, &header_budget));
    out.header_bytes += header.header_bytes;  // each < 2^27 + 8: no overflow over 1e5 files
    if (__builtin_add_overflow(out.data_bytes, header.data_bytes, &out.data_bytes)) {
      return OutOfRangeError(path + ": the checkpoint's data size overflows 64 bits");
    }
    for (CheckpointTensor& t : header.tensors) {
      if (index) {
        const auto listed = index->weight_map.find(t.name);
        if (listed == index->weight_map.end()) {
          return InvalidArgumentError(path + ": tensor \"" + t.name + "\" is not listed in " +
                                      out.index_file);
        }
        if (listed->second != file) {
          return InvalidArgumentError(path + ": tensor \"" + t.name + "\" is listed in " +
                                      out.index_file + " under " + listed->second);
        }
      }
      t.file = file;
      out.tensors.push_back(std::move(t));
    }
    out.files.push_back(path);
  }
  std::sort(out.tensors.begin(), out.tensors.end(),
            [](const CheckpointTensor& a, const CheckpointTensor& b) { return a.name < b.name; });
  for (size_t i = 1; i < out.tensors.size(); ++i) {
    if (out.tensors[i].name == out.tensors[i - 1].name) {
      return InvalidArgumentError(Join(out.directory, out.tensors[i].file) + ": tensor \"" +
                                  out.tensors[i].name + "\" is also stored in " +
                                  out.tensors[i - 1].file);
    }
  }
  if (index) {
    // Every listed tensor was found in its shard (each found one was checked above).
    if (index->weight_map.size() != out.tensors.size()) {
      for (const auto& [name, shard] : index->weight_map) {
        const auto found = std::lower_bound(
            out.tensors.begin(), out.tensors.end(), name,
            [](const CheckpointTensor& t, const std::string& n) { return t.name < n; });
        if (found == out.tensors.end() || found->name != name) {
          return InvalidArgumentError(out.index_file + ": tensor " +
                                      config::DescribeJson(json(name)) + " is listed in " + shard +
                                      ", which does not hold it");
        }
      }
    }
  }

  LLMCOST_ASSIGN_OR_RETURN(const int64_t bits, PackedBits(out.config_path));
  std::vector<std::string> names;
  names.reserve(out.tensors.size());
  for (const CheckpointTensor& t : out.tensors) {
    names.push_back(t.name);
  }
  for (CheckpointTensor& t : out.tensors) {
    ClassifyTensor(names, bits, &t);
  }
  return out;
}

}  // namespace llmcost

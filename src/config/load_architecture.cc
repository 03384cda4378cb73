// Config file -> Architecture: reads the file, picks the family's field map, validates.
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "llmcost/config.h"

#include "architecture_document.h"
#include "family_readers.h"
#include "json_document.h"
#include "python_config.h"

namespace llmcost {
namespace {

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    out += (out.empty() ? "" : ", ") + n;
  }
  return out;
}

std::string FileStem(std::string_view origin) {
  std::filesystem::path p{std::string(origin)};
  std::string stem = p.stem().string();
  return stem.empty() ? std::string(origin) : stem;
}

Status ReadName(const config::Fields& root, std::string_view origin, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(std::optional<std::string> name,
                           root.OptionalString({"name", "model_name"}));
  if (!name || name->empty()) {
    LLMCOST_ASSIGN_OR_RETURN(name, root.OptionalString({"_name_or_path"}));
  }
  arch->name = name && !name->empty() ? *name : FileStem(origin);
  return OkStatus();
}

}  // namespace

std::vector<std::string> SupportedFamilies() {
  return config::FamilyNames();
}

namespace {

// Appends what `fd` holds to *text, stopping one byte past the config size limit, so a
// huge stream (a FIFO, /dev/zero) ends early. Returns false (errno set) on a read error.
bool ReadBounded(int fd, std::string* text) {
  char chunk[65536];
  while (static_cast<int64_t>(text->size()) <= config::kMaxConfigBytes) {
    const ssize_t n = ::read(fd, chunk, sizeof(chunk));
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    if (n == 0) {
      break;
    }
    text->append(chunk, static_cast<size_t>(n));
  }
  return true;
}

bool IsPythonConfig(std::string_view origin) {
  return origin.size() > 3 && origin.substr(origin.size() - 3) == ".py";
}

}  // namespace

Result<Architecture> ParseArchitecture(std::string_view text, std::string_view origin,
                                       const LoadOptions& options) {
  if (static_cast<int64_t>(text.size()) > config::kMaxConfigBytes) {
    return InvalidArgumentError(std::string(origin) + ": file is larger than the " +
                                std::to_string(config::kMaxConfigBytes >> 20) +
                                " MiB limit for a config, got more than " +
                                std::to_string(config::kMaxConfigBytes) + " bytes");
  }
  LLMCOST_ASSIGN_OR_RETURN(nlohmann::json document,
                           IsPythonConfig(origin) ? config::ParsePythonAssignments(text, origin)
                                                  : config::ParseJsonText(text, origin));
  return config::ReadArchitectureDocument(document, origin, options);
}

Result<Architecture> config::ReadArchitectureDocument(const nlohmann::json& document,
                                                      std::string_view origin,
                                                      const LoadOptions& options) {
  config::Fields root(document, std::string(origin), "");
  Architecture arch;
  arch.source = std::string(origin);
  LLMCOST_RETURN_IF_ERROR(ReadName(root, origin, &arch));

  // Multimodal configs nest the language model under text_config.
  LLMCOST_ASSIGN_OR_RETURN(std::optional<config::Fields> text_config,
                           root.OptionalObject("text_config"));
  const config::Fields& fields = text_config ? *text_config : root;
  LLMCOST_ASSIGN_OR_RETURN(std::optional<std::string> model_type,
                           fields.OptionalString({"model_type"}));
  if (!model_type && text_config) {
    LLMCOST_ASSIGN_OR_RETURN(model_type, root.OptionalString({"model_type"}));
  }
  if (text_config) {
    arch.assumptions.push_back("language model read from text_config");
  }
  arch.model_type = model_type.value_or("");

  std::string family_name;
  if (!options.family.empty()) {
    family_name = options.family;
    if (model_type && *model_type != family_name) {
      arch.assumptions.push_back("read with the " + family_name + " field map (--family), not " +
                                 *model_type);
    }
  } else if (model_type) {
    family_name = *model_type;
  } else if (fields.Has({"n_embd"})) {
    family_name = "gpt2";
    arch.assumptions.push_back("no model_type: n_embd found, read as a GPT-2-style model");
  } else {
    family_name = "llama";
    arch.assumptions.push_back("no model_type: read as a LLaMA-style model");
  }
  const config::Family* family = config::FindFamily(family_name);
  if (family == nullptr) {
    std::string what = options.family.empty()
                           ? std::string(origin) + ": " + fields.Pointer("model_type") +
                                 ": unsupported model family \"" + family_name + "\""
                           : std::string(origin) + ": unsupported --family \"" + family_name + "\"";
    return NotFoundError(what + "; supported: " + JoinNames(config::FamilyNames()) +
                         " (use --family to force one)");
  }
  arch.family = std::string(family->name);
  LLMCOST_RETURN_IF_ERROR(family->read(fields, &arch));

  return arch;
}

Result<Architecture> LoadArchitecture(const std::string& path, const LoadOptions& options) {
  std::string text;
  if (path == "-") {
    if (!ReadBounded(STDIN_FILENO, &text)) {
      return IoError(std::string("<stdin>: read failed: ") + std::strerror(errno));
    }
    return ParseArchitecture(text, "<stdin>", options);
  }
  // POSIX I/O: one open, one fstat and (for a regular file) one read of its exact size.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return NotFoundError(path + ": no such file");
    }
    return IoError(path + ": cannot open for reading: " + std::strerror(errno));
  }
  struct stat info {};
  Status status;
  if (::fstat(fd, &info) != 0) {
    status = IoError(path + ": cannot stat: " + std::strerror(errno));
  } else if (S_ISDIR(info.st_mode)) {
    status = InvalidArgumentError(path + ": is a directory, expected a config file");
  } else if (S_ISREG(info.st_mode) && info.st_size > config::kMaxConfigBytes) {
    status = InvalidArgumentError(
        path + ": file is larger than the " + std::to_string(config::kMaxConfigBytes >> 20) +
        " MiB limit for a config, got " + std::to_string(info.st_size) + " bytes");
  } else {
    if (S_ISREG(info.st_mode)) {
      text.reserve(static_cast<size_t>(info.st_size) + 1);
    }
    if (!ReadBounded(fd, &text)) {
      status = IoError(path + ": read failed: " + std::strerror(errno));
    }
  }
  ::close(fd);
  if (!status.ok()) {
    return status;
  }
  return ParseArchitecture(text, path, options);
}

}  // namespace llmcost

// Safetensors test files: header + sparse zero data (huggingface/safetensors "Format").
#include "testing/safetensors_writer.h"

#include <fcntl.h>
#include <unistd.h>

namespace llmcost::testing {

int64_t ElementBytes(std::string_view dtype) {
  if (dtype == "F64" || dtype == "I64" || dtype == "U64")
    return 8;
  if (dtype == "F32" || dtype == "I32" || dtype == "U32")
    return 4;
  if (dtype == "BF16" || dtype == "F16" || dtype == "I16" || dtype == "U16")
    return 2;
  return 1;  // U8, I8, BOOL, F8_*
}

std::string SafetensorsHeaderJson(const std::vector<TensorSpec>& tensors, int64_t* data_bytes) {
  std::string json = "{\"__metadata__\":{\"format\":\"pt\"}";
  int64_t offset = 0;
  for (const TensorSpec& t : tensors) {
    int64_t bytes = ElementBytes(t.dtype);
    std::string shape;
    for (int64_t d : t.shape) {
      bytes *= d;
      shape += (shape.empty() ? "" : ",") + std::to_string(d);
    }
    json += ",\"" + t.name + "\":{\"dtype\":\"" + t.dtype + "\",\"shape\":[" + shape +
            "],\"data_offsets\":[" + std::to_string(offset) + "," + std::to_string(offset + bytes) +
            "]}";
    offset += bytes;
  }
  json += "}";
  // The reference writer pads the header with spaces to a multiple of 8 bytes.
  json.append((8 - json.size() % 8) % 8, ' ');
  *data_bytes = offset;
  return json;
}

bool WriteSafetensorsFile(const std::string& path, std::string_view header_json, int64_t data_bytes,
                          int64_t declared_length) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return false;
  }
  const uint64_t n = declared_length >= 0 ? static_cast<uint64_t>(declared_length)
                                          : static_cast<uint64_t>(header_json.size());
  unsigned char length[8];
  for (int i = 0; i < 8; ++i) {
    length[i] = static_cast<unsigned char>((n >> (8 * i)) & 0xFF);
  }
  bool ok = ::write(fd, length, 8) == 8 &&
            ::write(fd, header_json.data(), header_json.size()) ==
                static_cast<ssize_t>(header_json.size()) &&
            ::ftruncate(fd, static_cast<off_t>(8 + header_json.size() + data_bytes)) == 0;
  ok = ::close(fd) == 0 && ok;
  return ok;
}

bool WriteSafetensors(const std::string& path, const std::vector<TensorSpec>& tensors) {
  int64_t data_bytes = 0;
  const std::string header = SafetensorsHeaderJson(tensors, &data_bytes);
  return WriteSafetensorsFile(path, header, data_bytes);
}

}  // namespace llmcost::testing

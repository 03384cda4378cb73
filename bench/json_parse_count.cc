// Instruction-count driver for the config JSON parse (deterministic under callgrind, unlike
// timings on a shared machine). Parses every .json in configs/models and
// tests/reference/checkpoints 50 times:
// argv[1] = "bare" (nlohmann parse only) or "ours" (ParseJsonText), e.g.
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null build/dev/llmcost_json_parse_count
//   ours
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "json_document.h"
int main(int argc, char** argv) {
  std::vector<std::string> texts;
  for (const char* dir :
       {LLMCOST_SOURCE_DIR "/configs/models", LLMCOST_SOURCE_DIR "/tests/reference/checkpoints"})
    for (auto& e : std::filesystem::directory_iterator(dir))
      if (e.path().extension() == ".json") {
        std::ifstream in(e.path());
        std::ostringstream s;
        s << in.rdbuf();
        texts.push_back(s.str());
      }
  const bool bare = argc > 1 && std::string(argv[1]) == "bare";
  size_t sink = 0;
  for (int i = 0; i < 50; ++i)
    for (auto& t : texts) {
      if (bare)
        sink += nlohmann::json::parse(t, nullptr, true, true).size();
      else
        sink += llmcost::config::ParseJsonText(t, "x.json")->size();
    }
  return sink == 0;
}

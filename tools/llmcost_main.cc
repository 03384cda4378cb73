// llmcost: main() only forwards to the library (include/llmcost/cli.h).
#include <iostream>
#include <string>
#include <vector>

#include "llmcost/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  return llmcost::RunCli(args, std::cout, std::cerr);
}

// jirga's entry point: everything happens in cli::RunCli.
#include <iostream>

#include "cli/cli.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);  // submit streams stdin byte by byte
  jirga::cli::Context ctx{std::cin, std::cout, std::cerr};
  return jirga::cli::RunCli(ctx, argc, argv);
}

// `plinth fuzz` on Windows: not available. It runs each batch of executions in a
// forked child so that a crash is caught and the blob that caused it recovered;
// Windows has no fork (a CreateProcess-per-batch version is future work).
#include <iostream>

#include "commands.h"

namespace plinth::tool {

int fuzz(const FuzzOptions& /*options*/) {
  std::cerr << "plinth fuzz: not available on Windows (it needs fork to survive crashes); run it on Linux\n";
  return 2;
}

}  // namespace plinth::tool

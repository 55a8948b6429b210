#include "arguments.h"

namespace plinth::tool {

std::vector<std::string> utf8_arguments(int argc, char** argv) { return {argv, argv + argc}; }

}  // namespace plinth::tool

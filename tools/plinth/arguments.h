#pragma once
// The command line as UTF-8 strings, whatever the platform passes to main.

#include <string>
#include <vector>

namespace plinth::tool {

// Linux: argv as given (already UTF-8). Windows: the wide command line converted, since
// argv there is in the ANSI code page and cannot hold every path.
std::vector<std::string> utf8_arguments(int argc, char** argv);

}  // namespace plinth::tool

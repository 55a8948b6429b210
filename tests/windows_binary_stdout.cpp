// Linked into every test executable built for Windows: standard output in binary mode,
// so GoogleTest's lines end in "\n" as on Linux. In text mode the C runtime writes "\r\n",
// and CMake's gtest_discover_tests (which reads --gtest_list_tests through Wine) would
// take the "\r" into every test name.
#include <fcntl.h>
#include <io.h>

#include <cstdio>

namespace {
[[maybe_unused]] const int binary_stdout = _setmode(_fileno(stdout), _O_BINARY);
}  // namespace

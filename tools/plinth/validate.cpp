#include "commands.h"
namespace plinth::tool {
int validate(const std::string&, bool) { return fail("validate: not yet"); }
int render(const RenderOptions&) { return fail("render: not yet"); }
int bench(const BenchOptions&) { return fail("bench: not yet"); }
}  // namespace plinth::tool

#pragma once
// The project templates `plinth new` writes, compiled into the command from templates/
// (cmake/PlinthTemplates.cmake generates the definition).
#include <span>
#include <string_view>

namespace plinth::tool {

struct TemplateFile {
  std::string_view kind;  // "effect", "instrument", or "common" (every kind without its own)
  std::string_view path;  // inside the project; may hold placeholders like the text
  std::string_view text;  // with @NAME@, @TARGET@, @PROCESSOR_ID@, @CONTROLLER_ID@, @RENDER_NOTE@, @RENDER_ARGS@
};

std::span<const TemplateFile> template_files() noexcept;

}  // namespace plinth::tool

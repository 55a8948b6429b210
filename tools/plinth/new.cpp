// plinth new NAME --kind effect|instrument [--dir D]: a plugin project from the templates
// compiled into the command (templates/, see templates.h), with fresh class ids, that
// builds against an installed Plinth (find_package(Plinth)).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iterator>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <string_view>
#include <system_error>

#include "commands.h"
#include "templates.h"

namespace plinth::tool {

namespace fs = std::filesystem;

namespace {

// Target names CMake or Ninja reserve (the NAME, snake-cased, names the CMake target).
constexpr std::string_view reserved_targets[] = {
    "all",     "clean",          "help",       "install",       "test",
    "package", "package_source", "edit_cache", "rebuild_cache", "plinth_install_user"};

// "MyDelay" -> "my_delay", "EQFilter2" -> "eq_filter2": the CMake target and file names.
std::string snake_case(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool upper = std::isupper(static_cast<unsigned char>(c)) != 0;
    if (upper && i > 0 && out.back() != '_') {
      const char prev = name[i - 1];
      const bool next_lower = i + 1 < name.size() && std::islower(static_cast<unsigned char>(name[i + 1])) != 0;
      if (std::islower(static_cast<unsigned char>(prev)) != 0 || std::isdigit(static_cast<unsigned char>(prev)) != 0 ||
          (std::isupper(static_cast<unsigned char>(prev)) != 0 && next_lower))
        out += '_';
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Empty when NAME can be the class, bundle, project and (snake-cased) target name.
std::string name_problem(const std::string& name) {
  if (name.empty()) return "the plugin name is empty";
  if (name.size() > 64) return "the plugin name '" + name + "' is longer than 64 characters";
  // Upper case first: the NAME is a class in the global namespace, where the C library's
  // names (time, log, div...) and every C++ keyword are lower case.
  if (std::isupper(static_cast<unsigned char>(name[0])) == 0)
    return "the plugin name '" + name + "' must start with an upper-case letter (it names a C++ class)";
  for (const char c : name)
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_')
      return "the plugin name '" + name + "' may hold only letters, digits and '_' (it becomes a C++ class name)";
  if (name.find("__") != std::string::npos) return "the plugin name '" + name + "' contains '__', which C++ reserves";
  if (std::ranges::find(reserved_targets, snake_case(name)) != std::end(reserved_targets))
    return "the plugin name '" + name + "' would make the CMake target '" + snake_case(name) + "', which is reserved";
  return {};
}

// 128 random bits as the 32 hex digits PluginInfo takes for a class id.
std::string random_class_id(std::mt19937_64& rng) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string id;
  for (int half = 0; half < 2; ++half) {
    const std::uint64_t bits = rng();
    for (int shift = 60; shift >= 0; shift -= 4) id += hex[(bits >> shift) & 0xF];
  }
  return id;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
    text.replace(pos, from.size(), to);
}

// Where this command's installed CMake package is (PREFIX/bin/plinth ->
// PREFIX/lib/cmake/Plinth), for the next steps it prints; empty when run from a build tree.
fs::path installed_prefix() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const fs::path prefix = exe.parent_path().parent_path();
  for (const char* lib : {"lib", "lib64"})
    if (fs::exists(prefix / lib / "cmake" / "Plinth" / "PlinthConfig.cmake", ec)) return prefix;
  return {};
}

// What differs between the kinds beyond their own files: the render their ctest runs.
struct Kind {
  std::string_view name;
  std::string_view render_note;
  std::string_view render_args;
};
constexpr Kind kinds[] = {
    {"effect", "A second of a 440 Hz sine, 6 dB down.", "--sine 440 --seconds 1 -p Gain=-6"},
    {"instrument", "Two notes (pitch:velocity:start:length in seconds) and half a second of release.",
     "--notes 60:0.8:0:0.5,64:0.8:0.25:0.5 --tail 0.5"},
};

}  // namespace

CLI::App* add_new_command(CLI::App& app, NewOptions& options) {
  auto* cmd = app.add_subcommand("new", "Write a new plugin project (effect or instrument) from a template");
  cmd->add_option(
         "name", options.name,
         "The plugin's name: letters, digits and '_', starting with an upper-case letter (it names the C++ class, the "
         "bundle NAME.vst3 and the CMake project)")
      ->required();
  cmd->add_option("-k,--kind", options.kind, "effect (a smoothed gain and tone) or instrument (a polyphonic synth)")
      ->required()
      ->check(CLI::IsMember({"effect", "instrument"}));
  cmd->add_option("-d,--dir", options.dir, "The project's folder, new or empty (default: ./NAME)");
  cmd->footer(
      "Writes CMakeLists.txt (find_package(Plinth), plinth_add_plugin, ctest running plinth validate and render), "
      "src/<name_in_snake_case>.cpp (the plugin, with fresh random processor and controller class ids) and "
      "README.md. Then, against an installed Plinth (cmake --install build --prefix PREFIX in its tree):\n"
      "  cmake -S NAME -B NAME/build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=PREFIX\n"
      "  cmake --build NAME/build\n"
      "  plinth validate NAME/build/vst3/NAME.vst3\n"
      "  ctest --test-dir NAME/build                              (validate and render)\n"
      "  cmake --build NAME/build --target plinth_install_user    (copy into ~/.vst3)");
  return cmd;
}

int new_project(const NewOptions& options) {
  if (const std::string problem = name_problem(options.name); !problem.empty()) return fail(problem);
  const fs::path dir = options.dir.empty() ? fs::path(options.name) : fs::path(options.dir);
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) return fail(dir.string() + " exists and is not a folder");
    if (!fs::is_empty(dir, ec)) return fail(dir.string() + " already exists and is not empty");
  }

  std::random_device seed;
  std::mt19937_64 rng((static_cast<std::uint64_t>(seed()) << 32) ^ seed());
  const std::string processor_id = random_class_id(rng);
  std::string controller_id = random_class_id(rng);
  while (controller_id == processor_id) controller_id = random_class_id(rng);
  const std::string target = snake_case(options.name);
  const Kind* kind = std::find_if(std::begin(kinds), std::end(kinds), [&](const Kind& k) { return k.name == options.kind; });
  if (kind == std::end(kinds)) return fail("no kind '" + options.kind + "': effect or instrument");
  auto fill = [&](std::string_view text) {
    std::string out(text);
    replace_all(out, "@NAME@", options.name);
    replace_all(out, "@TARGET@", target);
    replace_all(out, "@PROCESSOR_ID@", processor_id);
    replace_all(out, "@CONTROLLER_ID@", controller_id);
    replace_all(out, "@RENDER_NOTE@", kind->render_note);
    replace_all(out, "@RENDER_ARGS@", kind->render_args);
    return out;
  };

  // Files under templates/common/ go into every project unless the kind has its own.
  auto own = [&](std::string_view path) {
    for (const TemplateFile& f : template_files())
      if (f.kind == options.kind && f.path == path) return true;
    return false;
  };
  int written = 0;
  for (const TemplateFile& file : template_files()) {
    if (file.kind != options.kind && (file.kind != "common" || own(file.path))) continue;
    const fs::path path = dir / fill(file.path);
    fs::create_directories(path.parent_path(), ec);
    if (ec) return fail("cannot create " + path.parent_path().string() + ": " + ec.message());
    std::ofstream out(path, std::ios::binary);
    const std::string text = fill(file.text);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) return fail("cannot write " + path.string());
    std::cout << "  " << path.string() << '\n';
    ++written;
  }
  if (written == 0) return fail("this plinth has no '" + options.kind + "' template");

  const fs::path prefix = installed_prefix();
  const std::string d = dir.string();
  std::cout << "New " << options.kind << " " << options.name << " in " << d << " (processor " << processor_id
            << ", controller " << controller_id << "). Build and check it:\n"
            << "  cmake -S " << d << " -B " << d << "/build -G Ninja -DCMAKE_BUILD_TYPE=Release"
            << " -DCMAKE_PREFIX_PATH=" << (prefix.empty() ? "<Plinth's install prefix>" : prefix.string()) << '\n'
            << "  cmake --build " << d << "/build\n"
            << "  " << (prefix.empty() ? fs::path("plinth") : prefix / "bin" / "plinth").string() << " validate " << d
            << "/build/vst3/" << options.name << ".vst3\n"
            << "  ctest --test-dir " << d << "/build --output-on-failure\n";
  return 0;
}

}  // namespace plinth::tool

#include <charconv>
#include <cstdlib>
#include <iostream>

#include "commands.h"
#include "progress.h"

namespace plinth::tool {

int fail(const std::string& message) {
  ProgressBar::erase_current();
  std::cerr << "plinth: error: " << message << '\n';
  return 1;
}

std::unique_ptr<host::Module> load_module(const std::string& path) {
  std::string error;
  auto module = host::Module::load(path, error);
  if (!module) fail(error);
  return module;
}

const host::ClassInfo* first_processor(const host::Module& module) {
  for (const auto& c : module.classes()) {
    if (c.is_audio_processor()) return &c;
  }
  fail(module.path() + " has no audio processor class (\"" + abi::kVstAudioEffectClass + "\")");
  return nullptr;
}

std::string arrangement_name(std::uint64_t arrangement) {
  namespace sa = abi::speaker_arr;
  struct Named {
    std::uint64_t arr;
    const char* name;
  };
  static constexpr Named names[] = {
      {sa::kEmpty, "Empty"},
      {sa::kMono, "Mono"},
      {sa::kStereo, "Stereo"},
      {sa::k30Cine, "3.0 Cine"},
      {sa::k31Cine, "3.1 Cine"},
      {sa::k40Music, "4.0"},
      {sa::k41Music, "4.1"},
      {sa::k50, "5.0"},
      {sa::k51, "5.1"},
      {sa::k70Music, "7.0"},
      {sa::k71Music, "7.1"},
      {sa::k71_4, "7.1.4"},
      {sa::kAmbi1stOrderACN, "Ambisonics 1st order"},
  };
  for (const auto& n : names) {
    if (n.arr == arrangement) return n.name;
  }
  return std::to_string(abi::channel_count(arrangement)) + " channels";
}

bool parse_param(host::PluginInstance& instance, const std::string& spec, host::ParamChange& out, std::string& error) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0) {
    error = "parameter setting '" + spec + "' is not ID=VALUE";
    return false;
  }
  const std::string key = spec.substr(0, eq);
  const std::string value = spec.substr(eq + 1);
  const auto params = instance.parameters();
  const host::ParameterInfo* found = nullptr;
  unsigned long long numeric = 0;
  const auto [ptr, ec] = std::from_chars(key.data(), key.data() + key.size(), numeric);
  for (const auto& p : params) {
    if ((ec == std::errc() && ptr == key.data() + key.size() && p.id == numeric) || p.title == key ||
        p.short_title == key) {
      found = &p;
      break;
    }
  }
  if (found == nullptr) {
    error = "no parameter '" + key + "' (try `plinth info` for the list)";
    return false;
  }
  std::optional<double> normalized = instance.string_to_value(found->id, value);
  if (!normalized) {
    char* end = nullptr;
    const double plain = std::strtod(value.c_str(), &end);
    if (value.empty() || end != value.c_str() + value.size()) {
      error = "cannot read '" + value + "' as a value of parameter " + found->title;
      return false;
    }
    normalized = instance.plain_to_normalized(found->id, plain);
  }
  if (!(*normalized >= 0.0 && *normalized <= 1.0)) {
    error = "value '" + value + "' is out of range for parameter " + found->title;
    return false;
  }
  out = host::ParamChange{found->id, 0, *normalized};
  return true;
}

}  // namespace plinth::tool

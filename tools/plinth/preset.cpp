// `plinth preset save|load|list`: .vstpreset files through any plugin's own state calls.
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "plinth/host/preset_file.h"

namespace plinth::tool {
namespace {

bool same_class_id(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto up = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
    if (up(a[i]) != up(b[i])) return false;
  }
  return true;
}

struct Loaded {
  std::unique_ptr<host::Module> module;
  std::unique_ptr<host::PluginInstance> instance;
};

// Module plus a fresh instance of its first processor class; null instance on failure
// (the error already printed).
Loaded open_instance(const std::string& bundle) {
  Loaded l;
  l.module = load_module(bundle);
  if (!l.module) return l;
  const auto* cls = first_processor(*l.module);
  if (cls == nullptr) return l;
  std::string error;
  l.instance = host::PluginInstance::create(*l.module, *cls, error);
  if (!l.instance) fail(error);
  return l;
}

void print_values(host::PluginInstance& p) {
  for (const auto& info : p.parameters()) {
    const double n = p.get_normalized(info.id);
    const auto text = p.value_to_string(info.id, n);
    std::printf("  %10u  %-24s %s%s%s  (%.17g)\n", info.id, info.title.c_str(), text ? text->c_str() : "?",
                info.units.empty() ? "" : " ", info.units.c_str(), n);
  }
}

}  // namespace

int preset_save(const PresetSaveOptions& o) {
  auto l = open_instance(o.bundle);
  if (!l.instance) return 1;
  host::PluginInstance& p = *l.instance;
  if (p.setup(48000.0, 512, false, abi::kOffline) != abi::kResultOk) return fail("setup_processing failed");

  // The program first, then single values on top of it, in one block as a host sends them.
  std::vector<host::ParamChange> changes;
  if (o.program >= 0) {
    std::optional<host::ParameterInfo> program;
    for (const auto& info : p.parameters())
      if ((info.flags & abi::ParameterInfo::kIsProgramChange) != 0) program = info;
    if (!program) return fail(p.class_info().name + " has no program-change parameter");
    if (o.program > program->step_count)
      return fail("program " + std::to_string(o.program) + " does not exist (the plugin has " +
                  std::to_string(program->step_count + 1) + ")");
    const double value = program->step_count > 0 ? static_cast<double>(o.program) / program->step_count : 0.0;
    changes.push_back({program->id, 0, value});
  }
  std::string error;
  for (const auto& spec : o.params) {
    host::ParamChange change{};
    if (!parse_param(p, spec, change, error)) return fail(error);
    changes.push_back(change);
  }
  for (const auto& c : changes) p.set_normalized(c.id, c.normalized);
  if (p.activate() != abi::kResultOk) return fail("activation failed");
  if (p.process(0, changes) != abi::kResultOk) return fail("the plugin refused the parameter values");
  p.deactivate();

  auto component = p.save_state_checked();
  if (!component) return fail("the plugin's get_state failed");
  host::PresetFile preset;
  preset.class_id = p.class_info().cid_string;
  preset.chunks.push_back({host::chunk_component, std::move(*component)});
  if (p.separate_controller())
    if (auto controller = p.save_controller_state()) preset.chunks.push_back({host::chunk_controller, *controller});
  if (!host::write_file_bytes(o.output, host::write_preset(preset), error)) return fail(error);
  return 0;
}

int preset_load(const std::string& bundle, const std::string& file) {
  std::string error;
  const auto bytes = host::read_file_bytes(file, error);
  if (!bytes) return fail(error);
  const auto preset = host::read_preset(*bytes, error);
  if (!preset) return fail(file + ": " + error);
  const host::PresetChunk* component = preset->find(host::chunk_component);
  if (component == nullptr) return fail(file + ": no component state ('Comp' chunk)");

  auto l = open_instance(bundle);
  if (!l.instance) return 1;
  host::PluginInstance& p = *l.instance;
  if (!same_class_id(preset->class_id, p.class_info().cid_string))
    return fail(file + ": class id " + preset->class_id + " is not " + p.class_info().name + "'s (" +
                p.class_info().cid_string + ")");
  if (const abi::tresult r = p.load_state_result(component->data); r != abi::kResultOk)
    return fail(file + ": the plugin refused the component state (set_state returned " + std::to_string(r) + ")");
  if (const host::PresetChunk* controller = preset->find(host::chunk_controller); controller != nullptr)
    if (p.separate_controller() && !p.load_controller_state(controller->data))
      return fail(file + ": the controller refused its state (set_state)");

  std::printf("%s <- %s\n", p.class_info().name.c_str(), file.c_str());
  print_values(p);
  return 0;
}

int preset_list(const std::string& file, const std::string& bundle) {
  std::string error;
  const auto bytes = host::read_file_bytes(file, error);
  if (!bytes) return fail(error);
  const auto listing = host::list_preset(*bytes, error);
  if (!listing) return fail(file + ": " + error);
  std::string matches;
  if (!bundle.empty()) {  // checked before printing, so a mismatch is one error line
    auto module = load_module(bundle);
    if (!module) return 1;
    const auto* cls = first_processor(*module);
    if (cls == nullptr) return 1;
    if (!same_class_id(listing->class_id, cls->cid_string))
      return fail(file + ": class id " + listing->class_id + " is not " + cls->name + "'s (" + cls->cid_string + ")");
    matches = cls->name;
  }
  std::printf("%s: %zu bytes\n  version:  %d\n  class id: %s\n  list at:  %lld\n  chunks:   %zu\n", file.c_str(),
              bytes->size(), listing->version, listing->class_id.c_str(), static_cast<long long>(listing->list_offset),
              listing->entries.size());
  for (const auto& e : listing->entries)
    std::printf("    %-4s  offset %8lld  size %8lld\n", host::chunk_name(e.id).c_str(),
                static_cast<long long>(e.offset), static_cast<long long>(e.size));
  if (!matches.empty()) std::printf("  matches:  %s\n", matches.c_str());
  return 0;
}

}  // namespace plinth::tool

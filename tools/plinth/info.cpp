// `plinth info`: classes, buses, parameters, latency and tail, for people.
#include <cstdio>
#include <iostream>
#include <utility>
#include <vector>

#include "commands.h"

namespace plinth::tool {
namespace {

std::string flag_list(std::int32_t flags) {
  std::string out;
  auto add = [&out](const char* name) {
    if (!out.empty()) out += ",";
    out += name;
  };
  if ((flags & abi::ParameterInfo::kCanAutomate) != 0) add("automatable");
  if ((flags & abi::ParameterInfo::kIsReadOnly) != 0) add("read-only");
  if ((flags & abi::ParameterInfo::kIsWrapAround) != 0) add("wrap-around");
  if ((flags & abi::ParameterInfo::kIsList) != 0) add("list");
  if ((flags & abi::ParameterInfo::kIsHidden) != 0) add("hidden");
  if ((flags & abi::ParameterInfo::kIsProgramChange) != 0) add("program-change");
  if ((flags & abi::ParameterInfo::kIsBypass) != 0) add("bypass");
  return out.empty() ? "-" : out;
}

void print_buses(host::PluginInstance& instance, abi::MediaType type, abi::BusDirection dir, const char* label) {
  const auto buses = instance.buses(type, dir);
  if (buses.empty()) return;
  std::cout << "    " << label << ":\n";
  for (std::size_t i = 0; i < buses.size(); ++i) {
    const auto& b = buses[i];
    std::cout << "      " << i << ": \"" << b.name << "\" " << (b.bus_type == abi::kMain ? "main" : "aux");
    if (type == abi::kAudio) {
      std::cout << ", " << b.channel_count << " channel" << (b.channel_count == 1 ? "" : "s") << " ("
                << arrangement_name(instance.arrangement(dir, static_cast<int>(i))) << ")";
    } else {
      std::cout << ", " << b.channel_count << " MIDI channel" << (b.channel_count == 1 ? "" : "s");
    }
    if ((b.flags & abi::BusInfo::kDefaultActive) != 0) std::cout << ", default active";
    std::cout << '\n';
  }
}

std::string ascii(const abi::char16* s) {
  char text[256];
  abi::str16_to_ascii(text, s, sizeof text);
  return text;
}

const char* controller_name(int number) {
  switch (number) {
    case abi::kCtrlModWheel: return "mod wheel";
    case abi::kCtrlVolume: return "volume";
    case abi::kCtrlPan: return "pan";
    case abi::kCtrlExpression: return "expression";
    case abi::kCtrlSustainOnOff: return "sustain";
    case 74: return "brightness";
    case abi::kAfterTouch: return "channel pressure";
    case abi::kPitchBend: return "pitch bend";
    default: return nullptr;
  }
}

// Note expression types and the physical controls routed to them (event input bus 0),
// then the MIDI controllers IMidiMapping maps to parameters.
void print_note_input(host::PluginInstance& instance) {
  if (instance.buses(abi::kEvent, abi::kInput).empty() || instance.controller() == nullptr) return;
  if (auto ne = host::query<abi::INoteExpressionController>(instance.controller())) {
    const std::int32_t count = ne->get_note_expression_count(0, 0);
    bool same = true;
    for (std::int16_t ch = 1; ch < 16; ++ch) same = same && ne->get_note_expression_count(0, ch) == count;
    std::cout << "  note expression: " << count << " type" << (count == 1 ? "" : "s")
              << (same ? " (the same on all 16 channels)" : " (channel 1; others differ)") << '\n';
    for (std::int32_t k = 0; k < count; ++k) {
      abi::NoteExpressionTypeInfo t{};
      if (ne->get_note_expression_info(0, 0, k, t) != abi::kResultOk) continue;
      abi::String128 text{};
      const bool has_text = ne->get_note_expression_string_by_value(0, 0, t.type_id, t.value_desc.default_value,
                                                                    text) == abi::kResultOk;
      std::cout << "    " << t.type_id << "  " << ascii(t.title);
      if (t.units[0] != 0) std::cout << " [" << ascii(t.units) << "]";
      std::cout << "  default ";
      if (has_text)
        std::cout << '"' << ascii(text) << '"';
      else
        std::cout << '?';
      std::cout << " (normalized "
                << t.value_desc.default_value << ")"
                << ((t.flags & abi::NoteExpressionTypeInfo::kIsBipolar) != 0 ? ", bipolar" : "") << '\n';
    }
    if (auto pui = host::query<abi::INoteExpressionPhysicalUiMapping>(instance.controller())) {
      abi::PhysicalUiMap map[abi::kPuiTypeCount];
      for (abi::PhysicalUiTypeId k = 0; k < abi::kPuiTypeCount; ++k) map[k] = {k, abi::kInvalidTypeId};
      abi::PhysicalUiMapList list{abi::kPuiTypeCount, map};
      if (pui->get_physical_ui_mapping(0, 0, list) == abi::kResultOk) {
        const char* names[] = {"X movement", "Y movement", "pressure"};
        std::cout << "    physical controls:";
        for (abi::PhysicalUiTypeId k = 0; k < abi::kPuiTypeCount; ++k) {
          std::cout << (k == 0 ? " " : ", ") << names[k] << " -> ";
          abi::NoteExpressionTypeInfo t{};
          bool named = false;
          for (std::int32_t j = 0; j < count && !named; ++j)
            if (ne->get_note_expression_info(0, 0, j, t) == abi::kResultOk && t.type_id == map[k].note_expression_type_id) {
              std::cout << ascii(t.title);
              named = true;
            }
          if (!named) std::cout << (map[k].note_expression_type_id == abi::kInvalidTypeId ? "none" : std::to_string(map[k].note_expression_type_id));
        }
        std::cout << '\n';
      }
    }
  } else {
    std::cout << "  note expression: none\n";
  }
  auto mapping = host::query<abi::IMidiMapping>(instance.controller());
  if (!mapping) {
    std::cout << "  MIDI mapping:   none\n";
    return;
  }
  std::vector<std::pair<int, abi::ParamId>> mapped;
  for (int number = 0; number < abi::kCountCtrlNumber; ++number) {
    abi::ParamId id = abi::kNoParamId;
    if (mapping->get_midi_controller_assignment(0, 0, static_cast<abi::CtrlNumber>(number), id) == abi::kResultOk)
      mapped.emplace_back(number, id);
  }
  std::cout << "  MIDI mapping:   " << mapped.size() << " controller" << (mapped.size() == 1 ? "" : "s")
            << " (channel 1; parameter ids)\n";
  for (const auto& [number, id] : mapped) {
    const char* name = controller_name(number);
    std::cout << "    ";
    if (number < 128)
      std::cout << "CC " << number;
    else
      std::cout << name;
    std::cout << " -> " << id;
    if (number < 128 && name != nullptr) std::cout << " (" << name << ")";
    std::cout << '\n';
  }
}

}  // namespace

int info(const std::string& bundle) {
  auto module = load_module(bundle);
  if (!module) return 1;
  const auto& fi = module->factory_info();
  std::cout << "Module " << module->name() << "\n  path:    " << module->library_path() << "\n  vendor:  " << fi.vendor
            << "\n  url:     " << fi.url << "\n  e-mail:  " << fi.email << "\n  flags:   0x" << std::hex << fi.flags
            << std::dec << "\n  classes: " << module->classes().size() << "\n";

  int failures = 0;
  for (const auto& c : module->classes()) {
    std::cout << "\nClass " << c.index << ": " << c.name << "\n  cid:            " << c.cid_string
              << "\n  category:       " << c.category << "\n  sub categories: " << c.sub_categories_string
              << "\n  vendor:         " << c.vendor << "\n  version:        " << c.version
              << "\n  sdk version:    " << c.sdk_version << "\n  class flags:    0x" << std::hex << c.class_flags
              << std::dec << "\n  cardinality:    " << c.cardinality << "\n";
    if (!c.is_audio_processor()) continue;

    std::string error;
    auto instance = host::PluginInstance::create(*module, c, error);
    if (!instance) {
      std::cerr << "plinth: error: " << error << '\n';
      ++failures;
      continue;
    }
    std::cout << "  controller:     "
              << (instance->separate_controller()
                      ? (instance->connected() ? "separate class, connected" : "separate class, not connected")
                      : (instance->controller() != nullptr ? "the component itself" : "none"))
              << "\n  buses:\n";
    print_buses(*instance, abi::kAudio, abi::kInput, "audio inputs");
    print_buses(*instance, abi::kAudio, abi::kOutput, "audio outputs");
    print_buses(*instance, abi::kEvent, abi::kInput, "event inputs");
    print_buses(*instance, abi::kEvent, abi::kOutput, "event outputs");
    print_note_input(*instance);
    std::cout << "  64-bit:         " << (instance->can_process_double() ? "yes" : "no") << '\n';
    if (instance->setup(48000.0, 512, false) == abi::kResultOk) {
      std::cout << "  latency:        " << instance->latency_samples() << " samples (at 48 kHz)\n";
      const std::uint32_t tail = instance->tail_samples();
      std::cout << "  tail:           "
                << (tail == abi::kInfiniteTail ? std::string("infinite") : std::to_string(tail) + " samples") << '\n';
    } else {
      std::cout << "  latency, tail:  unknown (setup_processing at 48 kHz failed)\n";
    }
    const auto params = instance->parameters();
    std::cout << "  parameters:     " << params.size() << '\n';
    for (const auto& p : params) {
      const auto text = instance->value_to_string(p.id, p.default_normalized);
      char normalized[32];
      std::snprintf(normalized, sizeof normalized, "%.6g", p.default_normalized);
      std::cout << "    " << p.id << "  " << p.title;
      if (!p.units.empty()) std::cout << " [" << p.units << "]";
      std::cout << "  default " << (text ? "\"" + *text + (p.units.empty() ? "" : " " + p.units) + "\"" : "?")
                << " (normalized " << normalized << ")"
                << ", " << (p.step_count == 0 ? std::string("continuous") : std::to_string(p.step_count + 1) + " steps")
                << ", " << flag_list(p.flags) << '\n';
    }
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace plinth::tool

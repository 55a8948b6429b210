#pragma once
// Bus declarations: what audio and event buses a plugin has, and which channel
// layouts each audio bus accepts. The bridge negotiates host requests against these.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace plinth {

// Channel order is the VST 3 one (speaker bits, lowest first):
//   surround_5_1: L R C LFE Ls Rs
//   surround_7_1: L R C LFE Ls Rs Sl Sr ("7.1 Music": side and rear surrounds)
enum class ChannelLayout : std::uint8_t { mono, stereo, surround_5_1, surround_7_1 };

constexpr int channel_count(ChannelLayout layout) noexcept {
  switch (layout) {
    case ChannelLayout::mono: return 1;
    case ChannelLayout::stereo: return 2;
    case ChannelLayout::surround_5_1: return 6;
    case ChannelLayout::surround_7_1: return 8;
  }
  return 0;
}

enum class BusRole : std::uint8_t {
  main,       // the bus a host connects first; active by default
  auxiliary,  // a side-chain; inactive until the host activates it
};

struct AudioBusSpec {
  std::string name;
  BusRole role = BusRole::main;
  std::vector<ChannelLayout> layouts;  // accepted layouts; the first is the default

  [[nodiscard]] bool accepts(ChannelLayout layout) const noexcept {
    for (ChannelLayout l : layouts)
      if (l == layout) return true;
    return false;
  }
  [[nodiscard]] int max_channels() const noexcept {
    int most = 0;
    for (ChannelLayout l : layouts) most = channel_count(l) > most ? channel_count(l) : most;
    return most;
  }
};

struct BusSpecs {
  std::vector<AudioBusSpec> inputs;
  std::vector<AudioBusSpec> outputs;
  int event_inputs = 0;   // note input buses (instruments, note effects): 0 or 1
  int event_outputs = 0;  // note output buses (note effects): 0 or 1

  // An instrument: notes in, stereo out.
  static BusSpecs instrument(std::vector<ChannelLayout> layouts = {ChannelLayout::stereo}) {
    BusSpecs specs;
    specs.outputs.push_back({"Output", BusRole::main, std::move(layouts)});
    specs.event_inputs = 1;
    return specs;
  }
  // Adds an event input and/or output bus (a note effect: `effect().with_events(1, 1)`).
  BusSpecs&& with_events(int in, int out) && {
    event_inputs = in;
    event_outputs = out;
    return std::move(*this);
  }

  // A typical effect: main in and out, mono or stereo.
  static BusSpecs effect(std::vector<ChannelLayout> layouts = {ChannelLayout::stereo, ChannelLayout::mono}) {
    return BusSpecs{{{"Input", BusRole::main, layouts}}, {{"Output", BusRole::main, layouts}}, 0, 0};
  }
  // Adds a side-chain input that accepts the same layouts as the main input.
  BusSpecs&& with_sidechain(std::string name = "Side-chain") && {
    std::vector<ChannelLayout> layouts = inputs.empty()
                                             ? std::vector<ChannelLayout>{ChannelLayout::stereo, ChannelLayout::mono}
                                             : inputs.front().layouts;
    inputs.push_back({std::move(name), BusRole::auxiliary, std::move(layouts)});
    return std::move(*this);
  }
};

// The layouts currently in force, one per declared bus.
struct BusLayouts {
  std::vector<ChannelLayout> inputs;
  std::vector<ChannelLayout> outputs;

  static BusLayouts defaults_of(const BusSpecs& specs) {
    BusLayouts result;
    for (const auto& b : specs.inputs) result.inputs.push_back(b.layouts.front());
    for (const auto& b : specs.outputs) result.outputs.push_back(b.layouts.front());
    return result;
  }
};

// Whether a requested set of layouts is acceptable: every bus accepts its layout and,
// for plugins whose main buses must match (most effects), main in == main out.
bool layouts_acceptable(const BusSpecs& specs, std::span<const ChannelLayout> inputs,
                        std::span<const ChannelLayout> outputs, bool main_buses_match) noexcept;

}  // namespace plinth

// A test note effect: audio passes through; every incoming event goes back out on the
// event output bus, notes transposed by "Transpose" semitones, at the same sample. The
// tests check offsets, fields and order through the real .so, with block splits.
#include "plinth/core/plugin.h"

class NoteEcho : public plinth::Plugin<NoteEcho> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth Test Note Echo",
      .vendor = "Plinth Tests",
      .version = "0.1.0",
      .processor_id = "B2C3D4E5F60718293A4B5C6D7E8F9001",
      .controller_id = "B2C3D4E5F60718293A4B5C6D7E8F9002",
      .categories = "Fx|Tools",
  };
  static plinth::BusSpecs buses() { return plinth::BusSpecs::effect().with_events(1, 1); }

  plinth::Param& transpose = declare(plinth::ParamSpec::integer(1, "Transpose", -24, 24, 12));
  plinth::Param& gain = declare(plinth::ParamSpec::linear(2, "Gain", 0.0, 1.0, 1.0));

  NoteEcho() { midi_controllers({plinth::midi::pitch_bend, plinth::midi::sustain}); }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    const auto in = block.main_input();
    const auto out = block.main_output();
    for (int c = 0; c < out.num_channels(); ++c)
      for (int i = 0; i < block.num_samples; ++i) out[c][i] = in[c][i];
    const int shift = static_cast<int>(transpose.value());
    for (plinth::Event e : block.events) {
      if (e.type == plinth::Event::Type::note_on || e.type == plinth::Event::Type::note_off ||
          e.type == plinth::Event::Type::poly_pressure)
        e.pitch = static_cast<std::int16_t>(std::clamp(e.pitch + shift, 0, 127));
      block.output.add(e);
    }
  }
};

static const plinth::Export<NoteEcho> exported;

// Processing: block sizes, flushes, silence, sample rates, precision, input, automation, events, bypass.
#include "plinth/host/checks/common.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace plinth::host::checks {

namespace {

void block_sizes(Module& module, const ClassInfo& cls, CheckResult& result, bool dbl) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  if (dbl && !p->can_process_double()) {
    ck.note("64-bit processing not supported; skipped");
    return;
  }
  if (!ck.start(*p, 44100.0, 8192, dbl)) return;
  std::vector<int> sizes = {0, 1, 2, 7, 31, 64, 127, 128, 500, 1000, 1024, 4097, 8192, 1, 8191, 0, 3};
  std::mt19937 rng(1234);
  std::uniform_int_distribution<int> any(0, 8192);
  for (int i = 0; i < 40; ++i) sizes.push_back(any(rng));
  long t = 0;
  for (int n : sizes) {
    if (!run_blocks(ck, *p, 1, n, t, dbl ? "64-bit" : "32-bit")) return;
  }
}

void block_sizes_32(Module& m, const ClassInfo& c, CheckResult& r) { block_sizes(m, c, r, false); }
void block_sizes_64(Module& m, const ClassInfo& c, CheckResult& r) { block_sizes(m, c, r, true); }

// The rules' flush (what Steinberg's validator sends) is 0 samples with no buses; a
// flush with buses whose channel pointers are null is outside the rules ("the host
// must always supply an array for the channel buffers") but some hosts send it.
// Whether the values reach the processor is seen through its state, which the rules
// do not require to hold parameters: so that part is a robustness check.
void parameter_flush(Module& module, const ClassInfo& cls, CheckResult& result, bool rules_only) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  const auto params = writable(p->parameters());
  if (params.empty()) {
    ck.note("no writable parameters; checked only that an empty flush is accepted");
  }
  if (!ck.start(*p, 44100.0, 512, false)) return;
  long t = 0;
  if (!run_blocks(ck, *p, 1, 512, t, "before flush")) return;
  const BufferMode modes[] = {BufferMode::no_buses, BufferMode::null_channels};
  const char* mode_names[] = {"no buses (num_inputs = num_outputs = 0)", "buses with null channel pointers"};
  for (int m = 0; m < (rules_only ? 1 : 2); ++m) {
    std::vector<ParamChange> changes;
    for (const auto& info : params) {
      const double current = quantize(info, p->get_normalized(info.id));
      changes.push_back({info.id, 0, other_value(info, current, m == 0 ? 0.37 : 0.21)});
    }
    p->set_buffer_mode(modes[m]);
    step(std::string("flush: process(0 samples, ") + mode_names[m] + ") with " + std::to_string(changes.size()) +
         " parameter changes");
    const abi::tresult r = p->process(0, changes);
    p->set_buffer_mode(BufferMode::normal);
    if (!ck.expect_ok(r, std::string("flush: process with 0 samples and ") + mode_names[m])) continue;
    if (params.empty() || rules_only) continue;
    // Did the values reach the processor? Its state tells; the controller reads it back.
    auto state = p->save_state_checked();
    if (!ck.expect(state.has_value(), "get_state failed after the flush")) return;
    if (!ck.expect(controller_sees(*p, *state), "controller set_component_state failed after the flush")) return;
    for (const auto& change : changes) {
      const auto info = std::find_if(params.begin(), params.end(), [&](const auto& x) { return x.id == change.id; });
      const double got = p->get_normalized(change.id);
      ck.expect(std::abs(got - change.normalized) <= tolerance(*info),
                std::string("flush (") + mode_names[m] + "): " + param_name(*info) + " sent " + fmt(change.normalized) +
                    " with 0 samples, but the processor's state has " + fmt(got));
    }
  }
  run_blocks(ck, *p, 2, 512, t, "after flush");
}

// Two instances get the same parameter changes, one in a flush (0 samples, no
// buses) and one in a processed block; the values their states hold must match.
void flush_equivalence(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto a = ck.make();
  auto b = ck.make();
  auto reader = ck.make();  // reads each state through its controller
  if (!a || !b || !reader) return;
  const auto all = a->parameters();
  const auto params = writable(all);
  if (params.empty() || reader->controller() == nullptr) {
    ck.note("no writable parameters or no controller; skipped");
    return;
  }
  if (!ck.start(*a, 48000.0, 256, false) || !ck.start(*b, 48000.0, 256, false)) return;
  long ta = 0;
  long tb = 0;
  if (!run_blocks(ck, *a, 1, 256, ta, "flushed instance") || !run_blocks(ck, *b, 1, 256, tb, "processed instance"))
    return;
  for (int round = 0; round < 3; ++round) {
    std::vector<ParamChange> changes;
    for (const auto& info : params) {
      if (info.is_bypass()) continue;
      const double target = other_value(info, info.default_normalized, 0.23 + 0.17 * round);
      // Round 1 and 2: a ramp of two points per parameter; the last one counts.
      if (round > 0) changes.push_back({info.id, 0, other_value(info, target, 0.5)});
      changes.push_back({info.id, round > 0 ? 100 : 0, target});
    }
    a->set_buffer_mode(BufferMode::no_buses);
    step("flush with " + std::to_string(changes.size()) + " parameter changes");
    const abi::tresult ra = a->process(0, changes);
    a->set_buffer_mode(BufferMode::normal);
    fill_sine(*b, 256, tb);
    tb += 256;
    step("process(256 samples) with the same " + std::to_string(changes.size()) + " parameter changes");
    const abi::tresult rb = b->process(256, changes);
    if (!ck.expect_ok(ra, "flush") || !ck.expect_ok(rb, "process(256) with the same changes")) return;
    const auto sa = a->save_state_checked();
    const auto sb = b->save_state_checked();
    if (!ck.expect(sa && sb, "get_state failed")) return;
    if (!ck.expect(controller_sees(*reader, *sa), "controller set_component_state refused the flushed state")) return;
    const auto va = controller_values(*reader, all);
    if (!ck.expect(controller_sees(*reader, *sb), "controller set_component_state refused the processed state")) return;
    const auto vb = controller_values(*reader, all);
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (all[i].is_read_only()) continue;
      ck.expect(va[i] == vb[i], "round " + std::to_string(round) + ": " + param_name(all[i]) + " is " + fmt(va[i]) +
                                    " after the flush but " + fmt(vb[i]) + " after a processed block");
    }
  }
}

void parameter_flush_rules(Module& m, const ClassInfo& c, CheckResult& r) { parameter_flush(m, c, r, true); }
void parameter_flush_values(Module& m, const ClassInfo& c, CheckResult& r) { parameter_flush(m, c, r, false); }

// Required: process accepts input silence flags (Steinberg's validator tries every
// combination), and an output the plugin flags silent is all zeros ("the silence flag
// is set when every sample of the according buffer has the value '0'"). That silent
// input gives silent output at all is a robustness expectation (`silent_output`).
void silence_flags(Module& module, const ClassInfo& cls, CheckResult& result, bool rules_only) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  if (p->audio_outputs() == 0) {
    ck.note("no audio outputs; skipped");
    return;
  }
  if (!ck.start(*p, 44100.0, 512, false)) return;
  long t = 0;
  // Flags set on silent input: no crash, and with no input there is nothing to hear.
  p->clear_inputs();
  for (int b = 0; b < p->audio_inputs(); ++b) {
    const int n = p->channels(abi::kInput, b);
    p->set_input_silence(b, n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1);
  }
  if (p->audio_inputs() == 0) ck.note("no audio inputs: only checked that processing with output flags works");
  for (int k = 0; k < 6; ++k) {
    fill_outputs(*p, 0.5);  // garbage the plugin must overwrite
    if (!ck.expect_ok(p->process(512), "process with silent inputs flagged")) return;
  }
  if (rules_only || (p->audio_inputs() > 0 && p->tail_samples() != abi::kInfiniteTail)) {
    for (int b = 0; b < p->audio_outputs(); ++b) {
      for (int c = 0; c < p->channels(abi::kOutput, b); ++c) {
        double peak = 0.0;
        for (int i = 0; i < 512; ++i) peak = std::max(peak, std::abs(output_sample(*p, b, c, i)));
        const bool flagged = ((p->output_silence(b) >> c) & 1u) != 0;
        if (rules_only) {
          ck.expect(!flagged || peak == 0.0, "output bus " + std::to_string(b) + " channel " + std::to_string(c) +
                                                 " is flagged silent but is not zero (peak " + fmt(peak) + ")");
          continue;
        }
        ck.expect(peak == 0.0, "silent input flagged silent, but output bus " + std::to_string(b) + " channel " +
                                   std::to_string(c) + " is not zero (peak " + fmt(peak) + ")" +
                                   (flagged ? " although it is flagged silent" : ""));
        if (!flagged && peak == 0.0)
          ck.note("output bus " + std::to_string(b) + " channel " + std::to_string(c) +
                  " is zero but not flagged silent");
      }
    }
  }
  // Clearing the flags with real input: sound again, not stuck flagged silent.
  for (int b = 0; b < p->audio_inputs(); ++b) p->set_input_silence(b, 0);
  run_blocks(ck, *p, 4, 512, t, "after silence");
}

void silence_flags_rules(Module& m, const ClassInfo& c, CheckResult& r) { silence_flags(m, c, r, true); }
void silent_output(Module& m, const ClassInfo& c, CheckResult& r) { silence_flags(m, c, r, false); }

void double_precision(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto a = ck.make();
  auto b = ck.make();
  if (!a || !b) return;
  if (!a->can_process_double()) {
    ck.note("64-bit processing not supported (can_process_sample_size(kSample64) != kResultOk); skipped");
    return;
  }
  if (!ck.start(*a, 48000.0, 256, false) || !ck.start(*b, 48000.0, 256, true)) return;
  long ta = 0;
  long tb = 0;
  double worst = 0.0;
  for (int k = 0; k < 24; ++k) {
    if (!run_blocks(ck, *a, 1, 256, ta, "32-bit") || !run_blocks(ck, *b, 1, 256, tb, "64-bit")) return;
    for (int bus = 0; bus < a->audio_outputs(); ++bus) {
      for (int c = 0; c < a->channels(abi::kOutput, bus); ++c) {
        for (int i = 0; i < 256; ++i) {
          worst = std::max(worst, std::abs(output_sample(*a, bus, c, i) - output_sample(*b, bus, c, i)));
        }
      }
    }
  }
  ck.expect(worst < 1e-4, "32- and 64-bit outputs differ by up to " + fmt(worst) + " for the same input");
  ck.note("largest 32/64-bit difference " + fmt(worst));
}

void non_finite_input(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  if (p->audio_inputs() == 0) {
    ck.note("no audio inputs; skipped");
    return;
  }
  for (bool dbl : {false, true}) {
    if (dbl && !p->can_process_double()) continue;
    if (!ck.start(*p, 44100.0, 512, dbl)) return;
    long t = 0;
    const double specials[] = {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                               -std::numeric_limits<double>::infinity(), 1e30,
                               std::numeric_limits<double>::denorm_min()};
    for (int k = 0; k < 4; ++k) {
      fill_sine(*p, 512, t);
      t += 512;
      for (int b = 0; b < p->audio_inputs(); ++b) {
        for (int c = 0; c < p->channels(abi::kInput, b); ++c) {
          for (int i = k; i < 512; i += 37) {
            const double v = specials[static_cast<std::size_t>(i + c) % 5];
            p->input(b, c)[static_cast<std::size_t>(i)] = static_cast<float>(v);
            p->input64(b, c)[static_cast<std::size_t>(i)] = v;
          }
        }
      }
      if (!ck.expect_ok(p->process(512), std::string(dbl ? "64" : "32") + "-bit process with NaN/inf input")) return;
      const std::string bad = non_finite_output(*p, 512);
      if (!ck.expect(bad.empty(), std::string(dbl ? "64" : "32") + "-bit, NaN/inf in the input: " + bad)) break;
    }
    // Clean input afterwards: the plugin must recover.
    run_blocks(ck, *p, 4, 512, t, std::string(dbl ? "64" : "32") + "-bit, clean input after NaN/inf");
    p->deactivate();
  }
}

// Required: sample-accurate parameter changes are processed. Robustness: an edit
// made in the controller (forwarded by the host) shows in the processor's state,
// which the rules do not require to hold parameters.
void automation(Module& module, const ClassInfo& cls, CheckResult& result, bool edits) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  std::vector<ParameterInfo> params;
  for (const auto& info : writable(p->parameters())) {
    if (info.can_automate()) params.push_back(info);
  }
  if (params.empty()) ck.note("no automatable parameters");
  if (!ck.start(*p, 48000.0, 1024, false)) return;
  long t = 0;
  for (int k = 0; k < (edits ? 1 : 8); ++k) {
    std::vector<ParamChange> changes;
    const int n = k % 2 == 0 ? 1024 : 333;
    for (const auto& info : params) {
      if (info.is_bypass()) continue;
      for (int i = 0; i < 16; ++i) {
        const double ramp = 0.5 + 0.5 * std::sin(0.3 * (i + 16 * k));
        changes.push_back({info.id, i * n / 16, quantize(info, ramp)});
      }
    }
    fill_sine(*p, n, t);
    t += n;
    ck.expect_ok(p->process(n, changes), "process with sample-accurate automation");
    const std::string bad = non_finite_output(*p, n);
    ck.expect(bad.empty(), "with automation: " + bad);
  }
  // Edits made through the controller reach the processor via the component handler.
  if (edits && !params.empty() && p->controller() != nullptr) {
    const auto& info = params.front();
    const double v = other_value(info, quantize(info, p->get_normalized(info.id)), 0.33);
    p->edit(info.id, v);
    run_blocks(ck, *p, 1, 256, t, "after an edit");
    auto state = p->save_state_checked();
    if (state && controller_sees(*p, *state)) {
      ck.expect(std::abs(p->get_normalized(info.id) - v) <= tolerance(info),
                param_name(info) + ": an edit sent to the processor did not arrive");
    }
  }
}

void bypass_passes_input(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  const auto bypass = p->bypass_id();
  if (!bypass) {
    ck.note("no bypass parameter; skipped");
    return;
  }
  if (p->audio_inputs() == 0 || p->channels(abi::kInput, 0) != p->channels(abi::kOutput, 0)) {
    ck.note("main input and output differ in channels; skipped");
    return;
  }
  if (!ck.start(*p, 48000.0, 256, false)) return;
  // Change everything away from its default, then bypass: the input should come through,
  // delayed by the plugin's latency (a plugin with latency delays its dry path to match,
  // so bypass does not shift the audio in time; the latency is read after the changes).
  auto changes = odd_values(writable(p->parameters()), 0.4);
  changes.push_back({*bypass, 0, 1.0});
  long t = 0;
  fill_sine(*p, 256, t);
  t += 256;
  ck.expect_ok(p->process(256, changes), "process switching bypass on");
  const int channels = p->channels(abi::kOutput, 0);
  std::vector<std::vector<double>> in(static_cast<std::size_t>(channels));
  std::vector<std::vector<double>> out(static_cast<std::size_t>(channels));
  for (int k = 0; k < 30; ++k) {
    if (!run_blocks(ck, *p, 1, 256, t, "bypassed")) return;
    for (int c = 0; c < channels; ++c)
      for (int i = 0; i < 256; ++i) {
        in[static_cast<std::size_t>(c)].push_back(p->input(0, c)[static_cast<std::size_t>(i)]);
        out[static_cast<std::size_t>(c)].push_back(p->output(0, c)[static_cast<std::size_t>(i)]);
      }
  }
  const auto latency = static_cast<std::size_t>(p->latency_samples());
  if (in.empty() || latency + 256 > in[0].size()) {
    ck.note("latency " + std::to_string(latency) + " is longer than the check's history; skipped");
    return;
  }
  double worst = 0.0;
  for (std::size_t c = 0; c < in.size(); ++c)
    for (std::size_t n = in[c].size() - 256; n < in[c].size(); ++n)
      worst = std::max(worst, std::abs(out[c][n] - in[c][n - latency]));
  ck.expect(worst < 1e-5,
            "with its kIsBypass parameter at 1, the main output differs from the input" +
                std::string(latency > 0 ? " delayed by its latency (" + std::to_string(latency) + ")" : "") +
                " by up to " + fmt(worst) + " (a host that sees kIsBypass bypasses through it, not by itself)");
}

// Required: well-formed note events on the event input bus. Robustness: events
// sent to a plugin without an event input, and nonsense events (bad pitches,
// offsets, buses, types), which no host should send.
void note_events(Module& module, const ClassInfo& cls, CheckResult& result, bool rules_only) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  if (p->buses(abi::kEvent, abi::kInput).empty()) {
    if (rules_only) {
      ck.note("no event input bus; skipped");
      return;
    }
    ck.note("no event input bus: events sent anyway must be ignored");
  }
  if (!ck.start(*p, 48000.0, 512, false)) return;
  std::vector<abi::Event> events;
  for (int i = 0; i < 24; ++i) {
    abi::Event e{};
    e.bus_index = 0;
    e.sample_offset = (i * 41) % 512;
    e.type = i % 2 == 0 ? abi::Event::kNoteOnEvent : abi::Event::kNoteOffEvent;
    if (e.type == abi::Event::kNoteOnEvent) {
      e.note_on = {0, static_cast<std::int16_t>(48 + i), 0.0f, 0.8f, 0, -1};
    } else {
      e.note_off = {0, static_cast<std::int16_t>(47 + i), 0.5f, -1, 0.0f};
    }
    events.push_back(e);
  }
  std::sort(events.begin(), events.end(),
            [](const auto& a, const auto& b) { return a.sample_offset < b.sample_offset; });
  long t = 0;
  fill_sine(*p, 512, t);
  t += 512;
  ck.expect_ok(p->process(512, {}, events), "process with note events");
  ck.expect(non_finite_output(*p, 512).empty(), "non-finite output with note events");
  if (rules_only) {
    run_blocks(ck, *p, 2, 512, t, "after events");
    return;
  }
  // Nonsense events: bad pitches, channels, offsets, buses. No crash.
  std::vector<abi::Event> junk;
  for (int i = 0; i < 8; ++i) {
    abi::Event e{};
    e.bus_index = i % 3 == 0 ? 7 : 0;
    e.sample_offset = i % 2 == 0 ? -3 : 100000;
    e.type = static_cast<std::uint16_t>(i % 2 == 0 ? abi::Event::kNoteOnEvent : 999);
    e.note_on = {-1, static_cast<std::int16_t>(i % 2 == 0 ? 300 : -20), 0.0f, 7.0f, -5, 0};
    junk.push_back(e);
  }
  p->process(512, {}, junk);
  run_blocks(ck, *p, 4, 512, t, "after events");
}

void automation_rules(Module& m, const ClassInfo& c, CheckResult& r) { automation(m, c, r, false); }
void automation_edits(Module& m, const ClassInfo& c, CheckResult& r) { automation(m, c, r, true); }
void events_rules(Module& m, const ClassInfo& c, CheckResult& r) { note_events(m, c, r, true); }
void events_odd(Module& m, const ClassInfo& c, CheckResult& r) { note_events(m, c, r, false); }

}  // namespace

std::vector<Check> processing_checks() {
  constexpr auto required = Severity::required;
  constexpr auto robustness = Severity::robustness;
  return {
      {"process.block_sizes", "blocks of 0..8192 samples including odd sizes, 32-bit", required, block_sizes_32},
      {"process.block_sizes_64", "blocks of 0..8192 samples including odd sizes, 64-bit", required, block_sizes_64},
      {"process.parameter_flush", "a 0-sample block with no buses carrying parameter changes is accepted", required,
       parameter_flush_rules},
      {"process.flush_values", "flushed parameter values reach the processor, also with null channel pointers",
       robustness, parameter_flush_values, /*host_breaks_rules=*/true},
      {"process.flush_equivalence", "a flush and a processed block with the same changes leave the same values",
       robustness, flush_equivalence},
      {"process.silence_flags", "input silence flags accepted; outputs flagged silent are zero", required,
       silence_flags_rules},
      {"process.silent_output", "silent input flagged silent gives silent output", robustness, silent_output},
      {"process.sample_rates", "1 kHz to 768 kHz, fractional rates too, 32- and 64-bit", required, sample_rates},
      {"process.max_block_sizes", "maximum block sizes 1 to 16384, random actual sizes up to each", required,
       max_block_sizes},
      {"process.double_precision", "64-bit output matches 32-bit output", robustness, double_precision},
      {"process.non_finite_input", "NaN and infinity in the input give finite output", robustness, non_finite_input},
      {"process.denormals", "denormal input is not measurably slower than normal input", robustness, denormals},
      {"process.automation", "sample-accurate automation is processed", required, automation_rules},
      {"process.edits", "edits made in the controller reach the processor's state", robustness, automation_edits},
      {"process.events", "note events on the event input are handled", required, events_rules},
      {"process.odd_events", "events without an event input, and nonsense events, are ignored", robustness, events_odd},
      {"process.bypass", "bypassed, the input comes through unchanged", robustness, bypass_passes_input},
  };
}

}  // namespace plinth::host::checks

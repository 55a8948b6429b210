#include "plinth/host/realtime/session.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "plinth/host/instance.h"

namespace plinth::host::realtime {

namespace {

constexpr double kPi = 3.14159265358979323846;
// ParameterChanges holds 64 queues; edits forwarded from the controller need a few.
constexpr std::size_t kAutomatedPerBlock = 56;

void fill_inputs(PluginInstance& p, int n, long t0, bool dbl) {
  for (int b = 0; b < p.audio_inputs(); ++b) {
    for (int c = 0; c < p.channels(abi::kInput, b); ++c) {
      const double w = 2.0 * kPi * (110.0 * (c + 1) + 37.0 * b) / p.sample_rate();
      if (dbl) {
        auto in = p.input64(b, c);
        for (int i = 0; i < n && i < static_cast<int>(in.size()); ++i)
          in[static_cast<std::size_t>(i)] = 0.5 * std::sin(w * static_cast<double>(t0 + i));
      } else {
        auto in = p.input(b, c);
        for (int i = 0; i < n && i < static_cast<int>(in.size()); ++i) {
          in[static_cast<std::size_t>(i)] = static_cast<float>(0.5 * std::sin(w * static_cast<double>(t0 + i)));
        }
      }
    }
  }
}

bool has_event_input(const PluginInstance& p) {
  for (const auto& bus : p.buses(abi::kEvent, abi::kInput)) {
    if (bus.channel_count > 0) return true;
  }
  return false;
}

// One pass in one sample size; false when the plugin refused something on the way.
bool run_pass(Module& module, const ClassInfo& cls, const SessionOptions& o, bool dbl, long done_before,
              long all_blocks, SessionResult& result) {
  std::string error;
  auto p = PluginInstance::create(module, cls, error);
  if (!p) {
    result.errors.push_back("cannot create an instance: " + error);
    return false;
  }
  const char* label = dbl ? "64-bit processing" : "32-bit processing";
  if (dbl && !p->can_process_double()) {
    result.notes.push_back("64-bit processing not supported; run in 32-bit only");
    return true;
  }
  if (p->setup(o.sample_rate, o.max_block, dbl) != abi::kResultOk) {
    result.errors.push_back(std::string("setup_processing refused (") + label + ")");
    return false;
  }
  for (int b = 0; b < static_cast<int>(p->buses(abi::kEvent, abi::kInput).size()); ++b) {
    p->activate_bus(abi::kEvent, abi::kInput, b, true);
  }
  if (p->activate() != abi::kResultOk) {
    result.errors.push_back(std::string("activation refused (") + label + ")");
    return false;
  }

  std::vector<ParameterInfo> params;
  std::optional<abi::ParamId> bypass;
  for (const auto& info : p->parameters()) {
    if (info.is_read_only()) continue;
    if (info.is_bypass()) {
      bypass = info.id;
    } else {
      params.push_back(info);
    }
  }
  const bool events = has_event_input(*p);

  std::mt19937 rng(o.seed + (dbl ? 64u : 32u));
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<ParamChange> changes;
  changes.reserve(kAutomatedPerBlock * 4 + 1);
  std::vector<abi::Event> notes;
  notes.reserve(64);
  std::vector<std::int16_t> held;
  std::vector<std::uint8_t> saved = p->save_state();
  std::vector<double> level(params.size());
  for (std::size_t i = 0; i < params.size(); ++i) level[i] = params[i].default_normalized;
  long t = 0;
  double ppq = 0.0;

  for (int block = 0; block < o.blocks; ++block) {
    // Sizes: mostly random, with the edges (0 = flush, 1, the maximum) now and then.
    int n = static_cast<int>(rng() % static_cast<unsigned>(o.max_block)) + 1;
    if (block % 17 == 3) n = 0;
    if (block % 17 == 7) n = 1;
    if (block % 17 == 11) n = o.max_block;

    // Automation: a short ramp on every parameter (a window of them per block if many).
    changes.clear();
    const std::size_t first =
        params.empty() ? 0 : (static_cast<std::size_t>(block) * kAutomatedPerBlock) % params.size();
    for (std::size_t k = 0; k < std::min(params.size(), kAutomatedPerBlock); ++k) {
      const std::size_t i = (first + k) % params.size();
      const int points = n > 1 ? 1 + static_cast<int>(rng() % 3) : 1;
      for (int j = 0; j < points; ++j) {
        level[i] = std::clamp(level[i] + (unit(rng) - 0.5) * 0.2, 0.0, 1.0);
        changes.push_back({params[i].id, n > 0 ? (n - 1) * j / points : 0, level[i]});
      }
    }
    if (bypass && block % 101 == 50) changes.push_back({*bypass, 0, (block / 101) % 2 == 0 ? 1.0 : 0.0});

    // Notes: some on, some off, in sample order.
    notes.clear();
    if (events && n > 0) {
      const int count = static_cast<int>(rng() % 4);
      for (int k = 0; k < count; ++k) {
        abi::Event e{};
        e.sample_offset = static_cast<std::int32_t>(static_cast<long>(n - 1) * k / std::max(count, 1));
        e.ppq_position = ppq;
        if (!held.empty() && rng() % 2 == 0) {
          e.type = abi::Event::kNoteOffEvent;
          e.note_off = {0, held.back(), 0.5f, -1, 0.0f};
          held.pop_back();
        } else if (held.size() < 16) {
          const auto pitch = static_cast<std::int16_t>(36 + rng() % 60);
          e.type = abi::Event::kNoteOnEvent;
          e.note_on = {0, pitch, 0.0f, static_cast<float>(0.2 + 0.8 * unit(rng)), 0, -1};
          held.push_back(pitch);
        } else {
          continue;
        }
        notes.push_back(e);
      }
    }
    fill_inputs(*p, n, t, dbl);

    // The main thread's work between blocks, as a host does it.
    if (block % 61 == 30) saved = p->save_state();
    if (block % 61 == 60 && !saved.empty()) p->load_state(saved);
    if (!params.empty() && block % 13 == 6) {
      const auto& info = params[rng() % params.size()];
      p->edit(info.id, unit(rng));
    }
    if (block % 97 == 96) (void)p->save_controller_state();

    set_context(label, block);
    abi::tresult r;
    {
      AudioThreadScope audio;
      r = p->process(n, changes, notes);
    }
    ++result.blocks;
    if (r != abi::kResultOk) {
      result.errors.push_back(std::string(label) + ": process returned " + std::to_string(r) + " at block " +
                              std::to_string(block) + " (" + std::to_string(n) + " samples)");
      return false;
    }
    t += n;
    ppq += n / o.sample_rate * 2.0;  // 120 BPM
    if (o.progress && block % 64 == 0) o.progress(done_before + block, all_blocks);
  }
  set_context(nullptr, -1);
  p->deactivate();
  return true;
}

}  // namespace

SessionResult run_session(Module& module, const ClassInfo& cls, const SessionOptions& options) {
  SessionResult result;
  if (!installed()) {
    result.errors.push_back("the real-time trap is not linked into this executable");
    return result;
  }
  if (!traps_libc()) result.notes.push_back("sanitizer build: only operator new/delete are trapped");
  prime();
  clear();
  SessionOptions o = options;
  o.max_block = std::max(o.max_block, 1);
  o.blocks = std::max(o.blocks, 1);
  const long all_blocks = 2L * o.blocks;
  if (run_pass(module, cls, o, false, 0, all_blocks, result)) {
    run_pass(module, cls, o, true, o.blocks, all_blocks, result);
  }
  if (o.progress) o.progress(all_blocks, all_blocks);
  result.calls = total();
  result.violations = violations();
  clear();
  return result;
}

}  // namespace plinth::host::realtime

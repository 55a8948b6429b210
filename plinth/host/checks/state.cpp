// State: round trips and re-saving (streams and malformed input: state_streams.cpp).
#include "plinth/host/checks/common.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace plinth::host::checks {

namespace {

void state_round_trip(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto a = ck.make();
  if (!a) return;
  const auto params = writable(a->parameters());
  const auto bypass = a->bypass_id();
  if (!bypass) ck.note("no bypass parameter (kIsBypass)");
  if (!ck.start(*a, 48000.0, 256, false)) return;

  for (int round = 0; round < 2; ++round) {
    // Round 0: bypass on; round 1: bypass off, other values, and the outputs compared.
    auto changes = odd_values(params, round == 0 ? 0.37 : 0.61);
    if (bypass) changes.push_back({*bypass, 0, round == 0 ? 1.0 : 0.0});
    for (const auto& c : changes) a->set_normalized(c.id, c.normalized);
    long ta = 0;
    fill_sine(*a, 256, ta);
    ta += 256;
    ck.expect_ok(a->process(256, changes), "process with new parameter values");
    auto state = a->save_state_checked();
    if (!ck.expect(state.has_value(), "get_state failed")) return;

    auto b = ck.make();
    if (!b) return;
    const abi::tresult loaded = b->load_state_result(*state);
    if (!ck.expect(loaded == abi::kResultOk, "component set_state returned " + result_name(loaded) + " for the " +
                                                 std::to_string(state->size()) +
                                                 " bytes get_state of another instance had just written"))
      return;
    for (const auto& c : changes) {
      const auto info = std::find_if(params.begin(), params.end(), [&](const auto& x) { return x.id == c.id; });
      const double got = b->get_normalized(c.id);
      ck.expect(std::abs(got - c.normalized) <= tolerance(*info),
                param_name(*info) + (info->is_bypass() ? " [bypass]" : "") + " saved as " + fmt(c.normalized) +
                    " comes back as " + fmt(got) + " after loading the state into a fresh instance");
    }

    if (round == 1) {
      if (!ck.start(*b, 48000.0, 256, false)) return;
      // The original restarts (as a host does after loading a project), so both start from
      // reset at the same song position: audio from before the save (delay repeats, filter
      // ringing) and a free-running LFO's phase are history, not state.
      if (!ck.expect_ok(a->deactivate(), "deactivate the original instance") ||
          !ck.expect_ok(a->activate(), "reactivate the original instance"))
        return;
      b->transport().project_time_samples = a->transport().project_time_samples;
      b->transport().continuous_time_samples = a->transport().continuous_time_samples;
      long tb = ta;
      double worst = 0.0;
      // Let smoothing settle, and anything that still differs from the start within the
      // reported tail (up to 10 s) die away.
      const long tail = std::min<long>(static_cast<long>(a->tail_samples()) + a->latency_samples(), 480000);
      const int settle = std::max(30, static_cast<int>((tail + 255) / 256));
      for (int k = 0; k < settle + 10; ++k) {
        if (!run_blocks(ck, *a, 1, 256, ta, "original instance") ||
            !run_blocks(ck, *b, 1, 256, tb, "restored instance")) {
          return;
        }
        if (k < settle) continue;
        for (int bus = 0; bus < a->audio_outputs(); ++bus) {
          for (int ch = 0; ch < a->channels(abi::kOutput, bus); ++ch) {
            for (int i = 0; i < 256; ++i) {
              worst = std::max(worst, std::abs(output_sample(*a, bus, ch, i) - output_sample(*b, bus, ch, i)));
            }
          }
        }
      }
      ck.expect(worst < 1e-4,
                "a fresh instance loaded with the state sounds different (difference up to " + fmt(worst) + ")");
    }
  }
}

// Where two byte strings first differ, for a message.
std::string first_difference(const std::vector<std::uint8_t>& x, const std::vector<std::uint8_t>& y) {
  const std::size_t n = std::min(x.size(), y.size());
  std::size_t i = 0;
  while (i < n && x[i] == y[i]) ++i;
  auto byte = [](const std::vector<std::uint8_t>& v, std::size_t at) {
    if (at >= v.size()) return std::string("(end)");
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", v[at]);
    return std::string(buf);
  };
  return "first difference at byte " + std::to_string(i) + ": " + byte(x, i) + " saved, " + byte(y, i) +
         " re-saved (sizes " + std::to_string(x.size()) + " and " + std::to_string(y.size()) + ")";
}

// Random values for every writable parameter but the bypass, on their step grids;
// round 1 sets everything to 0, round 2 to 1, later rounds are random.
std::vector<ParamChange> random_values(const std::vector<ParameterInfo>& params, int round, std::mt19937& rng) {
  std::uniform_real_distribution<double> any(0.0, 1.0);
  std::vector<ParamChange> out;
  for (const auto& info : params) {
    if (info.is_bypass()) continue;
    const double v = round == 1 ? 0.0 : round == 2 ? 1.0 : any(rng);
    out.push_back({info.id, 0, quantize(info, v)});
  }
  return out;
}

// Saved, loaded into a fresh instance, saved again: the same bytes, and the same
// parameter values exactly. Robustness: the rules do not require a state format to
// be canonical, but a state that drifts on every save/load changes projects that
// were only opened and saved.
void state_resave(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto a = ck.make();
  auto reader = ck.make();  // reads states through its controller
  if (!a || !reader) return;
  const auto all = a->parameters();
  const auto params = writable(all);
  if (!ck.start(*a, 48000.0, 256, false)) return;
  std::mt19937 rng(2024);
  long t = 0;
  bool deferred_noted = false;
  for (int round = 0; round < 6; ++round) {
    const std::string when = round == 0 ? "at defaults"
                                        : "round " + std::to_string(round) +
                                              (round == 1   ? " (all 0)"
                                               : round == 2 ? " (all 1)"
                                                            : " (random values)");
    if (round > 0) {
      const auto changes = random_values(params, round, rng);
      for (const auto& c : changes) a->set_normalized(c.id, c.normalized);
      fill_sine(*a, 256, t);
      t += 256;
      step("process(256) with new parameter values, " + when);
      if (!ck.expect_ok(a->process(256, changes), "process with new parameter values " + when)) return;
    }
    step("get_state, set_state into a fresh instance, get_state again, " + when);
    const auto saved = a->save_state_checked();
    if (!ck.expect(saved.has_value(), "get_state failed " + when)) return;
    auto b = ck.make();
    if (!b) return;
    if (!ck.expect_ok(b->load_state_result(*saved), "set_state into a fresh instance " + when)) return;
    const auto at_once = b->save_state_checked();
    // A plugin may hand a loaded state to its audio thread and apply it at the next
    // block (a lock-free handover); so the comparison is after one block.
    if (!ck.start(*b, 48000.0, 256, false)) return;
    long tb = 0;
    if (!run_blocks(ck, *b, 1, 256, tb, "fresh instance after set_state " + when)) return;
    const auto resaved = b->save_state_checked();
    if (!ck.expect(resaved.has_value(), "get_state of the fresh instance failed " + when)) return;
    if (at_once && *at_once != *saved && *resaved == *saved && !deferred_noted) {
      deferred_noted = true;
      ck.note("get_state right after set_state returns the previous state until a block is processed (" + when + ")");
    }
    if (!ck.expect(*resaved == *saved,
                   when + ": the state re-saved by a fresh instance differs; " + first_difference(*saved, *resaved)))
      continue;
    if (reader->controller() == nullptr) continue;
    if (!ck.expect(controller_sees(*reader, *saved), "controller set_component_state refused the state " + when))
      continue;
    const auto original = controller_values(*reader, all);
    const auto fresh = controller_values(*b, all);
    for (std::size_t i = 0; i < all.size(); ++i) {
      ck.expect(original[i] == fresh[i], when + ": " + param_name(all[i]) + " is " + fmt(original[i]) +
                                             " in the original's state but " + fmt(fresh[i]) +
                                             " in the fresh instance's controller");
    }
  }
}

}  // namespace

std::vector<Check> state_checks() {
  return {
      {"state.round_trip", "state (bypass included) restores a fresh instance, which then sounds the same",
       Severity::required, state_round_trip},
      {"state.resave", "saved, loaded fresh, saved again: the same bytes and exactly the same values",
       Severity::robustness, state_resave},
      {"state.slow_stream", "a stream giving 1, 3, 7 or 13 bytes per read loads the same state", Severity::robustness,
       state_slow_stream},
      {"state.malformed",
       "empty, truncated, mutated and 4 MiB random state refused cleanly; processor and controller agree",
       Severity::robustness, state_malformed},
  };
}

}  // namespace plinth::host::checks

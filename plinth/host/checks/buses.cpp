// Buses: arrangement negotiation.
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

// Required: an arrangement the plugin accepts is the one it then reports, and after a
// refusal it accepts what it reports (hosts fall back to that). Robustness: that mono
// or stereo is accepted at all, 5.1, and proposals with the wrong number of buses.
void bus_arrangements(Module& module, const ClassInfo& cls, CheckResult& result, bool odd) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  if (p->audio_outputs() == 0) {
    ck.note("no audio outputs; skipped");
    return;
  }
  auto current = [&](abi::BusDirection dir) {
    std::vector<abi::SpeakerArrangement> v;
    const int n = dir == abi::kInput ? p->audio_inputs() : p->audio_outputs();
    for (int i = 0; i < n; ++i) v.push_back(p->arrangement(dir, i));
    return v;
  };
  auto proposal = [&](abi::SpeakerArrangement main) {
    auto ins = current(abi::kInput);
    auto outs = current(abi::kOutput);
    if (!ins.empty()) ins[0] = main;
    outs[0] = main;
    return std::make_pair(ins, outs);
  };
  long t = 0;
  auto exercise = [&](const std::string& what) {
    if (!ck.start(*p, 44100.0, 512, false)) return false;
    const bool ok = run_blocks(ck, *p, 3, 512, t, what);
    p->deactivate();
    return ok;
  };
  int accepted = 0;
  namespace sa = abi::speaker_arr;
  const std::pair<abi::SpeakerArrangement, const char*> tries[] = {{sa::kMono, "mono"}, {sa::kStereo, "stereo"}};
  for (const auto& [arr, name] : tries) {
    auto [ins, outs] = proposal(arr);
    const abi::tresult r = p->set_bus_arrangements(ins, outs);
    if (r == abi::kResultOk) {
      ++accepted;
      ck.expect(p->arrangement(abi::kOutput, 0) == arr && (ins.empty() || p->arrangement(abi::kInput, 0) == arr),
                std::string("accepted ") + name + " but get_bus_arrangement reports something else");
      exercise(std::string(name) + " arrangement");
    } else {
      ck.note(std::string("refused ") + name + " (" + result_name(r) + ")");
      const auto now_in = current(abi::kInput);
      const auto now_out = current(abi::kOutput);
      ck.expect_ok(p->set_bus_arrangements(now_in, now_out),
                   std::string("after refusing ") + name + ", proposing the arrangement it reports instead");
      exercise(std::string("after refusing ") + name);
    }
  }
  if (!odd) return;
  ck.expect(accepted > 0, "neither mono nor stereo main buses accepted");

  // 5.1: refused, or accepted and honoured; either way the plugin keeps working.
  const auto before_in = current(abi::kInput);
  const auto before_out = current(abi::kOutput);
  auto [ins51, outs51] = proposal(sa::k51);
  const abi::tresult r = p->set_bus_arrangements(ins51, outs51);
  if (r == abi::kResultOk) {
    ck.note("accepted 5.1");
    ck.expect(p->arrangement(abi::kOutput, 0) == sa::k51,
              "accepted 5.1 but get_bus_arrangement reports something else");
    exercise("5.1 arrangement");
  } else {
    ck.note("refused 5.1 (" + result_name(r) + ")");
    if (current(abi::kInput) != before_in || current(abi::kOutput) != before_out) {
      ck.note("after refusing 5.1 the plugin reports a different arrangement than before");
      ck.expect_ok(p->set_bus_arrangements(current(abi::kInput), current(abi::kOutput)),
                   "after refusing 5.1, proposing the arrangement it reports instead");
    }
    exercise("after refusing 5.1");
  }
  // Wrong bus counts: refused without harm.
  std::vector<abi::SpeakerArrangement> too_many(static_cast<std::size_t>(p->audio_outputs() + 3), sa::kStereo);
  const abi::tresult wrong = p->set_bus_arrangements({}, too_many);
  ck.expect(wrong != abi::kResultOk, "set_bus_arrangements with the wrong number of buses returned kResultOk");
  if (wrong != abi::kResultOk) {
    p->set_bus_arrangements(current(abi::kInput), current(abi::kOutput));
  }
  exercise("after a wrong bus count");
}

// Values away from the defaults for every writable parameter, on their step grids.

void arrangements_rules(Module& m, const ClassInfo& c, CheckResult& r) { bus_arrangements(m, c, r, false); }
void arrangements_odd(Module& m, const ClassInfo& c, CheckResult& r) { bus_arrangements(m, c, r, true); }

}  // namespace

std::vector<Check> bus_checks() {
  return {
      {"buses.arrangements", "mono and stereo proposals: accepted ones reported back, refusals fall back cleanly",
       Severity::required, arrangements_rules},
      {"buses.odd_arrangements", "mono or stereo accepted; 5.1 and wrong bus counts handled", Severity::robustness,
       arrangements_odd},
  };
}

}  // namespace plinth::host::checks

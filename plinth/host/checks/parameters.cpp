// Parameters: infos, text round trips, clamping, defaults.
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

void params_info(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  if (p->controller() == nullptr) {
    ck.note("no edit controller; skipped");
    return;
  }
  const auto params = p->parameters();
  const int count = p->controller()->get_parameter_count();
  ck.expect(static_cast<int>(params.size()) == count, "get_parameter_info failed for " +
                                                          std::to_string(count - static_cast<int>(params.size())) +
                                                          " of " + std::to_string(count) + " parameters");
  int bypasses = 0;
  for (std::size_t i = 0; i < params.size(); ++i) {
    const auto& info = params[i];
    ck.expect(!info.title.empty(), param_name(info) + " has no title");
    ck.expect(info.step_count >= 0, param_name(info) + " has a negative step count");
    ck.expect(
        std::isfinite(info.default_normalized) && info.default_normalized >= 0.0 && info.default_normalized <= 1.0,
        param_name(info) + " has default " + fmt(info.default_normalized) + " outside [0, 1]");
    ck.expect(info.id <= abi::kMaxParamId, param_name(info) + " uses an id reserved for hosts");
    for (std::size_t j = i + 1; j < params.size(); ++j) {
      ck.expect(params[j].id != info.id, "parameters " + std::to_string(i) + " and " + std::to_string(j) +
                                             " share id " + std::to_string(info.id));
    }
    if (info.is_bypass()) {
      ++bypasses;
      ck.expect(info.step_count == 1, "the bypass " + param_name(info) + " is not a toggle (step count " +
                                          std::to_string(info.step_count) + ")");
    }
  }
  ck.expect(bypasses <= 1, std::to_string(bypasses) + " parameters are flagged kIsBypass");
  abi::ParameterInfo raw{};
  ck.expect(p->controller()->get_parameter_info(-1, raw) != abi::kResultOk,
            "get_parameter_info(-1) returned kResultOk");
  ck.expect(p->controller()->get_parameter_info(count, raw) != abi::kResultOk,
            "get_parameter_info(count) returned kResultOk");
}

// value -> text -> value -> text gives the same text (a display may round, so the
// value itself need not come back, except on a step grid). Robustness: the rules
// do not require getParamValueByString to read the plugin's own text back.
void params_string_round_trip(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  std::mt19937 rng(77);
  for (const auto& info : p->parameters()) {
    std::vector<double> values = {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0, info.default_normalized};
    // And random ones: log-scaled and list parameters map them unevenly.
    std::uniform_real_distribution<double> any(0.0, 1.0);
    for (int i = 0; i < 8; ++i) values.push_back(any(rng));
    const int failures_before = result.failure_count;
    for (double raw : values) {
      if (result.failure_count != failures_before) break;  // one failure per parameter says enough
      const double v = quantize(info, raw);
      const auto text = p->value_to_string(info.id, v);
      if (!ck.expect(text.has_value() && !text->empty(), param_name(info) + ": no text for " + fmt(v))) continue;
      const auto back = p->string_to_value(info.id, *text);
      if (!ck.expect(back.has_value(), param_name(info) + ": get_param_value_by_string fails for \"" + *text +
                                           "\", the text get_param_string_by_value gave for " + fmt(v)))
        continue;
      ck.expect(*back >= 0.0 && *back <= 1.0, param_name(info) + ": \"" + *text + "\" parses to " + fmt(*back));
      const auto text2 = p->value_to_string(info.id, *back);
      ck.expect(text2 && *text2 == *text, param_name(info) + ": " + fmt(v) + " -> \"" + *text + "\" -> " + fmt(*back) +
                                              " -> \"" + (text2 ? *text2 : std::string("?")) + "\"");
      if (info.step_count > 0) {
        ck.expect(std::abs(*back - v) < tolerance(info),
                  param_name(info) + ": step " + fmt(v) + " -> \"" + *text + "\" -> " + fmt(*back));
      }
      const double plain = p->normalized_to_plain(info.id, v);
      const double norm = p->plain_to_normalized(info.id, plain);
      ck.expect(
          std::isfinite(plain) && std::abs(norm - v) < 1e-6,
          param_name(info) + ": normalized " + fmt(v) + " -> plain " + fmt(plain) + " -> normalized " + fmt(norm));
    }
    // Garbage text: refused or a valid value, never a crash.
    for (const char* junk : {"", "garbage", "-", "1e999", "nan", "inf"}) {
      const auto v = p->string_to_value(info.id, junk);
      if (v) ck.expect(*v >= 0.0 && *v <= 1.0, param_name(info) + ": text \"" + junk + "\" parses to " + fmt(*v));
    }
  }
}

void params_clamp(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  const auto params = writable(p->parameters());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  if (p->controller() != nullptr) {
    // Unknown ids: no crash.
    step("controller calls with an unknown parameter id");
    p->controller()->get_param_normalized(0x7FFFFFF0);
    p->controller()->set_param_normalized(0x7FFFFFF0, 0.5);
    abi::String128 text{};
    p->controller()->get_param_string_by_value(0x7FFFFFF0, 0.5, text);
  }
  for (const auto& info : params) {
    for (double bad : {-1.0, 2.0, nan, inf, -inf}) {
      p->set_normalized(info.id, bad);
      const double got = p->get_normalized(info.id);
      ck.expect(std::isfinite(got) && got >= 0.0 && got <= 1.0,
                param_name(info) + ": set_param_normalized(" + fmt(bad) + ") leaves " + fmt(got));
    }
    p->set_normalized(info.id, info.default_normalized);
  }
  if (!ck.start(*p, 44100.0, 512, false)) return;
  long t = 0;
  const double bads[] = {-1.0, 2.0, nan, inf, -inf, 1e300};
  for (double bad : bads) {
    std::vector<ParamChange> changes;
    for (const auto& info : params) changes.push_back({info.id, 0, bad});
    fill_sine(*p, 512, t);
    t += 512;
    ck.expect_ok(p->process(512, changes), "process with parameter value " + fmt(bad));
    const std::string bad_out = non_finite_output(*p, 512);
    ck.expect(bad_out.empty(), "after parameter value " + fmt(bad) + ": " + bad_out);
    if (!params.empty()) {
      auto state = p->save_state_checked();
      if (state && controller_sees(*p, *state)) {
        for (const auto& info : params) {
          const double got = p->get_normalized(info.id);
          ck.expect(std::isfinite(got) && got >= 0.0 && got <= 1.0,
                    param_name(info) + ": after " + fmt(bad) + " from the host, the processor holds " + fmt(got));
        }
      }
    }
  }
  // Back to the defaults first, so what follows is not blamed on the values above.
  std::vector<ParamChange> defaults;
  for (const auto& info : params) defaults.push_back({info.id, 0, info.default_normalized});
  fill_sine(*p, 512, t);
  t += 512;
  p->process(512, defaults);
  // Out-of-range sample offsets and unknown ids: no crash.
  std::vector<ParamChange> odd;
  for (const auto& info : params) {
    odd.push_back({info.id, -5, 0.5});
    odd.push_back({info.id, 100000, 0.25});
  }
  odd.push_back({0x7FFFFFF0, 0, 0.5});
  fill_sine(*p, 512, t);
  p->process(512, odd);
  ck.expect(non_finite_output(*p, 512).empty(), "non-finite output after out-of-range sample offsets");
  run_blocks(ck, *p, 2, 512, t, "after bad parameter values");
}

void params_defaults_agree(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  const auto params = p->parameters();
  for (const auto& info : params) {
    const double v = p->get_normalized(info.id);
    ck.expect(std::abs(v - info.default_normalized) < 1e-9, param_name(info) + ": the controller starts at " + fmt(v) +
                                                                ", its declared default is " +
                                                                fmt(info.default_normalized));
  }
  auto state = p->save_state_checked();
  if (!ck.expect(state.has_value(), "get_state of a fresh processor failed")) return;
  if (!params.empty() &&
      ck.expect(controller_sees(*p, *state), "controller set_component_state with the fresh processor state failed")) {
    for (const auto& info : params) {
      if (info.is_read_only()) continue;
      const double v = p->get_normalized(info.id);
      ck.expect(std::abs(v - info.default_normalized) <= tolerance(info),
                param_name(info) + ": the processor starts at " + fmt(v) + ", the controller's default is " +
                    fmt(info.default_normalized));
    }
  }
  long t = 0;
  if (ck.start(*p, 44100.0, 512, false)) run_blocks(ck, *p, 2, 512, t, "at defaults");
}

}  // namespace

std::vector<Check> parameter_checks() {
  return {
      {"params.info", "parameter infos are well-formed; one toggle bypass at most", Severity::required, params_info},
      {"params.string_round_trip", "value -> text -> value is stable for every parameter", Severity::robustness,
       params_string_round_trip},
      {"params.clamp", "out-of-range and non-finite values are clamped, controller and processor", Severity::robustness,
       params_clamp},
      {"params.defaults_agree", "processor and controller start from the same values", Severity::robustness,
       params_defaults_agree},
  };
}

}  // namespace plinth::host::checks

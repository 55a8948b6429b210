#pragma once
// What every family of checks shares: the context a check fills in and the
// helpers that drive an instance. Internal to plinth/host/checks.

#include <cstdint>
#include <string>
#include <vector>

#include "plinth/host/checks.h"
#include "plinth/host/instance.h"

namespace plinth::host::checks {

constexpr int kKeptFailures = 12;

// "%.9g": enough digits to tell values apart in a message.
std::string fmt(double v);
std::string result_name(abi::tresult r);

// The state a check works with: the module and class, and the result it fills in.
struct Ctx {
  Module& module;
  const ClassInfo& cls;
  CheckResult& result;

  bool expect(bool condition, const std::string& what) {
    if (!condition) {
      result.passed = false;
      if (result.failure_count++ < kKeptFailures) result.failures.push_back(what);
    }
    return condition;
  }
  bool expect_ok(abi::tresult r, const std::string& what) {
    return expect(r == abi::kResultOk, what + " returned " + result_name(r));
  }
  void note(const std::string& what) { result.notes.push_back(what); }

  std::unique_ptr<PluginInstance> make() {
    std::string error;
    auto instance = PluginInstance::create(module, cls, error);
    expect(instance != nullptr, "cannot create an instance: " + error);
    return instance;
  }
  // setup_processing and activation; false (with a failure) when either fails.
  bool start(PluginInstance& p, double rate, int max_block, bool dbl) {
    if (!expect_ok(p.setup(rate, max_block, dbl),
                   "setup(" + fmt(rate) + " Hz, " + std::to_string(max_block) + (dbl ? ", 64-bit)" : ", 32-bit)"))) {
      return false;
    }
    return expect_ok(p.activate(), "set_active(true)/set_processing(true)");
  }
};

// A different sine per channel, continuing from sample index `t0`.
void fill_sine(PluginInstance& p, int n, long t0, double amplitude = 0.5);
// Fills every output channel with `value` (to see what the plugin writes).
void fill_outputs(PluginInstance& p, double value);
// Where the first non-finite output sample in the first n is, or "" if all finite.
std::string non_finite_output(PluginInstance& p, int n);
double output_sample(PluginInstance& p, int b, int c, int i);
// Runs `blocks` blocks of `n` samples of sine; false after the first failure.
bool run_blocks(Ctx& ck, PluginInstance& p, int blocks, int n, long& t, const std::string& what);

// A normalized value away from `from`, on the parameter's step grid.
double other_value(const ParameterInfo& info, double from, double shift = 0.37);
double quantize(const ParameterInfo& info, double v);
double tolerance(const ParameterInfo& info);
std::vector<ParameterInfo> writable(const std::vector<ParameterInfo>& params);
std::string param_name(const ParameterInfo& info);
// Pushes `state` into the controller's set_component_state; true when it accepts it.
bool controller_sees(PluginInstance& p, const std::vector<std::uint8_t>& state);
// Values away from the defaults for every writable parameter, on their step grids.
std::vector<ParamChange> odd_values(const std::vector<ParameterInfo>& params, double shift);
std::vector<double> controller_values(PluginInstance& p, const std::vector<ParameterInfo>& params);

// The families, in the order `plinth validate` runs them.
std::vector<Check> factory_checks();
std::vector<Check> lifecycle_checks();
std::vector<Check> processing_checks();
std::vector<Check> bus_checks();
std::vector<Check> state_checks();
std::vector<Check> parameter_checks();
std::vector<Check> realtime_checks();

}  // namespace plinth::host::checks

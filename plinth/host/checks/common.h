#pragma once
// What every family of checks shares: the context a check fills in and the
// helpers that drive an instance. Internal to plinth/host/checks.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "plinth/host/checks.h"
#include "plinth/host/instance.h"

namespace plinth::host::checks {

constexpr int kKeptFailures = 12;

// "%.9g": enough digits to tell values apart in a message.
std::string fmt(double v);
// "%.3g": for timings and ratios.
std::string fmt_short(double v);
std::string result_name(abi::tresult r);

// Records what the check is about to do; an isolated check's parent names the
// last step when the child crashes or hangs. Cheap (a copy into shared memory).
void step(std::string_view what);
// The last step is written into a page the isolating parent can read after a crash
// (isolation_<platform>.cpp maps it and hands it to the child here).
inline constexpr std::size_t kStepBytes = 1024;
void set_step_page(char* page) noexcept;

// The state a check works with: the module and class, and the result it fills in.
struct Ctx {
  Module& module;
  const ClassInfo& cls;
  CheckResult& result;

  bool expect(bool condition, const std::string& what) {
    if (!condition) result.fail(what);
    return condition;
  }
  bool expect_ok(abi::tresult r, const std::string& what) {
    return expect(r == abi::kResultOk, what + " returned " + result_name(r));
  }
  void note(const std::string& what) { result.notes.push_back(what); }

  std::unique_ptr<PluginInstance> make() {
    std::string error;
    step("creating an instance (initialize, connect)");
    auto instance = PluginInstance::create(module, cls, error);
    expect(instance != nullptr, "cannot create an instance: " + error);
    return instance;
  }
  // setup_processing and activation; false (with a failure) when either fails.
  bool start(PluginInstance& p, double rate, int max_block, bool dbl) {
    const std::string setup = "setup_processing(" + fmt(rate) + " Hz, max block " + std::to_string(max_block) +
                              (dbl ? ", 64-bit)" : ", 32-bit)");
    step(setup);
    if (!expect_ok(p.setup(rate, max_block, dbl), setup)) return false;
    step("set_active(true), set_processing(true) after " + setup);
    return expect_ok(p.activate(), "set_active(true)/set_processing(true) after " + setup);
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

// Checks defined in one file and listed in another family's list.
void sample_rates(Module& module, const ClassInfo& cls, CheckResult& result);
void max_block_sizes(Module& module, const ClassInfo& cls, CheckResult& result);
void denormals(Module& module, const ClassInfo& cls, CheckResult& result);
void state_slow_stream(Module& module, const ClassInfo& cls, CheckResult& result);
void state_malformed(Module& module, const ClassInfo& cls, CheckResult& result);

// Fills every input channel with `value` (or, with `noise`, uniform noise of that amplitude).
void fill_inputs(PluginInstance& p, int n, double value, std::uint32_t noise_seed = 0);

// The families, in the order `plinth validate` runs them.
std::vector<Check> factory_checks();
std::vector<Check> lifecycle_checks();
std::vector<Check> processing_checks();
std::vector<Check> bus_checks();
std::vector<Check> state_checks();
std::vector<Check> parameter_checks();
std::vector<Check> realtime_checks();

}  // namespace plinth::host::checks

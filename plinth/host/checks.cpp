#include "plinth/host/checks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>
#include <random>
#include <sstream>

#include "plinth/host/instance.h"

namespace plinth::host {

std::string CheckResult::message() const {
  std::string out;
  for (const auto& f : failures) out += "FAIL: " + f + "\n";
  if (failure_count > static_cast<int>(failures.size())) {
    out += "... and " + std::to_string(failure_count - static_cast<int>(failures.size())) + " more failures\n";
  }
  for (const auto& n : notes) out += "note: " + n + "\n";
  return out;
}

namespace {

constexpr int kKeptFailures = 12;
constexpr double kPi = 3.14159265358979323846;

std::string fmt(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

std::string result_name(abi::tresult r) {
  switch (r) {
    case abi::kNoInterface: return "kNoInterface";
    case abi::kResultOk: return "kResultOk";
    case abi::kResultFalse: return "kResultFalse";
    case abi::kInvalidArgument: return "kInvalidArgument";
    case abi::kNotImplemented: return "kNotImplemented";
    case abi::kInternalError: return "kInternalError";
    case abi::kNotInitialized: return "kNotInitialized";
    case abi::kOutOfMemory: return "kOutOfMemory";
    default: return std::to_string(r);
  }
}

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
void fill_sine(PluginInstance& p, int n, long t0, double amplitude = 0.5) {
  const double rate = p.sample_rate() > 0.0 ? p.sample_rate() : 44100.0;
  for (int b = 0; b < p.audio_inputs(); ++b) {
    for (int c = 0; c < p.channels(abi::kInput, b); ++c) {
      const double f = 220.0 * (1 + c + 2 * b);
      auto s32 = p.input(b, c);
      auto s64 = p.input64(b, c);
      for (int i = 0; i < n && i < static_cast<int>(s32.size()); ++i) {
        const double v = amplitude * std::sin(2.0 * kPi * f * static_cast<double>(t0 + i) / rate);
        s32[static_cast<std::size_t>(i)] = static_cast<float>(v);
        s64[static_cast<std::size_t>(i)] = v;
      }
    }
  }
}

// Fills every output channel with `value` (to see what the plugin writes).
void fill_outputs(PluginInstance& p, double value) {
  for (int b = 0; b < p.audio_outputs(); ++b) {
    for (int c = 0; c < p.channels(abi::kOutput, b); ++c) {
      auto s32 = p.output(b, c);
      auto s64 = p.output64(b, c);
      std::fill(s32.begin(), s32.end(), static_cast<float>(value));
      std::fill(s64.begin(), s64.end(), value);
    }
  }
}

// Index of the first non-finite output sample in the first n, or "" if all finite.
std::string non_finite_output(PluginInstance& p, int n) {
  for (int b = 0; b < p.audio_outputs(); ++b) {
    for (int c = 0; c < p.channels(abi::kOutput, b); ++c) {
      for (int i = 0; i < n; ++i) {
        const double v = p.double_precision() ? p.output64(b, c)[static_cast<std::size_t>(i)]
                                              : p.output(b, c)[static_cast<std::size_t>(i)];
        if (!std::isfinite(v)) {
          return "output bus " + std::to_string(b) + " channel " + std::to_string(c) + " sample " + std::to_string(i) +
                 " is " + fmt(v);
        }
      }
    }
  }
  return "";
}

double output_sample(PluginInstance& p, int b, int c, int i) {
  return p.double_precision() ? p.output64(b, c)[static_cast<std::size_t>(i)]
                              : p.output(b, c)[static_cast<std::size_t>(i)];
}

// Runs `blocks` blocks of `n` samples of sine; false after the first failure.
bool run_blocks(Ctx& ck, PluginInstance& p, int blocks, int n, long& t, const std::string& what) {
  for (int k = 0; k < blocks; ++k) {
    fill_sine(p, n, t);
    t += n;
    const abi::tresult r = p.process(n);
    if (!ck.expect_ok(r, what + ": process(" + std::to_string(n) + ")")) return false;
    const std::string bad = non_finite_output(p, n);
    if (!ck.expect(bad.empty(), what + ": " + bad)) return false;
  }
  return true;
}

// A normalized value away from `from`, on the parameter's step grid.
double other_value(const ParameterInfo& info, double from, double shift = 0.37) {
  double v = from + shift;
  if (v > 1.0) v -= 1.0;
  if (info.step_count > 0) {
    const double steps = info.step_count;
    v = std::round(v * steps) / steps;
    if (std::abs(v - from) < 0.5 / steps)
      v = (std::round(from * steps) >= 1.0 ? std::round(from * steps) - 1.0 : 1.0) / steps;
  }
  return std::clamp(v, 0.0, 1.0);
}

double quantize(const ParameterInfo& info, double v) {
  if (info.step_count <= 0) return v;
  return std::round(v * info.step_count) / info.step_count;
}

double tolerance(const ParameterInfo& info) { return info.step_count > 0 ? 0.5 / info.step_count : 1e-5; }

std::vector<ParameterInfo> writable(const std::vector<ParameterInfo>& params) {
  std::vector<ParameterInfo> out;
  for (const auto& p : params) {
    if (!p.is_read_only() && (p.flags & abi::ParameterInfo::kIsProgramChange) == 0) out.push_back(p);
  }
  return out;
}

std::string param_name(const ParameterInfo& info) {
  return "parameter " + std::to_string(info.id) + " (" + info.title + ")";
}

// The controller values after pushing `state` into its set_component_state.
bool controller_sees(PluginInstance& p, const std::vector<std::uint8_t>& state) {
  auto stream = make_object<MemoryStream>(state);
  return p.controller() != nullptr && p.controller()->set_component_state(stream.get()) == abi::kResultOk;
}

// ---------------------------------------------------------------------------
// The checks.

void factory_classes(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  const auto& classes = module.classes();
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const auto& c = classes[i];
    ck.expect(c.cid != Cid{}, "class " + std::to_string(i) + " has an all-zero class id");
    ck.expect(!c.name.empty(), "class " + c.cid_string + " has no name");
    ck.expect(!c.category.empty(), "class " + c.cid_string + " has no category");
    for (std::size_t j = i + 1; j < classes.size(); ++j) {
      ck.expect(classes[j].cid != c.cid,
                "classes " + std::to_string(i) + " and " + std::to_string(j) + " share cid " + c.cid_string);
    }
  }
  ck.expect(cls.has_info2, "the factory gives no PClassInfo2/PClassInfoW for " + cls.name +
                               " (sub categories, vendor, version unknown)");
  // Unknown class id and unknown interface id: refused, nothing returned.
  Cid unknown{};
  unknown.fill(0xA5);
  void* obj = nullptr;
  abi::tresult r = module.factory()->create_instance(reinterpret_cast<const char*>(unknown.data()),
                                                     abi::iid_raw(abi::IComponent::iid), &obj);
  ck.expect(r != abi::kResultOk && obj == nullptr,
            "create_instance with an unknown class id returned " + result_name(r));
  if (obj != nullptr) static_cast<abi::FUnknown*>(obj)->release();
  obj = nullptr;
  r = module.factory()->create_instance(reinterpret_cast<const char*>(cls.cid.data()), abi::iid_raw(abi::IBStream::iid),
                                        &obj);
  ck.expect(r != abi::kResultOk && obj == nullptr,
            "create_instance of " + cls.name + " for an interface it lacks (IBStream) returned " + result_name(r));
  if (obj != nullptr) static_cast<abi::FUnknown*>(obj)->release();
  abi::PClassInfo info{};
  r = module.factory()->get_class_info(static_cast<std::int32_t>(classes.size()), &info);
  ck.expect(r != abi::kResultOk, "get_class_info past the last class returned kResultOk");
  r = module.factory()->get_class_info(-1, &info);
  ck.expect(r != abi::kResultOk, "get_class_info(-1) returned kResultOk");
}

void lifecycle_create_destroy(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  for (int i = 0; i < 5; ++i) {
    auto p = ck.make();
    if (!p) return;
  }
  // Several alive at once.
  auto a = ck.make();
  auto b = ck.make();
  auto c = ck.make();
  if (!a || !b || !c) return;
  long t = 0;
  if (ck.start(*a, 44100.0, 256, false)) run_blocks(ck, *a, 2, 256, t, "first of three instances");
  if (ck.start(*c, 44100.0, 256, false)) run_blocks(ck, *c, 2, 256, t, "third of three instances");
}

void lifecycle_terminate_initialize(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  long t = 0;
  if (ck.start(*p, 44100.0, 512, false)) run_blocks(ck, *p, 2, 512, t, "before terminate");
  ck.expect_ok(p->deactivate(), "deactivate");
  auto* context = static_cast<abi::FUnknown*>(static_cast<abi::IHostApplication*>(&p->host_application()));
  for (int round = 0; round < 3; ++round) {
    ck.expect_ok(p->component()->terminate(), "component terminate() (round " + std::to_string(round) + ")");
    if (!ck.expect_ok(p->component()->initialize(context), "component initialize() after terminate()")) return;
  }
  // Buses may have been reset by initialize: switch them on again as a host would.
  for (int i = 0; i < p->audio_inputs(); ++i) p->activate_bus(abi::kAudio, abi::kInput, i, true);
  for (int i = 0; i < p->audio_outputs(); ++i) p->activate_bus(abi::kAudio, abi::kOutput, i, true);
  if (ck.start(*p, 48000.0, 512, false)) run_blocks(ck, *p, 4, 512, t, "after terminate/initialize");
}

void lifecycle_set_active(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  // Redundant deactivation of a fresh instance must be harmless.
  p->component()->set_active(0);
  if (!ck.expect_ok(p->setup(44100.0, 512, false), "setup")) return;
  for (int i = 0; i < 10; ++i) {
    if (!ck.expect_ok(p->component()->set_active(1), "set_active(true) #" + std::to_string(i))) return;
    ck.expect_ok(p->component()->set_active(0), "set_active(false) #" + std::to_string(i));
  }
  long t = 0;
  for (int i = 0; i < 4; ++i) {
    if (!ck.start(*p, i % 2 == 0 ? 48000.0 : 44100.0, 512, false)) return;
    if (!run_blocks(ck, *p, 3, 512, t, "after toggling set_active")) return;
    ck.expect_ok(p->deactivate(), "deactivate");
  }
}

void lifecycle_set_processing(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  if (!ck.expect_ok(p->setup(44100.0, 512, false), "setup")) return;
  if (!ck.expect_ok(p->component()->set_active(1), "set_active(true)")) return;
  long t = 0;
  for (int i = 0; i < 10; ++i) {
    const abi::tresult on = p->processor()->set_processing(1);
    ck.expect(on == abi::kResultOk || on == abi::kNotImplemented, "set_processing(true) returned " + result_name(on));
    fill_sine(*p, 256, t);
    t += 256;
    ck.expect_ok(p->process(256), "process between set_processing(true) and (false)");
    const abi::tresult off = p->processor()->set_processing(0);
    ck.expect(off == abi::kResultOk || off == abi::kNotImplemented,
              "set_processing(false) returned " + result_name(off));
  }
  p->component()->set_active(0);
}

void lifecycle_process_before_setup(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  // A raw process call with real buffers before setup_processing / set_active:
  // any result is fine, as long as nothing crashes.
  constexpr int n = 64;
  std::vector<std::vector<float>> storage;
  std::vector<std::vector<float*>> pointers;
  std::vector<abi::AudioBusBuffers> ins(static_cast<std::size_t>(std::max(p->audio_inputs(), 1)));
  std::vector<abi::AudioBusBuffers> outs(static_cast<std::size_t>(std::max(p->audio_outputs(), 1)));
  auto make_bus = [&](abi::BusDirection dir, int b, abi::AudioBusBuffers& abb) {
    const int channels = p->channels(dir, b);
    pointers.emplace_back();
    for (int c = 0; c < channels; ++c) {
      storage.emplace_back(n, 0.25f);
    }
    for (int c = 0; c < channels; ++c)
      pointers.back().push_back(storage[storage.size() - static_cast<std::size_t>(channels - c)].data());
    abb.num_channels = channels;
    abb.silence_flags = 0;
    abb.channel_buffers32 = pointers.back().data();
  };
  storage.reserve(256);
  pointers.reserve(64);
  for (int b = 0; b < p->audio_inputs(); ++b) make_bus(abi::kInput, b, ins[static_cast<std::size_t>(b)]);
  for (int b = 0; b < p->audio_outputs(); ++b) make_bus(abi::kOutput, b, outs[static_cast<std::size_t>(b)]);
  abi::ProcessData data{};
  data.process_mode = abi::kRealtime;
  data.symbolic_sample_size = abi::kSample32;
  data.num_samples = n;
  data.num_inputs = p->audio_inputs();
  data.num_outputs = p->audio_outputs();
  data.inputs = ins.data();
  data.outputs = outs.data();
  const abi::tresult r = p->processor()->process(data);
  ck.note("process before setup returned " + result_name(r));
  // After setup but before activation, also must not crash.
  if (ck.expect_ok(p->setup(44100.0, 512, false), "setup")) {
    const abi::tresult r2 = p->process(64);
    ck.note("process after setup but before set_active returned " + result_name(r2));
    long t = 0;
    if (ck.start(*p, 44100.0, 512, false)) run_blocks(ck, *p, 2, 512, t, "after a premature process");
  }
}

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

void parameter_flush(Module& module, const ClassInfo& cls, CheckResult& result) {
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
  const BufferMode modes[] = {BufferMode::null_channels, BufferMode::no_buses};
  const char* mode_names[] = {"buses with null channel pointers", "no buses at all"};
  for (int m = 0; m < 2; ++m) {
    std::vector<ParamChange> changes;
    for (const auto& info : params) {
      const double current = quantize(info, p->get_normalized(info.id));
      changes.push_back({info.id, 0, other_value(info, current, m == 0 ? 0.37 : 0.21)});
    }
    p->set_buffer_mode(modes[m]);
    const abi::tresult r = p->process(0, changes);
    p->set_buffer_mode(BufferMode::normal);
    if (!ck.expect_ok(r, std::string("flush: process with 0 samples and ") + mode_names[m])) continue;
    if (params.empty()) continue;
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

void silence_flags(Module& module, const ClassInfo& cls, CheckResult& result) {
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
  if (p->audio_inputs() > 0 && p->tail_samples() != abi::kInfiniteTail) {
    for (int b = 0; b < p->audio_outputs(); ++b) {
      for (int c = 0; c < p->channels(abi::kOutput, b); ++c) {
        double peak = 0.0;
        for (int i = 0; i < 512; ++i) peak = std::max(peak, std::abs(output_sample(*p, b, c, i)));
        const bool flagged = ((p->output_silence(b) >> c) & 1u) != 0;
        ck.expect(peak == 0.0, "silent input flagged silent, but output bus " + std::to_string(b) + " channel " +
                                   std::to_string(c) + " is not zero (peak " + fmt(peak) + ")" +
                                   (flagged ? " although it is flagged silent" : ""));
        if (!flagged)
          ck.note("output bus " + std::to_string(b) + " channel " + std::to_string(c) +
                  " is zero but not flagged silent");
      }
    }
  }
  // Clearing the flags with real input: sound again, not stuck flagged silent.
  for (int b = 0; b < p->audio_inputs(); ++b) p->set_input_silence(b, 0);
  run_blocks(ck, *p, 4, 512, t, "after silence");
}

void sample_rates(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  const double rates[] = {22050.0, 44100.0, 48000.0, 88200.0, 96000.0, 176400.0, 192000.0, 384000.0, 44100.0};
  long t = 0;
  for (double rate : rates) {
    for (bool dbl : {false, true}) {
      if (dbl && !p->can_process_double()) continue;
      if (!ck.start(*p, rate, 1024, dbl)) return;
      if (!run_blocks(ck, *p, 6, 1024, t, fmt(rate) + " Hz" + (dbl ? " 64-bit" : " 32-bit"))) return;
      ck.expect_ok(p->deactivate(), "deactivate");
    }
  }
}

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

void bus_arrangements(Module& module, const ClassInfo& cls, CheckResult& result) {
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
std::vector<ParamChange> odd_values(const std::vector<ParameterInfo>& params, double shift) {
  std::vector<ParamChange> out;
  for (const auto& info : params) {
    if (info.is_bypass()) continue;
    out.push_back({info.id, 0, other_value(info, info.default_normalized, shift)});
  }
  return out;
}

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
    if (!ck.expect_ok(b->load_state_result(*state), "set_state with the state another instance saved")) return;
    for (const auto& c : changes) {
      const auto info = std::find_if(params.begin(), params.end(), [&](const auto& x) { return x.id == c.id; });
      const double got = b->get_normalized(c.id);
      ck.expect(std::abs(got - c.normalized) <= tolerance(*info),
                param_name(*info) + (info->is_bypass() ? " [bypass]" : "") + " saved as " + fmt(c.normalized) +
                    " comes back as " + fmt(got) + " after loading the state into a fresh instance");
    }
    auto again = b->save_state_checked();
    if (again && *again != *state) ck.note("a loaded state saved again differs byte-wise from the original");

    if (round == 1) {
      if (!ck.start(*b, 48000.0, 256, false)) return;
      long tb = ta;
      double worst = 0.0;
      for (int k = 0; k < 40; ++k) {
        if (!run_blocks(ck, *a, 1, 256, ta, "original instance") ||
            !run_blocks(ck, *b, 1, 256, tb, "restored instance")) {
          return;
        }
        if (k < 30) continue;  // let smoothing settle
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

std::vector<double> controller_values(PluginInstance& p, const std::vector<ParameterInfo>& params) {
  std::vector<double> out;
  for (const auto& info : params) out.push_back(p.get_normalized(info.id));
  return out;
}

void state_malformed(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  const auto all = p->parameters();
  const auto params = writable(all);
  if (!ck.start(*p, 44100.0, 256, false)) return;
  auto changes = odd_values(params, 0.29);
  for (const auto& c : changes) p->set_normalized(c.id, c.normalized);
  long t = 0;
  fill_sine(*p, 256, t);
  ck.expect_ok(p->process(256, changes), "process with new parameter values");
  const auto good = p->save_state_checked();
  if (!ck.expect(good.has_value(), "get_state failed")) return;
  const auto controller_before = controller_values(*p, all);

  std::mt19937 rng(99);
  auto random_bytes = [&rng](std::size_t n) {
    std::vector<std::uint8_t> v(n);
    for (auto& x : v) x = static_cast<std::uint8_t>(rng());
    return v;
  };
  std::vector<std::pair<std::string, std::vector<std::uint8_t>>> bad;
  bad.emplace_back("an empty stream", std::vector<std::uint8_t>{});
  bad.emplace_back("one byte", std::vector<std::uint8_t>{good->empty() ? std::uint8_t{1} : (*good)[0]});
  if (good->size() > 1) {
    bad.emplace_back("the state truncated to half",
                     std::vector<std::uint8_t>(good->begin(), good->begin() + static_cast<long>(good->size() / 2)));
    bad.emplace_back("the state less its last byte", std::vector<std::uint8_t>(good->begin(), good->end() - 1));
  }
  if (good->size() >= 4) {
    auto v = *good;
    for (int i = 0; i < 4; ++i) v[static_cast<std::size_t>(i)] ^= 0xFF;
    bad.emplace_back("the state with its first 4 bytes inverted", v);
  }
  bad.emplace_back("16 random bytes", random_bytes(16));
  bad.emplace_back("4096 random bytes", random_bytes(4096));
  bad.emplace_back("1 MiB of random bytes", random_bytes(1 << 20));
  bad.emplace_back("1 KiB of 0xFF", std::vector<std::uint8_t>(1024, 0xFF));

  for (const auto& [what, bytes] : bad) {
    if (bytes == *good) continue;
    auto stream = make_object<MemoryStream>(bytes);
    const abi::tresult r = p->component()->set_state(stream.get());
    ck.expect(r != abi::kResultOk, "component set_state accepted " + what);
    const auto after = p->save_state_checked();
    ck.expect(after.has_value() && *after == *good, "component state changed after set_state with " + what);
    if (p->controller() != nullptr) {
      auto cstream = make_object<MemoryStream>(bytes);
      p->controller()->set_component_state(cstream.get());
      ck.expect(controller_values(*p, all) == controller_before,
                "controller parameter values changed after set_component_state with " + what);
      auto sstream = make_object<MemoryStream>(bytes);
      p->controller()->set_state(sstream.get());  // the controller's own state: must not crash
      ck.expect(controller_values(*p, all) == controller_before,
                "controller parameter values changed after controller set_state with " + what);
    }
    if (!run_blocks(ck, *p, 1, 256, t, "after set_state with " + what)) return;
  }
  // And the good state still loads.
  ck.expect(p->load_state(*good), "the good state no longer loads after the malformed ones");
}

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
  // Unknown ids: no crash.
  p->controller()->get_param_normalized(0x7FFFFFF0);
  p->controller()->set_param_normalized(0x7FFFFFF0, 0.5);
  abi::String128 text{};
  p->controller()->get_param_string_by_value(0x7FFFFFF0, 0.5, text);
}

void params_string_round_trip(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  for (const auto& info : p->parameters()) {
    std::vector<double> values = {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0, info.default_normalized};
    for (double raw : values) {
      const double v = quantize(info, raw);
      const auto text = p->value_to_string(info.id, v);
      if (!ck.expect(text.has_value() && !text->empty(), param_name(info) + ": no text for " + fmt(v))) continue;
      const auto back = p->string_to_value(info.id, *text);
      if (!ck.expect(back.has_value(), param_name(info) + ": its own text \"" + *text + "\" does not parse back"))
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

void automation(Module& module, const ClassInfo& cls, CheckResult& result) {
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
  for (int k = 0; k < 8; ++k) {
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
  if (!params.empty() && p->controller() != nullptr) {
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
  if (p->latency_samples() != 0) {
    ck.note("plugin has latency; skipped");
    return;
  }
  // Change everything away from its default, then bypass: the input should come through.
  auto changes = odd_values(writable(p->parameters()), 0.4);
  changes.push_back({*bypass, 0, 1.0});
  long t = 0;
  fill_sine(*p, 256, t);
  t += 256;
  ck.expect_ok(p->process(256, changes), "process switching bypass on");
  if (!run_blocks(ck, *p, 30, 256, t, "bypassed")) return;
  double worst = 0.0;
  for (int c = 0; c < p->channels(abi::kOutput, 0); ++c) {
    for (int i = 0; i < 256; ++i) {
      worst = std::max(worst, std::abs(static_cast<double>(p->output(0, c)[static_cast<std::size_t>(i)]) -
                                       static_cast<double>(p->input(0, c)[static_cast<std::size_t>(i)])));
    }
  }
  ck.expect(worst < 1e-5, "bypassed, the main output differs from the input by up to " + fmt(worst));
}

void note_events(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  if (p->buses(abi::kEvent, abi::kInput).empty()) ck.note("no event input bus: events sent anyway must be ignored");
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

}  // namespace

const std::vector<Check>& all_checks() {
  static const std::vector<Check> checks = {
      {"factory.classes", "class infos are complete and unique; unknown class and interface ids are refused",
       factory_classes},
      {"lifecycle.create_destroy", "instances created and destroyed repeatedly, several alive at once",
       lifecycle_create_destroy},
      {"lifecycle.terminate_initialize", "terminate() then initialize() again, and processing after it",
       lifecycle_terminate_initialize},
      {"lifecycle.set_active", "set_active toggled repeatedly, redundant calls harmless", lifecycle_set_active},
      {"lifecycle.set_processing", "set_processing toggled around process calls", lifecycle_set_processing},
      {"lifecycle.process_before_setup", "process before setup_processing / set_active does not crash",
       lifecycle_process_before_setup},
      {"process.block_sizes", "blocks of 0..8192 samples including odd sizes, 32-bit", block_sizes_32},
      {"process.block_sizes_64", "blocks of 0..8192 samples including odd sizes, 64-bit", block_sizes_64},
      {"process.parameter_flush", "0-sample blocks with null buffers carry parameter changes", parameter_flush},
      {"process.silence_flags", "silent input flagged silent gives silent output", silence_flags},
      {"process.sample_rates", "22050 to 384000 Hz, 32- and 64-bit", sample_rates},
      {"process.double_precision", "64-bit processing matches 32-bit", double_precision},
      {"process.non_finite_input", "NaN and infinity in the input give finite output", non_finite_input},
      {"process.automation", "sample-accurate automation and controller edits reach the processor", automation},
      {"process.events", "note events, and nonsense events, are handled", note_events},
      {"process.bypass", "bypassed, the input comes through unchanged", bypass_passes_input},
      {"buses.arrangements", "mono/stereo negotiated, 5.1 and wrong bus counts handled", bus_arrangements},
      {"state.round_trip", "state (bypass included) restores a fresh instance, which then sounds the same",
       state_round_trip},
      {"state.malformed", "empty, truncated and random state refused without changing anything", state_malformed},
      {"params.info", "parameter infos are well-formed; one toggle bypass at most", params_info},
      {"params.string_round_trip", "value -> text -> value is stable for every parameter", params_string_round_trip},
      {"params.clamp", "out-of-range and non-finite values are clamped, controller and processor", params_clamp},
      {"params.defaults_agree", "processor and controller start from the same values", params_defaults_agree},
  };
  return checks;
}

CheckResult run_check(const Check& check, Module& module, const ClassInfo& processor_class) {
  CheckResult result;
  try {
    check.run(module, processor_class, result);
  } catch (const std::exception& e) {
    result.passed = false;
    ++result.failure_count;
    result.failures.push_back(std::string("exception: ") + e.what());
  } catch (...) {
    result.passed = false;
    ++result.failure_count;
    result.failures.push_back("unknown exception");
  }
  return result;
}

}  // namespace plinth::host

// Lifecycle: creation, initialize/terminate, activation and processing toggles.
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
  step("process(64 samples, 32-bit, real buffers) before setup_processing and set_active");
  const abi::tresult r = p->processor()->process(data);
  ck.note("process before setup_processing returned " + result_name(r));
  long t = 0;
  if (ck.start(*p, 44100.0, 512, false)) run_blocks(ck, *p, 2, 512, t, "after a premature process");
}

// After setup_processing but before set_active(true): also a call no host may make.
void lifecycle_process_before_active(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  if (!ck.expect_ok(p->setup(44100.0, 512, false), "setup_processing(44100 Hz, max block 512, 32-bit)")) return;
  step("process(64 samples) after setup_processing, before set_active(true)");
  const abi::tresult r = p->process(64);
  ck.note("process after setup_processing but before set_active returned " + result_name(r));
  long t = 0;
  if (ck.start(*p, 44100.0, 512, false)) run_blocks(ck, *p, 2, 512, t, "after a premature process");
}

// Calls no host should make (the rules say what order hosts call in), but some do:
// deactivating what was never activated, stopping processing never started.
void lifecycle_redundant_calls(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  step("set_active(false) on a fresh instance");
  p->component()->set_active(0);
  if (!ck.expect_ok(p->setup(44100.0, 512, false), "setup_processing after a redundant set_active(false)")) return;
  step("set_processing(false) while inactive");
  p->processor()->set_processing(0);
  if (!ck.expect_ok(p->component()->set_active(1), "set_active(true)")) return;
  step("set_active(true) twice");
  p->component()->set_active(1);
  step("set_active(false) twice");
  p->component()->set_active(0);
  p->component()->set_active(0);
  long t = 0;
  if (ck.start(*p, 44100.0, 512, false)) run_blocks(ck, *p, 2, 512, t, "after redundant calls");
}

}  // namespace

std::vector<Check> lifecycle_checks() {
  return {
      {"lifecycle.create_destroy", "instances created and destroyed repeatedly, several alive at once",
       Severity::required, lifecycle_create_destroy},
      {"lifecycle.terminate_initialize", "terminate() then initialize() again, and processing after it",
       Severity::required, lifecycle_terminate_initialize},
      {"lifecycle.set_active", "set_active toggled repeatedly, processing after each activation", Severity::required,
       lifecycle_set_active},
      {"lifecycle.set_processing", "set_processing toggled around process calls", Severity::required,
       lifecycle_set_processing},
      {"lifecycle.process_before_setup", "process before setup_processing and set_active does not crash",
       Severity::robustness, lifecycle_process_before_setup, /*host_breaks_rules=*/true},
      {"lifecycle.process_before_active", "process after setup_processing but before set_active does not crash",
       Severity::robustness, lifecycle_process_before_active, /*host_breaks_rules=*/true},
      {"lifecycle.redundant_calls", "redundant set_active / set_processing calls are harmless", Severity::robustness,
       lifecycle_redundant_calls, /*host_breaks_rules=*/true},
  };
}

}  // namespace plinth::host::checks

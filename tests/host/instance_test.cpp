// PluginInstance driving the real gain bundle: wiring, processing in 32 and 64
// bits, parameters, state, and a process() path that never allocates.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>

#include "plinth/host/instance.h"
#include "plinth/host/module.h"

// --- a minimal allocation counter for this test binary ----------------------
namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
}  // namespace

namespace {
void* counted_alloc(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void counted_free(void* p) noexcept {
  if (p != nullptr && g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  std::free(p);
}
}  // namespace

void* operator new(std::size_t size) { return counted_alloc(size); }
void* operator new[](std::size_t size) { return counted_alloc(size); }
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p); }

namespace plinth::host {

namespace {

constexpr double kPi = 3.14159265358979323846;

struct Gain : testing::Test {
  std::unique_ptr<Module> module;
  std::unique_ptr<PluginInstance> p;

  void SetUp() override {
    std::string error;
    module = Module::load(std::string(PLINTH_BUNDLE_DIR) + "/PlinthGain.vst3", error);
    ASSERT_NE(module, nullptr) << error;
    const auto classes = module->audio_processor_classes();
    ASSERT_FALSE(classes.empty());
    p = PluginInstance::create(*module, classes.front(), error);
    ASSERT_NE(p, nullptr) << error;
  }
  void TearDown() override {
    p.reset();
    module.reset();
  }

  void sine(int n, long t0, double amp = 0.5) {
    for (int c = 0; c < p->channels(abi::kInput, 0); ++c) {
      for (int i = 0; i < n; ++i) {
        const double v = amp * std::sin(2 * kPi * 1000.0 * static_cast<double>(t0 + i) / p->sample_rate());
        p->input(0, c)[static_cast<std::size_t>(i)] = static_cast<float>(v);
        p->input64(0, c)[static_cast<std::size_t>(i)] = v;
      }
    }
  }
  double peak_out(int n) {
    double peak = 0;
    for (int c = 0; c < p->channels(abi::kOutput, 0); ++c) {
      for (int i = 0; i < n; ++i) {
        const double v = p->double_precision() ? p->output64(0, c)[static_cast<std::size_t>(i)]
                                               : p->output(0, c)[static_cast<std::size_t>(i)];
        peak = std::max(peak, std::abs(v));
      }
    }
    return peak;
  }
  abi::ParamId gain_id() {
    for (const auto& info : p->parameters()) {
      if (!info.is_bypass()) return info.id;
    }
    return abi::kNoParamId;
  }
};

TEST_F(Gain, IsWiredLikeAHostWiresIt) {
  EXPECT_TRUE(p->separate_controller());
  EXPECT_TRUE(p->connected());
  EXPECT_NE(p->component(), nullptr);
  EXPECT_NE(p->processor(), nullptr);
  EXPECT_NE(p->controller(), nullptr);
  EXPECT_EQ(p->audio_inputs(), 1);
  EXPECT_EQ(p->audio_outputs(), 1);
  EXPECT_EQ(p->arrangement(abi::kOutput, 0), abi::speaker_arr::kStereo);
  EXPECT_TRUE(p->bypass_id().has_value());
  EXPECT_NE(gain_id(), abi::kNoParamId);
  EXPECT_EQ(p->buses(abi::kAudio, abi::kInput).size(), 1u);
}

TEST_F(Gain, UnityAtDefaultsThenMinusSixDb) {
  ASSERT_EQ(p->setup(48000.0, 512, false), abi::kResultOk);
  ASSERT_EQ(p->activate(), abi::kResultOk);
  long t = 0;
  sine(512, t);
  t += 512;
  ASSERT_EQ(p->process(512), abi::kResultOk);
  for (int i = 0; i < 512; ++i)
    ASSERT_EQ(p->output(0, 1)[static_cast<std::size_t>(i)], p->input(0, 1)[static_cast<std::size_t>(i)]);

  const auto minus6 = p->string_to_value(gain_id(), "-6");
  ASSERT_TRUE(minus6.has_value());
  const ParamChange change{gain_id(), 0, *minus6};
  sine(512, t);
  t += 512;
  ASSERT_EQ(p->process(512, std::span(&change, 1)), abi::kResultOk);
  for (int k = 0; k < 20; ++k) {
    sine(512, t);
    t += 512;
    ASSERT_EQ(p->process(512), abi::kResultOk);
  }
  const double db = 20 * std::log10(peak_out(512) / 0.5);
  EXPECT_NEAR(db, -6.0, 0.01);
}

TEST_F(Gain, DoublePrecisionAndControllerEdits) {
  ASSERT_TRUE(p->can_process_double());
  ASSERT_EQ(p->setup(96000.0, 256, true), abi::kResultOk);
  EXPECT_TRUE(p->double_precision());
  ASSERT_EQ(p->activate(), abi::kResultOk);
  const auto minus12 = p->string_to_value(gain_id(), "-12");
  ASSERT_TRUE(minus12.has_value());
  // A user edit: controller value set, forwarded through the handler queue.
  ASSERT_EQ(p->edit(gain_id(), *minus12), abi::kResultOk);
  long t = 0;
  for (int k = 0; k < 40; ++k) {
    sine(256, t);
    t += 256;
    ASSERT_EQ(p->process(256), abi::kResultOk);
  }
  EXPECT_NEAR(20 * std::log10(peak_out(256) / 0.5), -12.0, 0.01);
}

TEST_F(Gain, StateMovesBetweenInstances) {
  const auto minus3 = p->string_to_value(gain_id(), "-3");
  ASSERT_TRUE(minus3);
  ASSERT_EQ(p->setup(44100.0, 64, false), abi::kResultOk);
  ASSERT_EQ(p->activate(), abi::kResultOk);
  const ParamChange change{gain_id(), 0, *minus3};
  ASSERT_EQ(p->process(0, std::span(&change, 1)), abi::kResultOk);
  const auto state = p->save_state();
  ASSERT_FALSE(state.empty());

  std::string error;
  auto q = PluginInstance::create(*module, p->class_info(), error);
  ASSERT_NE(q, nullptr) << error;
  EXPECT_TRUE(q->load_state(state));
  EXPECT_NEAR(q->get_normalized(gain_id()), *minus3, 1e-9);
  EXPECT_EQ(q->save_state(), state);
  EXPECT_FALSE(q->load_state(std::vector<std::uint8_t>{1, 2, 3}));
  EXPECT_NEAR(q->get_normalized(gain_id()), *minus3, 1e-9);
  const auto text = q->value_to_string(gain_id(), q->get_normalized(gain_id()));
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("-3"), std::string::npos) << *text;
}

TEST_F(Gain, ProcessRejectsBlocksLargerThanSetup) {
  ASSERT_EQ(p->setup(44100.0, 128, false), abi::kResultOk);
  ASSERT_EQ(p->activate(), abi::kResultOk);
  EXPECT_EQ(p->process(129), abi::kInvalidArgument);
  EXPECT_EQ(p->process(-1), abi::kInvalidArgument);
  EXPECT_EQ(p->process(128), abi::kResultOk);
  EXPECT_EQ(p->process(0), abi::kResultOk);
  // Setup while active is refused by the host object, not passed on.
  EXPECT_NE(p->setup(48000.0, 256, false), abi::kResultOk);
}

TEST_F(Gain, BufferModesAndSilenceFlags) {
  ASSERT_EQ(p->setup(44100.0, 128, false), abi::kResultOk);
  ASSERT_EQ(p->activate(), abi::kResultOk);
  p->set_buffer_mode(BufferMode::null_channels);
  EXPECT_EQ(p->process(0), abi::kResultOk);
  p->set_buffer_mode(BufferMode::no_buses);
  EXPECT_EQ(p->process(0), abi::kResultOk);
  p->set_buffer_mode(BufferMode::normal);
  p->clear_inputs();
  p->set_input_silence(0, 3);
  ASSERT_EQ(p->process(128), abi::kResultOk);
  EXPECT_EQ(peak_out(128), 0.0);
  EXPECT_TRUE(p->input(5, 0).empty());
  EXPECT_TRUE(p->output(0, 7).empty());
}

TEST_F(Gain, MonoArrangement) {
  ASSERT_EQ(p->set_bus_arrangements({abi::speaker_arr::kMono}, {abi::speaker_arr::kMono}), abi::kResultOk);
  EXPECT_EQ(p->channels(abi::kInput, 0), 1);
  EXPECT_EQ(p->channels(abi::kOutput, 0), 1);
  ASSERT_EQ(p->setup(44100.0, 256, false), abi::kResultOk);
  ASSERT_EQ(p->activate(), abi::kResultOk);
  sine(256, 0);
  ASSERT_EQ(p->process(256), abi::kResultOk);
  EXPECT_NEAR(peak_out(256), 0.5, 1e-3);
  EXPECT_TRUE(p->output(0, 1).empty());
  // Not while active.
  EXPECT_NE(p->set_bus_arrangements({abi::speaker_arr::kStereo}, {abi::speaker_arr::kStereo}), abi::kResultOk);
}

TEST_F(Gain, ProcessDoesNotAllocate) {
  const abi::ParamId gain = gain_id();
  const abi::ParamId bypass = *p->bypass_id();
  for (bool dbl : {false, true}) {
    p->deactivate();
    ASSERT_EQ(p->setup(48000.0, 1024, dbl), abi::kResultOk);
    ASSERT_EQ(p->activate(), abi::kResultOk);
    std::vector<ParamChange> changes;
    for (int i = 0; i < 64; ++i) changes.push_back({gain, i * 7, (i % 10) / 10.0});
    changes.push_back({bypass, 500, 0.0});
    std::vector<abi::Event> events(8);
    for (auto& e : events) e.type = abi::Event::kNoteOnEvent;
    const int sizes[] = {1024, 1, 7, 333, 0, 1000, 64};
    sine(1024, 0);
    g_allocations = 0;
    g_counting = true;
    for (int k = 0; k < 2000; ++k) {
      p->handler().push_edit(gain, 0.5);
      const int n = sizes[k % 7];
      const auto r = p->process(n, std::span(changes).first(static_cast<std::size_t>(k % 65)), events);
      if (r != abi::kResultOk) {
        g_counting = false;
        FAIL() << "process failed";
      }
    }
    g_counting = false;
    EXPECT_EQ(g_allocations.load(), 0) << (dbl ? "64-bit" : "32-bit");
  }
}

}  // namespace

}  // namespace plinth::host

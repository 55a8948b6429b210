// State through the real example bundles: random values saved, loaded into a fresh
// instance and saved again are byte-identical and read back exactly; a stream that
// returns a few bytes per call loads the same; and the processor (setState) and the
// controller (setComponentState) accept and refuse exactly the same blobs of a fuzz run.
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "plinth/host/host_objects.h"
#include "plinth/host/instance.h"
#include "plinth/host/module.h"

namespace {

namespace pabi = plinth::abi;
using plinth::host::PluginInstance;

// An IBStream over bytes that hands out at most `chunk` bytes per read, as some hosts'
// streams over files or sockets do.
class TrickleStream final : public pabi::IBStream {
public:
  TrickleStream(std::vector<std::uint8_t> bytes, std::int32_t chunk) : data_(std::move(bytes)), chunk_(chunk) {}
  pabi::tresult query_interface(const char* iid16, void** obj) override {
    if (obj == nullptr) return pabi::kInvalidArgument;
    *obj = nullptr;
    if (pabi::iid_equals(iid16, pabi::FUnknown::iid) || pabi::iid_equals(iid16, pabi::IBStream::iid)) {
      *obj = static_cast<pabi::IBStream*>(this);
      add_ref();
      return pabi::kResultOk;
    }
    return pabi::kNoInterface;
  }
  std::uint32_t add_ref() override { return ++refs_; }
  std::uint32_t release() override { return --refs_; }  // lives on the test's stack
  pabi::tresult read(void* buffer, std::int32_t num_bytes, std::int32_t* num_read) override {
    const auto left = static_cast<std::int32_t>(data_.size() - pos_);
    const std::int32_t n = std::max(0, std::min({num_bytes, chunk_, left}));
    if (n > 0) std::memcpy(buffer, data_.data() + pos_, static_cast<std::size_t>(n));
    pos_ += static_cast<std::size_t>(n);
    if (num_read != nullptr) *num_read = n;
    ++reads_;
    return pabi::kResultOk;
  }
  pabi::tresult write(void*, std::int32_t, std::int32_t*) override { return pabi::kNotImplemented; }
  pabi::tresult seek(std::int64_t, std::int32_t, std::int64_t*) override { return pabi::kNotImplemented; }
  pabi::tresult tell(std::int64_t* pos) override {
    if (pos != nullptr) *pos = static_cast<std::int64_t>(pos_);
    return pabi::kResultOk;
  }
  [[nodiscard]] int reads() const { return reads_; }
  [[nodiscard]] std::size_t position() const { return pos_; }

private:
  std::vector<std::uint8_t> data_;
  std::int32_t chunk_;
  std::size_t pos_ = 0;
  std::uint32_t refs_ = 1;
  int reads_ = 0;
};

struct Loaded {
  std::unique_ptr<plinth::host::Module> module;
  std::unique_ptr<PluginInstance> make() const {
    std::string error;
    auto p = PluginInstance::create(*module, module->audio_processor_classes().front(), error);
    EXPECT_TRUE(p) << error;
    return p;
  }
};

Loaded load(const std::string& bundle) {
  Loaded l;
  std::string error;
  l.module = plinth::host::Module::load(std::string(PLINTH_BUNDLE_DIR) + "/" + bundle, error);
  EXPECT_TRUE(l.module) << error;
  return l;
}

std::vector<double> values(PluginInstance& p) {
  std::vector<double> out;
  for (const auto& info : p.parameters()) out.push_back(p.get_normalized(info.id));
  return out;
}

bool controller_accepts(PluginInstance& p, const std::vector<std::uint8_t>& blob) {
  auto stream = plinth::host::make_object<plinth::host::MemoryStream>(blob);
  return p.controller()->set_component_state(stream.get()) == pabi::kResultOk;
}

class ExampleState : public ::testing::TestWithParam<const char*> {};

TEST_P(ExampleState, RandomStatesResaveByteIdenticalAndReadBackExactly) {
  const Loaded l = load(GetParam());
  ASSERT_TRUE(l.module);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int round = 0; round < 300; ++round) {
    auto a = l.make();
    auto b = l.make();
    ASSERT_TRUE(a && b);
    std::vector<plinth::host::ParamChange> changes;
    if (round > 0)  // round 0 is the default state
      for (const auto& info : a->parameters())
        if (!info.is_read_only()) changes.push_back({info.id, 0, unit(rng)});
    ASSERT_EQ(a->setup(48000.0, 64, false), pabi::kResultOk);
    ASSERT_EQ(a->activate(), pabi::kResultOk);
    ASSERT_EQ(a->process(0, changes), pabi::kResultOk);  // the host's values reach the processor
    const auto first = a->save_state();
    ASSERT_TRUE(b->load_state(first));
    const auto second = b->save_state();
    ASSERT_EQ(second, first) << GetParam() << " round " << round;
    // Every value the processor holds reaches the controller exactly.
    ASSERT_TRUE(controller_accepts(*b, second));
    for (const auto& change : changes) ASSERT_EQ(b->get_normalized(change.id), change.normalized);
    ASSERT_TRUE(controller_accepts(*a, first));
    ASSERT_EQ(values(*b), values(*a));
  }
}

TEST_P(ExampleState, TrickleStreamLoadsTheSameAndReadsNoFurther) {
  const Loaded l = load(GetParam());
  ASSERT_TRUE(l.module);
  auto a = l.make();
  ASSERT_TRUE(a);
  for (const auto& info : a->parameters())
    if (!info.is_read_only()) a->set_normalized(info.id, 0.123);
  ASSERT_EQ(a->setup(48000.0, 64, false), pabi::kResultOk);
  ASSERT_EQ(a->activate(), pabi::kResultOk);
  std::vector<plinth::host::ParamChange> changes;
  for (const auto& info : a->parameters())
    if (!info.is_read_only()) changes.push_back({info.id, 0, 0.3141});
  ASSERT_EQ(a->process(0, changes), pabi::kResultOk);
  const auto state = a->save_state();
  for (std::int32_t chunk : {1, 3, 7, 13}) {
    auto b = l.make();
    ASSERT_TRUE(b);
    // The state followed by someone else's bytes: the reader takes its own and stops.
    auto bytes = state;
    bytes.insert(bytes.end(), {0xde, 0xad, 0xbe, 0xef});
    TrickleStream processor_stream(bytes, chunk);
    ASSERT_EQ(b->component()->set_state(&processor_stream), pabi::kResultOk) << "chunk " << chunk;
    EXPECT_EQ(processor_stream.position(), state.size());
    EXPECT_GE(processor_stream.reads(), static_cast<int>(state.size()) / chunk);
    EXPECT_EQ(b->save_state(), state) << "chunk " << chunk;
    TrickleStream controller_stream(bytes, chunk);
    ASSERT_EQ(b->controller()->set_component_state(&controller_stream), pabi::kResultOk);
    for (const auto& change : changes) EXPECT_EQ(b->get_normalized(change.id), change.normalized);
  }
}

// Mutated, truncated, extended and random blobs: whatever the processor decides, the
// controller decides the same, and a refused blob changes nothing on either side.
TEST_P(ExampleState, ProcessorAndControllerAgreeOnEveryFuzzedBlob) {
  const Loaded l = load(GetParam());
  ASSERT_TRUE(l.module);
  auto p = l.make();
  ASSERT_TRUE(p);
  const auto good = p->save_state();
  std::mt19937 rng(99);
  int accepted = 0;
  int refused = 0;
  for (int round = 0; round < 4000; ++round) {
    std::vector<std::uint8_t> blob = good;
    switch (round % 5) {
      case 0:  // bit flips
        for (int k = 0, flips = 1 + static_cast<int>(rng() % 4); k < flips; ++k)
          blob[rng() % blob.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
        break;
      case 1: blob.resize(rng() % blob.size()); break;  // truncated
      case 2:                                           // extended: extra bytes, maybe a matching extra size
        for (int k = 0, n = 1 + static_cast<int>(rng() % 16); k < n; ++k)
          blob.push_back(static_cast<std::uint8_t>(rng()));
        if (rng() % 2 == 0) blob[12] = static_cast<std::uint8_t>(blob.size() - good.size());
        break;
      case 3:  // a byte set to an edge value in the header or a value
        blob[rng() % blob.size()] = static_cast<std::uint8_t>(rng() % 2 == 0 ? 0xff : 0x00);
        break;
      default:  // random bytes, half of them with our magic
        blob.resize(rng() % 96);
        for (auto& b : blob) b = static_cast<std::uint8_t>(rng());
        if (blob.size() >= 4 && rng() % 2 == 0) std::memcpy(blob.data(), "PLNT", 4);
    }
    const auto before = p->save_state();
    const auto controller_before = values(*p);
    const bool processor_ok = p->load_state(blob);
    const bool controller_ok = controller_accepts(*p, blob);
    ASSERT_EQ(processor_ok, controller_ok) << GetParam() << " round " << round << " size " << blob.size();
    if (processor_ok) {
      ++accepted;
    } else {
      ++refused;
      ASSERT_EQ(p->save_state(), before) << "a refused blob changed the processor, round " << round;
      ASSERT_EQ(values(*p), controller_before) << "a refused blob changed the controller, round " << round;
    }
    ASSERT_TRUE(p->load_state(good));
    ASSERT_TRUE(controller_accepts(*p, good));
  }
  EXPECT_GT(accepted, 0);  // the fuzz reached both outcomes
  EXPECT_GT(refused, 0);
}

INSTANTIATE_TEST_SUITE_P(Examples, ExampleState, ::testing::Values("PlinthGain.vst3", "PlinthDucker.vst3"),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           return name.substr(6, name.find('.') - 6);
                         });

}  // namespace

// A small stereo gain written straight against plinth/abi, with one fault chosen by
// BROKEN_FAULT (see faults.h), so the host's checks can be shown to catch each one.
// Not built on the Plinth framework on purpose: its safety nets (NaN scrubbing, one
// state reader for processor and controller) would hide the faults.
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <mutex>
#include <new>
#include <thread>
#include <tuple>

#include "faults.h"
#include "plinth/abi/vst3.h"

#ifndef BROKEN_FAULT
#error "define BROKEN_FAULT (see faults.h)"
#endif

namespace broken {

using namespace plinth::abi;

constexpr int kFault = BROKEN_FAULT;
constexpr ParamId kGainId = 0;
constexpr double kGainDefault = 0.5;  // normalized; gain = 2 * normalized
constexpr char kMagic[4] = {'B', 'R', 'K', 'N'};
constexpr std::int32_t kStateSize = 16;  // magic, version, gain (double)

const Iid kProcessorCid = make_iid(0xB20E4E11, 0x5A3D4C6B, 0x9E1F0A2B, 0x3C4D5E00 + kFault);
const Iid kControllerCid = make_iid(0xB20E4E11, 0x5A3D4C6B, 0x9E1F0A2B, 0x3C4D5F00 + kFault);

double clamp01(double v, double fallback) { return std::isfinite(v) ? std::fmin(1.0, std::fmax(0.0, v)) : fallback; }

// Reference counting and query_interface for an object implementing the interfaces Is...
template <class... Is>
class Object : public Is... {
public:
  tresult query_interface(const char* iid16, void** obj) override {
    if (obj == nullptr) return kInvalidArgument;
    *obj = nullptr;
    if (iid_equals(iid16, FUnknown::iid)) *obj = static_cast<FUnknown*>(static_cast<First*>(this));
    ((*obj == nullptr && iid_equals(iid16, Is::iid) ? (void)(*obj = static_cast<Is*>(this)) : (void)0), ...);
    if (*obj == nullptr) return kNoInterface;
    add_ref();
    return kResultOk;
  }
  std::uint32_t add_ref() override { return ++refs_; }
  std::uint32_t release() override {
    const std::uint32_t left = --refs_;
    if (left == 0) delete this;
    return left;
  }

protected:
  virtual ~Object() = default;

private:
  using First = std::tuple_element_t<0, std::tuple<Is...>>;
  std::atomic<std::uint32_t> refs_{1};
};

// ---- state: one format, each side with its own reader (as plugins often have) ----
// Reads up to n bytes, however few the stream gives per call; how many it got.
std::int32_t read_all(IBStream* s, char* into, std::int32_t n) {
  std::int32_t total = 0;
  while (s != nullptr && total < n) {
    std::int32_t got = 0;
    if (s->read(into + total, n - total, &got) != kResultOk || got <= 0) break;
    total += got;
  }
  return total;
}

// The processor's reader. Under crash_on_truncated_state it trusts the stream to hold
// a whole state and "looks up" a table through a pointer only a full read sets.
tresult processor_read(IBStream* s, double& gain) {
  char bytes[kStateSize] = {};
  const std::int32_t got = read_all(s, bytes, kStateSize);
  if (kFault == kHangOnEmptyState && got == 0)
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));  // waits for a state that never comes
  if (kFault == kCrashOnTruncatedState && got < kStateSize) {
    static int* volatile table = nullptr;  // never set: a truncated state dereferences null
    table[got] = 1;
  }
  if (got != kStateSize || std::memcmp(bytes, kMagic, 4) != 0) return kResultFalse;
  double v = 0;
  std::memcpy(&v, bytes + 8, 8);
  gain = clamp01(v, kGainDefault);
  return kResultOk;
}

tresult controller_read(IBStream* s, double& gain) {
  char bytes[kStateSize] = {};
  if (read_all(s, bytes, kStateSize) != kStateSize || std::memcmp(bytes, kMagic, 4) != 0) return kResultFalse;
  double v = 0;
  std::memcpy(&v, bytes + 8, 8);
  gain = clamp01(v, kGainDefault);
  return kResultOk;
}

tresult write_state(IBStream* s, double gain, std::uint32_t version) {
  char bytes[kStateSize] = {};
  std::memcpy(bytes, kMagic, 4);
  std::memcpy(bytes + 4, &version, 4);
  std::memcpy(bytes + 8, &gain, 8);
  std::int32_t written = 0;
  return s != nullptr && s->write(bytes, kStateSize, &written) == kResultOk && written == kStateSize ? kResultOk
                                                                                                     : kResultFalse;
}

// ---- the processor ----
class Processor final : public Object<IComponent, IAudioProcessor> {
public:
  tresult initialize(FUnknown*) override { return kResultOk; }
  tresult terminate() override { return kResultOk; }
  tresult get_controller_class_id(char* cid16) override {
    if (cid16 == nullptr) return kInvalidArgument;
    iid_copy_to(cid16, kControllerCid);
    return kResultOk;
  }
  tresult set_io_mode(IoMode) override { return kNotImplemented; }
  std::int32_t get_bus_count(MediaType type, BusDirection) override { return type == kAudio ? 1 : 0; }
  tresult get_bus_info(MediaType type, BusDirection dir, std::int32_t index, BusInfo& bus) override {
    if (type != kAudio || index != 0) return kInvalidArgument;
    bus.media_type = kAudio;
    bus.direction = dir;
    // lying_buses: always "mono", whatever the arrangement is.
    bus.channel_count = kFault == kLyingBuses ? 1 : channel_count(arrangement_);
    str8_to_str16(bus.name, dir == kInput ? "Input" : "Output", 128);
    bus.bus_type = kMain;
    bus.flags = BusInfo::kDefaultActive;
    return kResultOk;
  }
  tresult get_routing_info(RoutingInfo&, RoutingInfo&) override { return kNotImplemented; }
  tresult activate_bus(MediaType type, BusDirection, std::int32_t index, TBool) override {
    return type == kAudio && index == 0 ? kResultOk : kInvalidArgument;
  }
  tresult set_active(TBool) override { return kResultOk; }
  tresult set_state(IBStream* s) override {
    double g = 0;
    const tresult r = processor_read(s, g);
    if (r == kResultOk) gain_ = g;
    return r;
  }
  tresult get_state(IBStream* s) override {
    // resave_counter: the state carries how often it was saved.
    return write_state(s, gain_, kFault == kResaveCounter ? ++saves_ : 1u);
  }

  tresult set_bus_arrangements(SpeakerArrangement* ins, std::int32_t num_ins, SpeakerArrangement* outs,
                               std::int32_t num_outs) override {
    if (num_ins != 1 || num_outs != 1 || ins == nullptr || outs == nullptr) return kResultFalse;
    if (kFault == kLyingBuses) return kResultOk;  // "accepted", and nothing changes
    if (ins[0] != outs[0] || (ins[0] != speaker_arr::kMono && ins[0] != speaker_arr::kStereo)) return kResultFalse;
    arrangement_ = ins[0];
    return kResultOk;
  }
  tresult get_bus_arrangement(BusDirection, std::int32_t index, SpeakerArrangement& arr) override {
    if (index != 0) return kInvalidArgument;
    arr = arrangement_;
    return kResultOk;
  }
  tresult can_process_sample_size(std::int32_t) override { return kResultOk; }
  std::uint32_t get_latency_samples() override { return 0; }
  tresult setup_processing(ProcessSetup&) override { return kResultOk; }
  tresult set_processing(TBool) override { return kResultOk; }
  std::uint32_t get_tail_samples() override { return 0; }

  tresult process(ProcessData& data) override {
    if (IParameterChanges* changes = data.input_parameter_changes) {
      for (std::int32_t i = 0; i < changes->get_parameter_count(); ++i) {
        IParamValueQueue* q = changes->get_parameter_data(i);
        std::int32_t offset = 0;
        double value = 0;
        if (q != nullptr && q->get_parameter_id() == kGainId && q->get_point_count() > 0 &&
            q->get_point(q->get_point_count() - 1, offset, value) == kResultOk) {
          gain_ = clamp01(value, gain_);
        }
      }
    }
    if (data.num_samples <= 0 || data.num_outputs < 1 || data.outputs == nullptr) return kResultOk;
    if (kFault == kLocks) {
      static std::mutex mutex;
      const std::lock_guard<std::mutex> hold(mutex);
      return run(data);
    }
    return run(data);
  }

private:
  template <class T>
  static T** channels(AudioBusBuffers& bus) {
    if constexpr (sizeof(T) == 4) {
      return bus.channel_buffers32;
    } else {
      return bus.channel_buffers64;
    }
  }

  template <class T>
  void apply(ProcessData& data) {
    const std::int32_t n = data.num_samples;
    AudioBusBuffers& out = data.outputs[0];
    AudioBusBuffers* in = data.num_inputs > 0 ? data.inputs : nullptr;
    T** out_ch = channels<T>(out);
    T** in_ch = in != nullptr ? channels<T>(*in) : nullptr;
    if (out_ch == nullptr) return;
    const T g = static_cast<T>(2.0 * gain_);
    for (std::int32_t c = 0; c < out.num_channels; ++c) {
      T* o = out_ch[c];
      const T* i = in_ch != nullptr && in != nullptr && c < in->num_channels ? in_ch[c] : nullptr;
      if (o == nullptr) continue;
      if (kFault == kAllocates) {
        // A scratch copy made per block: allocates (and frees) on the audio thread.
        T* scratch = new T[static_cast<std::size_t>(n)];
        for (std::int32_t k = 0; k < n; ++k) scratch[k] = i != nullptr && std::isfinite(i[k]) ? i[k] : T(0);
        for (std::int32_t k = 0; k < n; ++k) o[k] = scratch[k] * g;
        delete[] scratch;
      } else if (kFault == kNan) {
        for (std::int32_t k = 0; k < n; ++k) o[k] = std::numeric_limits<T>::quiet_NaN();
      } else {
        // Non-finite input gives silence, not non-finite output.
        for (std::int32_t k = 0; k < n; ++k) o[k] = i != nullptr && std::isfinite(i[k]) ? i[k] * g : T(0);
      }
    }
    out.silence_flags = 0;
  }

  tresult run(ProcessData& data) {
    if (data.symbolic_sample_size == kSample64) {
      apply<double>(data);
    } else {
      apply<float>(data);
    }
    return kResultOk;
  }

  // defaults_disagree: the processor starts elsewhere than the controller's default.
  double gain_ = kFault == kDefaultsDisagree ? 0.25 : kGainDefault;
  SpeakerArrangement arrangement_ = speaker_arr::kStereo;
  std::uint32_t saves_ = 0;
};

// ---- the controller ----
class Controller final : public Object<IEditController> {
public:
  tresult initialize(FUnknown*) override { return kResultOk; }
  tresult terminate() override { return kResultOk; }
  tresult set_component_state(IBStream* s) override {
    double g = 0;
    const tresult r = controller_read(s, g);
    if (r == kResultOk) gain_ = g;
    return r;
  }
  tresult set_state(IBStream*) override { return kResultOk; }
  tresult get_state(IBStream*) override { return kResultOk; }
  std::int32_t get_parameter_count() override { return 1; }
  tresult get_parameter_info(std::int32_t index, ParameterInfo& info) override {
    if (index != 0) return kInvalidArgument;
    std::memset(&info, 0, sizeof info);
    info.id = kGainId;
    str8_to_str16(info.title, "Gain", 128);
    str8_to_str16(info.short_title, "Gain", 128);
    str8_to_str16(info.units, "x", 128);
    info.step_count = 0;
    info.default_normalized_value = kGainDefault;
    info.unit_id = kRootUnitId;
    info.flags = ParameterInfo::kCanAutomate;
    return kResultOk;
  }
  tresult get_param_string_by_value(ParamId id, ParamValue v, char16* text) override {
    if (id != kGainId || text == nullptr) return kInvalidArgument;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", 2.0 * clamp01(v, 0.0));
    str8_to_str16(text, buf, 128);
    return kResultOk;
  }
  tresult get_param_value_by_string(ParamId id, char16* text, ParamValue& v) override {
    if (id != kGainId || text == nullptr) return kInvalidArgument;
    char buf[128];
    str16_to_ascii(buf, text, sizeof buf);
    char* end = nullptr;
    const double plain = std::strtod(buf, &end);
    if (end == buf || !std::isfinite(plain)) return kResultFalse;
    v = clamp01(plain / 2.0, 0.0);
    return kResultOk;
  }
  ParamValue normalized_param_to_plain(ParamId, ParamValue v) override { return 2.0 * clamp01(v, 0.0); }
  ParamValue plain_param_to_normalized(ParamId, ParamValue p) override { return clamp01(p / 2.0, 0.0); }
  ParamValue get_param_normalized(ParamId id) override { return id == kGainId ? gain_ : 0.0; }
  tresult set_param_normalized(ParamId id, ParamValue v) override {
    if (id != kGainId) return kInvalidArgument;
    gain_ = clamp01(v, gain_);
    return kResultOk;
  }
  tresult set_component_handler(IComponentHandler*) override { return kResultOk; }
  IPlugView* create_view(FIDString) override { return nullptr; }

private:
  double gain_ = kGainDefault;
};

// ---- the factory ----
class Factory final : public Object<IPluginFactory2> {
public:
  tresult get_factory_info(PFactoryInfo* info) override {
    if (info == nullptr) return kInvalidArgument;
    std::memset(info, 0, sizeof *info);
    str8_copy(info->vendor, "Plinth tests", PFactoryInfo::kNameSize);
    str8_copy(info->url, "https://example.invalid", PFactoryInfo::kURLSize);
    str8_copy(info->email, "tests@example.invalid", PFactoryInfo::kEmailSize);
    info->flags = PFactoryInfo::kUnicode;
    return kResultOk;
  }
  std::int32_t count_classes() override { return 2; }
  tresult get_class_info(std::int32_t index, PClassInfo* info) override {
    PClassInfo2 full{};
    if (info == nullptr || get_class_info2(index, &full) != kResultOk) return kInvalidArgument;
    std::memcpy(info, &full, sizeof *info);
    return kResultOk;
  }
  tresult get_class_info2(std::int32_t index, PClassInfo2* info) override {
    if (info == nullptr || index < 0 || index > 1) return kInvalidArgument;
    std::memset(info, 0, sizeof *info);
    iid_copy_to(info->cid, index == 0 ? kProcessorCid : kControllerCid);
    info->cardinality = kManyInstances;
    str8_copy(info->category, index == 0 ? kVstAudioEffectClass : kVstComponentControllerClass,
              PClassInfo::kCategorySize);
    str8_copy(info->name, BROKEN_NAME, PClassInfo::kNameSize);
    str8_copy(info->sub_categories, index == 0 ? "Fx" : "", PClassInfo2::kSubCategoriesSize);
    str8_copy(info->vendor, "Plinth tests", PClassInfo2::kVendorSize);
    str8_copy(info->version, "1.0.0", PClassInfo2::kVersionSize);
    str8_copy(info->sdk_version, kVstVersionString, PClassInfo2::kVersionSize);
    return kResultOk;
  }
  tresult create_instance(FIDString cid, FIDString iid16, void** obj) override {
    if (cid == nullptr || obj == nullptr) return kInvalidArgument;
    *obj = nullptr;
    FUnknown* made = nullptr;
    if (iid_equals(cid, kProcessorCid)) {
      made = static_cast<IComponent*>(new Processor());
    } else if (iid_equals(cid, kControllerCid)) {
      made = static_cast<IEditController*>(new Controller());
    } else {
      return kResultFalse;
    }
    const tresult r = made->query_interface(iid16, obj);
    made->release();
    return r == kResultOk ? kResultOk : kNoInterface;
  }
};

}  // namespace broken

#ifdef _WIN32
#define BROKEN_EXPORT __declspec(dllexport)
#else
#define BROKEN_EXPORT __attribute__((visibility("default")))
#endif

extern "C" {
BROKEN_EXPORT plinth::abi::IPluginFactory* GetPluginFactory() {
  return new broken::Factory();  // the host releases it
}
#ifdef _WIN32
BROKEN_EXPORT bool InitDll() { return true; }
BROKEN_EXPORT bool ExitDll() { return true; }
#else
BROKEN_EXPORT bool ModuleEntry(void*) { return true; }
BROKEN_EXPORT bool ModuleExit() { return true; }
#endif
}

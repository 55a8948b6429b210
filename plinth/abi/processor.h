// IAudioProcessor and the structures of a process call.
#pragma once

#include "plinth/abi/base.h"
#include "plinth/abi/component.h"
#include "plinth/abi/events.h"
#include "plinth/abi/parameter_changes.h"
#include "plinth/abi/process_context.h"
#include "plinth/abi/speaker.h"

namespace plinth::abi {

// Sample sizes (ProcessSetup::symbolic_sample_size, ProcessData::symbolic_sample_size).
inline constexpr std::int32_t kSample32 = 0;
inline constexpr std::int32_t kSample64 = 1;

// Process modes (ProcessSetup::process_mode).
inline constexpr std::int32_t kRealtime = 0;
inline constexpr std::int32_t kPrefetch = 1;
inline constexpr std::int32_t kOffline = 2;

// get_tail_samples() special values.
inline constexpr std::uint32_t kNoTail = 0;
inline constexpr std::uint32_t kInfiniteTail = 0xFFFFFFFFu;

// Three int32 (12), 4 bytes padding, then a double at 16: 24 bytes.
struct ProcessSetup {
  std::int32_t process_mode;
  std::int32_t symbolic_sample_size;
  std::int32_t max_samples_per_block;
  SampleRate sample_rate;
};
static_assert(sizeof(ProcessSetup) == 24);
static_assert(offsetof(ProcessSetup, sample_rate) == 16);

// One bus's channels. int32 at 0, 4 bytes padding, uint64 at 8, the pointer
// union at 16: 24 bytes.
struct AudioBusBuffers {
  std::int32_t num_channels;
  std::uint64_t silence_flags;  // bit n set: channel n is silent
  union {
    Sample32** channel_buffers32;
    Sample64** channel_buffers64;
  };
};
static_assert(sizeof(AudioBusBuffers) == 24);
static_assert(offsetof(AudioBusBuffers, silence_flags) == 8);
static_assert(offsetof(AudioBusBuffers, channel_buffers32) == 16);
static_assert(offsetof(AudioBusBuffers, channel_buffers64) == 16);

// Five int32 (20), 4 bytes padding, then seven pointers from 24: 80 bytes.
struct ProcessData {
  std::int32_t process_mode;
  std::int32_t symbolic_sample_size;
  std::int32_t num_samples;
  std::int32_t num_inputs;   // number of input buses
  std::int32_t num_outputs;  // number of output buses
  AudioBusBuffers* inputs;
  AudioBusBuffers* outputs;
  IParameterChanges* input_parameter_changes;
  IParameterChanges* output_parameter_changes;
  IEventList* input_events;
  IEventList* output_events;
  ProcessContext* process_context;
};
static_assert(sizeof(ProcessData) == 80);
static_assert(offsetof(ProcessData, num_outputs) == 16);
static_assert(offsetof(ProcessData, inputs) == 24);
static_assert(offsetof(ProcessData, outputs) == 32);
static_assert(offsetof(ProcessData, input_parameter_changes) == 40);
static_assert(offsetof(ProcessData, output_parameter_changes) == 48);
static_assert(offsetof(ProcessData, input_events) == 56);
static_assert(offsetof(ProcessData, output_events) == 64);
static_assert(offsetof(ProcessData, process_context) == 72);

// Slots 3..10.
struct IAudioProcessor : FUnknown {
  virtual tresult set_bus_arrangements(SpeakerArrangement* inputs, std::int32_t num_ins, SpeakerArrangement* outputs,
                                       std::int32_t num_outs) = 0;
  virtual tresult get_bus_arrangement(BusDirection dir, std::int32_t index, SpeakerArrangement& arr) = 0;
  virtual tresult can_process_sample_size(std::int32_t symbolic_sample_size) = 0;
  virtual std::uint32_t get_latency_samples() = 0;
  virtual tresult setup_processing(ProcessSetup& setup) = 0;
  virtual tresult set_processing(TBool state) = 0;
  virtual tresult process(ProcessData& data) = 0;
  virtual std::uint32_t get_tail_samples() = 0;

  static constexpr Iid iid = make_iid(0x42043F99, 0xB7DA453C, 0xA569E79D, 0x9AAEC33D);

protected:
  ~IAudioProcessor() = default;
};

// Which ProcessContext fields the processor needs. Slot 3.
struct IProcessContextRequirements : FUnknown {
  // get_process_context_requirements() bits
  static constexpr std::uint32_t kNeedSystemTime = 1u << 0;
  static constexpr std::uint32_t kNeedContinousTimeSamples = 1u << 1;
  static constexpr std::uint32_t kNeedProjectTimeMusic = 1u << 2;
  static constexpr std::uint32_t kNeedBarPositionMusic = 1u << 3;
  static constexpr std::uint32_t kNeedCycleMusic = 1u << 4;
  static constexpr std::uint32_t kNeedSamplesToNextClock = 1u << 5;
  static constexpr std::uint32_t kNeedTempo = 1u << 6;
  static constexpr std::uint32_t kNeedTimeSignature = 1u << 7;
  static constexpr std::uint32_t kNeedChord = 1u << 8;
  static constexpr std::uint32_t kNeedFrameRate = 1u << 9;
  static constexpr std::uint32_t kNeedTransportState = 1u << 10;

  virtual std::uint32_t get_process_context_requirements() = 0;

  static constexpr Iid iid = make_iid(0x2A654303, 0xEF764E3D, 0x95B5FE83, 0x730EF6D0);

protected:
  ~IProcessContextRequirements() = default;
};

}  // namespace plinth::abi

// Transport and timing information the host passes with each process call.
#pragma once

#include "plinth/abi/base.h"

namespace plinth::abi {

// SMPTE frame rate. 8 bytes.
struct FrameRate {
  // flags bits
  static constexpr std::uint32_t kPullDownRate = 1u << 0;
  static constexpr std::uint32_t kDropRate = 1u << 1;

  std::uint32_t frames_per_second;
  std::uint32_t flags;
};
static_assert(sizeof(FrameRate) == 8);

// Current chord. 4 bytes, 2-byte aligned.
struct Chord {
  static constexpr std::int16_t kChordMask = 0x0FFF;  // bit 0 = key note, bit 1 = key + 1 semitone, ...
  static constexpr std::uint16_t kReservedMask = 0xF000;

  std::uint8_t key_note;   // 0 = C
  std::uint8_t root_note;  // 0 = C
  std::int16_t chord_mask;
};
static_assert(sizeof(Chord) == 4);

// Layout (natural alignment, no packing on Linux x86_64):
//   0 state (4 bytes) + 4 bytes padding, because sample_rate is a double
//   8 .. 80: nine 8-byte fields (sample_rate .. tempo)
//  80 time_sig_numerator, 84 time_sig_denominator
//  88 chord (4), 92 smpte_offset_subframes, 96 frame_rate (8),
// 104 samples_to_next_clock, then 4 bytes tail padding to a multiple of 8:
// 112 bytes in all.
struct ProcessContext {
  // state bits
  static constexpr std::uint32_t kPlaying = 1u << 1;
  static constexpr std::uint32_t kCycleActive = 1u << 2;
  static constexpr std::uint32_t kRecording = 1u << 3;
  static constexpr std::uint32_t kSystemTimeValid = 1u << 8;
  static constexpr std::uint32_t kProjectTimeMusicValid = 1u << 9;
  static constexpr std::uint32_t kTempoValid = 1u << 10;
  static constexpr std::uint32_t kBarPositionValid = 1u << 11;
  static constexpr std::uint32_t kCycleValid = 1u << 12;
  static constexpr std::uint32_t kTimeSigValid = 1u << 13;
  static constexpr std::uint32_t kSmpteValid = 1u << 14;
  static constexpr std::uint32_t kClockValid = 1u << 15;
  static constexpr std::uint32_t kContTimeValid = 1u << 17;
  static constexpr std::uint32_t kChordValid = 1u << 18;

  std::uint32_t state;
  double sample_rate;
  TSamples project_time_samples;     // position of the block start in the project, samples
  std::int64_t system_time;          // nanoseconds
  TSamples continuous_time_samples;  // runs on while the transport is stopped
  TQuarterNotes project_time_music;
  TQuarterNotes bar_position_music;  // last bar start, quarter notes
  TQuarterNotes cycle_start_music;
  TQuarterNotes cycle_end_music;
  double tempo;  // beats per minute
  std::int32_t time_sig_numerator;
  std::int32_t time_sig_denominator;
  Chord chord;
  std::int32_t smpte_offset_subframes;  // 1/80 of a frame
  FrameRate frame_rate;
  std::int32_t samples_to_next_clock;  // MIDI clock, 24 per quarter note
};
static_assert(sizeof(ProcessContext) == 112);
static_assert(offsetof(ProcessContext, sample_rate) == 8);  // padding after state
static_assert(offsetof(ProcessContext, project_time_samples) == 16);
static_assert(offsetof(ProcessContext, system_time) == 24);
static_assert(offsetof(ProcessContext, continuous_time_samples) == 32);
static_assert(offsetof(ProcessContext, project_time_music) == 40);
static_assert(offsetof(ProcessContext, bar_position_music) == 48);
static_assert(offsetof(ProcessContext, cycle_start_music) == 56);
static_assert(offsetof(ProcessContext, cycle_end_music) == 64);
static_assert(offsetof(ProcessContext, tempo) == 72);
static_assert(offsetof(ProcessContext, time_sig_numerator) == 80);
static_assert(offsetof(ProcessContext, time_sig_denominator) == 84);
static_assert(offsetof(ProcessContext, chord) == 88);
static_assert(offsetof(ProcessContext, smpte_offset_subframes) == 92);
static_assert(offsetof(ProcessContext, frame_rate) == 96);
static_assert(offsetof(ProcessContext, samples_to_next_clock) == 104);

}  // namespace plinth::abi

// Speaker arrangements: a 64-bit set, one bit per speaker position. The
// channel order of a bus is the order of its set bits, lowest first.
#pragma once

#include "plinth/abi/base.h"

namespace plinth::abi {

// Speaker position bits.
inline constexpr Speaker kSpeakerL = Speaker{1} << 0;    // left
inline constexpr Speaker kSpeakerR = Speaker{1} << 1;    // right
inline constexpr Speaker kSpeakerC = Speaker{1} << 2;    // centre
inline constexpr Speaker kSpeakerLfe = Speaker{1} << 3;  // low-frequency effects
inline constexpr Speaker kSpeakerLs = Speaker{1} << 4;   // left surround
inline constexpr Speaker kSpeakerRs = Speaker{1} << 5;   // right surround
inline constexpr Speaker kSpeakerLc = Speaker{1} << 6;   // left of centre
inline constexpr Speaker kSpeakerRc = Speaker{1} << 7;   // right of centre
inline constexpr Speaker kSpeakerS = Speaker{1} << 8;    // surround (centre back)
inline constexpr Speaker kSpeakerCs = kSpeakerS;
inline constexpr Speaker kSpeakerSl = Speaker{1} << 9;    // side left
inline constexpr Speaker kSpeakerSr = Speaker{1} << 10;   // side right
inline constexpr Speaker kSpeakerTc = Speaker{1} << 11;   // top centre
inline constexpr Speaker kSpeakerTfl = Speaker{1} << 12;  // top front left
inline constexpr Speaker kSpeakerTfc = Speaker{1} << 13;  // top front centre
inline constexpr Speaker kSpeakerTfr = Speaker{1} << 14;  // top front right
inline constexpr Speaker kSpeakerTrl = Speaker{1} << 15;  // top rear left
inline constexpr Speaker kSpeakerTrc = Speaker{1} << 16;  // top rear centre
inline constexpr Speaker kSpeakerTrr = Speaker{1} << 17;  // top rear right
inline constexpr Speaker kSpeakerLfe2 = Speaker{1} << 18;
inline constexpr Speaker kSpeakerM = Speaker{1} << 19;     // mono
inline constexpr Speaker kSpeakerACN0 = Speaker{1} << 20;  // ambisonics, ACN order 0..3
inline constexpr Speaker kSpeakerACN1 = Speaker{1} << 21;
inline constexpr Speaker kSpeakerACN2 = Speaker{1} << 22;
inline constexpr Speaker kSpeakerACN3 = Speaker{1} << 23;
inline constexpr Speaker kSpeakerTsl = Speaker{1} << 24;  // top side left
inline constexpr Speaker kSpeakerTsr = Speaker{1} << 25;  // top side right
inline constexpr Speaker kSpeakerLcs = Speaker{1} << 26;  // left of centre surround
inline constexpr Speaker kSpeakerRcs = Speaker{1} << 27;  // right of centre surround
inline constexpr Speaker kSpeakerBfl = Speaker{1} << 28;  // bottom front left
inline constexpr Speaker kSpeakerBfc = Speaker{1} << 29;  // bottom front centre
inline constexpr Speaker kSpeakerBfr = Speaker{1} << 30;  // bottom front right
inline constexpr Speaker kSpeakerPl = Speaker{1} << 31;   // proximity left
inline constexpr Speaker kSpeakerPr = Speaker{1} << 32;   // proximity right
inline constexpr Speaker kSpeakerBsl = Speaker{1} << 33;  // bottom side left
inline constexpr Speaker kSpeakerBsr = Speaker{1} << 34;  // bottom side right
inline constexpr Speaker kSpeakerBrl = Speaker{1} << 35;  // bottom rear left
inline constexpr Speaker kSpeakerBrc = Speaker{1} << 36;  // bottom rear centre
inline constexpr Speaker kSpeakerBrr = Speaker{1} << 37;  // bottom rear right
// Bits 38..58 are ambisonic channels ACN4..ACN24.
inline constexpr Speaker kSpeakerLw = Speaker{1} << 59;  // left wide
inline constexpr Speaker kSpeakerRw = Speaker{1} << 60;  // right wide

// Common arrangements (the spec's SpeakerArr names).
namespace speaker_arr {
inline constexpr SpeakerArrangement kEmpty = 0;
inline constexpr SpeakerArrangement kMono = kSpeakerM;
inline constexpr SpeakerArrangement kStereo = kSpeakerL | kSpeakerR;
inline constexpr SpeakerArrangement kStereoWide = kSpeakerLw | kSpeakerRw;
inline constexpr SpeakerArrangement kStereoSurround = kSpeakerLs | kSpeakerRs;
inline constexpr SpeakerArrangement kStereoCenter = kSpeakerLc | kSpeakerRc;
inline constexpr SpeakerArrangement kStereoSide = kSpeakerSl | kSpeakerSr;
inline constexpr SpeakerArrangement kStereoCLfe = kSpeakerC | kSpeakerLfe;
inline constexpr SpeakerArrangement k30Cine = kSpeakerL | kSpeakerR | kSpeakerC;
inline constexpr SpeakerArrangement k31Cine = k30Cine | kSpeakerLfe;
inline constexpr SpeakerArrangement k30Music = kSpeakerL | kSpeakerR | kSpeakerCs;
inline constexpr SpeakerArrangement k31Music = k30Music | kSpeakerLfe;
inline constexpr SpeakerArrangement k40Cine = kSpeakerL | kSpeakerR | kSpeakerC | kSpeakerCs;
inline constexpr SpeakerArrangement k41Cine = k40Cine | kSpeakerLfe;
inline constexpr SpeakerArrangement k40Music = kSpeakerL | kSpeakerR | kSpeakerLs | kSpeakerRs;
inline constexpr SpeakerArrangement k41Music = k40Music | kSpeakerLfe;
inline constexpr SpeakerArrangement k50 = kSpeakerL | kSpeakerR | kSpeakerC | kSpeakerLs | kSpeakerRs;
inline constexpr SpeakerArrangement k51 = k50 | kSpeakerLfe;
inline constexpr SpeakerArrangement k60Cine = k50 | kSpeakerCs;
inline constexpr SpeakerArrangement k61Cine = k60Cine | kSpeakerLfe;
inline constexpr SpeakerArrangement k60Music =
    kSpeakerL | kSpeakerR | kSpeakerLs | kSpeakerRs | kSpeakerSl | kSpeakerSr;
inline constexpr SpeakerArrangement k61Music = k60Music | kSpeakerLfe;
inline constexpr SpeakerArrangement k70Cine = k50 | kSpeakerLc | kSpeakerRc;
inline constexpr SpeakerArrangement k71Cine = k70Cine | kSpeakerLfe;
inline constexpr SpeakerArrangement k70Music = k50 | kSpeakerSl | kSpeakerSr;
inline constexpr SpeakerArrangement k71Music = k70Music | kSpeakerLfe;
inline constexpr SpeakerArrangement k71_4 = k71Music | kSpeakerTfl | kSpeakerTfr | kSpeakerTrl | kSpeakerTrr;
inline constexpr SpeakerArrangement kAmbi1stOrderACN = kSpeakerACN0 | kSpeakerACN1 | kSpeakerACN2 | kSpeakerACN3;
}  // namespace speaker_arr

// Number of channels in an arrangement: the number of set bits.
constexpr std::int32_t channel_count(SpeakerArrangement arrangement) {
  std::int32_t count = 0;
  while (arrangement != 0) {
    count += static_cast<std::int32_t>(arrangement & 1u);
    arrangement >>= 1;
  }
  return count;
}

static_assert(channel_count(speaker_arr::kMono) == 1);
static_assert(channel_count(speaker_arr::kStereo) == 2);
static_assert(channel_count(speaker_arr::k51) == 6);
static_assert(channel_count(speaker_arr::k71_4) == 12);

}  // namespace plinth::abi

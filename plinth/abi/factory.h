// The plug-in factory: the object GetPluginFactory returns. It describes the
// module (PFactoryInfo) and its classes (PClassInfo, PClassInfo2, PClassInfoW)
// and creates instances of them.
#pragma once

#include "plinth/abi/base.h"

namespace plinth::abi {

// Category strings for PClassInfo::category.
inline constexpr const char* kVstAudioEffectClass = "Audio Module Class";
inline constexpr const char* kVstComponentControllerClass = "Component Controller Class";

// The SDK version this declaration set follows; goes in PClassInfo2::sdk_version.
inline constexpr const char* kVstVersionString = "VST 3.7.14";

// PClassInfo2::class_flags bits (the spec's ComponentFlags).
inline constexpr std::uint32_t kDistributable = 1u << 0;        // processor may run on another machine
inline constexpr std::uint32_t kSimpleModeSupported = 1u << 1;  // IoMode kSimple supported

// Sub-category strings for PClassInfo2::sub_categories ('|'-separated).
namespace plug_type {
inline constexpr const char* kFx = "Fx";
inline constexpr const char* kFxAnalyzer = "Fx|Analyzer";
inline constexpr const char* kFxBass = "Fx|Bass";
inline constexpr const char* kFxChannelStrip = "Fx|Channel Strip";
inline constexpr const char* kFxDelay = "Fx|Delay";
inline constexpr const char* kFxDistortion = "Fx|Distortion";
inline constexpr const char* kFxDrums = "Fx|Drums";
inline constexpr const char* kFxDynamics = "Fx|Dynamics";
inline constexpr const char* kFxEQ = "Fx|EQ";
inline constexpr const char* kFxFilter = "Fx|Filter";
inline constexpr const char* kFxGenerator = "Fx|Generator";
inline constexpr const char* kFxGuitar = "Fx|Guitar";
inline constexpr const char* kFxInstrument = "Fx|Instrument";
inline constexpr const char* kFxMastering = "Fx|Mastering";
inline constexpr const char* kFxModulation = "Fx|Modulation";
inline constexpr const char* kFxPitchShift = "Fx|Pitch Shift";
inline constexpr const char* kFxRestoration = "Fx|Restoration";
inline constexpr const char* kFxReverb = "Fx|Reverb";
inline constexpr const char* kFxSpatial = "Fx|Spatial";
inline constexpr const char* kFxSurround = "Fx|Surround";
inline constexpr const char* kFxTools = "Fx|Tools";
inline constexpr const char* kFxVocals = "Fx|Vocals";
inline constexpr const char* kInstrument = "Instrument";
inline constexpr const char* kInstrumentDrum = "Instrument|Drum";
inline constexpr const char* kInstrumentPiano = "Instrument|Piano";
inline constexpr const char* kInstrumentSampler = "Instrument|Sampler";
inline constexpr const char* kInstrumentSynth = "Instrument|Synth";
inline constexpr const char* kInstrumentSynthSampler = "Instrument|Synth|Sampler";
inline constexpr const char* kAnalyzer = "Analyzer";
inline constexpr const char* kMono = "Mono";
inline constexpr const char* kStereo = "Stereo";
inline constexpr const char* kSurround = "Surround";
inline constexpr const char* kOnlyRealTime = "OnlyRT";
inline constexpr const char* kNoOfflineProcess = "NoOfflineProcess";
inline constexpr const char* kOnlyOfflineProcess = "OnlyOfflineProcess";
}  // namespace plug_type

// Module-level information. 64 + 256 + 128 chars, then a 4-byte int: 452 bytes.
struct PFactoryInfo {
  static constexpr std::int32_t kNoFlags = 0;
  static constexpr std::int32_t kClassesDiscardable = 1 << 0;
  static constexpr std::int32_t kLicenseCheck = 1 << 1;
  static constexpr std::int32_t kComponentNonDiscardable = 1 << 3;
  static constexpr std::int32_t kUnicode = 1 << 4;  // strings may be queried as UTF-16 (PClassInfoW)

  static constexpr std::size_t kURLSize = 256;
  static constexpr std::size_t kEmailSize = 128;
  static constexpr std::size_t kNameSize = 64;

  char vendor[kNameSize];
  char url[kURLSize];
  char email[kEmailSize];
  std::int32_t flags;
};
static_assert(sizeof(PFactoryInfo) == 452);
static_assert(offsetof(PFactoryInfo, flags) == 448);

inline constexpr std::int32_t kDefaultFactoryFlags = PFactoryInfo::kUnicode;

// Basic class description: 16 + 4 + 32 + 64 = 116 bytes, all 4-byte aligned at
// most, so no padding anywhere.
struct PClassInfo {
  static constexpr std::int32_t kManyInstances = 0x7FFFFFFF;
  static constexpr std::size_t kCategorySize = 32;
  static constexpr std::size_t kNameSize = 64;

  char cid[16];
  std::int32_t cardinality;
  char category[kCategorySize];
  char name[kNameSize];
};
static_assert(sizeof(PClassInfo) == 116);
static_assert(offsetof(PClassInfo, cardinality) == 16);
static_assert(offsetof(PClassInfo, category) == 20);
static_assert(offsetof(PClassInfo, name) == 52);

inline constexpr std::int32_t kManyInstances = PClassInfo::kManyInstances;

// Extended class description: PClassInfo's fields, then flags, sub-categories,
// vendor, version and SDK version: 116 + 4 + 128 + 3 * 64 = 440 bytes.
struct PClassInfo2 {
  static constexpr std::size_t kVendorSize = 64;
  static constexpr std::size_t kVersionSize = 64;
  static constexpr std::size_t kSubCategoriesSize = 128;

  char cid[16];
  std::int32_t cardinality;
  char category[PClassInfo::kCategorySize];
  char name[PClassInfo::kNameSize];
  std::uint32_t class_flags;
  char sub_categories[kSubCategoriesSize];
  char vendor[kVendorSize];
  char version[kVersionSize];
  char sdk_version[kVersionSize];
};
static_assert(sizeof(PClassInfo2) == 440);
static_assert(offsetof(PClassInfo2, class_flags) == 116);
static_assert(offsetof(PClassInfo2, sub_categories) == 120);
static_assert(offsetof(PClassInfo2, vendor) == 248);
static_assert(offsetof(PClassInfo2, version) == 312);
static_assert(offsetof(PClassInfo2, sdk_version) == 376);

// PClassInfo2 with UTF-16 name, vendor and versions (category and
// sub-categories stay 8-bit). cid 16 + cardinality 4 + category 32 = 52;
// name 64 * 2 = 128 -> 180; class_flags 4 -> 184; sub_categories 128 -> 312;
// vendor, version, sdk_version 3 * 128 -> 696. Everything lands on 2- or
// 4-byte boundaries as needed, so there is no padding: 696 bytes.
struct PClassInfoW {
  static constexpr std::size_t kVendorSize = 64;
  static constexpr std::size_t kVersionSize = 64;
  static constexpr std::size_t kSubCategoriesSize = 128;

  char cid[16];
  std::int32_t cardinality;
  char category[PClassInfo::kCategorySize];
  char16 name[PClassInfo::kNameSize];
  std::uint32_t class_flags;
  char sub_categories[kSubCategoriesSize];
  char16 vendor[kVendorSize];
  char16 version[kVersionSize];
  char16 sdk_version[kVersionSize];
};
static_assert(sizeof(PClassInfoW) == 696);
static_assert(offsetof(PClassInfoW, name) == 52);
static_assert(offsetof(PClassInfoW, class_flags) == 180);
static_assert(offsetof(PClassInfoW, sub_categories) == 184);
static_assert(offsetof(PClassInfoW, vendor) == 312);
static_assert(offsetof(PClassInfoW, version) == 440);
static_assert(offsetof(PClassInfoW, sdk_version) == 568);

// Slots 3..6.
struct IPluginFactory : FUnknown {
  virtual tresult get_factory_info(PFactoryInfo* info) = 0;
  virtual std::int32_t count_classes() = 0;
  virtual tresult get_class_info(std::int32_t index, PClassInfo* info) = 0;
  virtual tresult create_instance(FIDString cid, FIDString iid16, void** obj) = 0;

  static constexpr Iid iid = make_iid(0x7A4D811C, 0x52114A1F, 0xAED9D2EE, 0x0B43BF9F);

protected:
  ~IPluginFactory() = default;
};

// Slot 7.
struct IPluginFactory2 : IPluginFactory {
  virtual tresult get_class_info2(std::int32_t index, PClassInfo2* info) = 0;

  static constexpr Iid iid = make_iid(0x0007B650, 0xF24B4C0B, 0xA464EDB9, 0xF00B2ABB);

protected:
  ~IPluginFactory2() = default;
};

// Slots 8..9.
struct IPluginFactory3 : IPluginFactory2 {
  virtual tresult get_class_info_unicode(std::int32_t index, PClassInfoW* info) = 0;
  virtual tresult set_host_context(FUnknown* context) = 0;

  static constexpr Iid iid = make_iid(0x4555A2AB, 0xC1234E57, 0x9B122910, 0x36878931);

protected:
  ~IPluginFactory3() = default;
};

// Signature of the module's exported entry points.
using GetFactoryProc = IPluginFactory* (*)();
using ModuleEntryProc = bool (*)(void* shared_library_handle);
using ModuleExitProc = bool (*)();

}  // namespace plinth::abi

// Checks Plinth's VST 3 declarations against the binary facts of the spec:
// interface ids, struct sizes and offsets, result codes and vtable slot order.
#include "plinth/abi/vst3.h"

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

namespace {

using namespace plinth::abi;

// ---------------------------------------------------------------------------
// Interface ids

// Parses "XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX" into 16 bytes, in text order.
std::optional<std::array<std::uint8_t, 16>> parse_guid(std::string_view text) {
  std::array<std::uint8_t, 16> out{};
  std::size_t nibble = 0;
  for (char ch : text) {
    if (ch == '-') {
      continue;
    }
    int v = -1;
    if (ch >= '0' && ch <= '9') v = ch - '0';
    if (ch >= 'A' && ch <= 'F') v = ch - 'A' + 10;
    if (ch >= 'a' && ch <= 'f') v = ch - 'a' + 10;
    if (v < 0 || nibble >= 32) {
      return std::nullopt;
    }
    out[nibble / 2] = static_cast<std::uint8_t>(out[nibble / 2] | (nibble % 2 == 0 ? v << 4 : v));
    ++nibble;
  }
  if (nibble != 32) {
    return std::nullopt;
  }
  return out;
}

struct IidCase {
  const char* name;
  const char* text;  // the id as the spec writes it in text form
  Iid iid;
};

const IidCase kIidCases[] = {
    {"FUnknown", "00000000-0000-0000-C000-000000000046", FUnknown::iid},
    {"IBStream", "C3BF6EA2-3099-4752-9B6B-F9901EE33E9B", IBStream::iid},
    {"ISizeableStream", "04F9549E-E02F-4E6E-87E8-6A8747F4E17F", ISizeableStream::iid},
    {"IPluginBase", "22888DDB-156E-45AE-8358-B34808190625", IPluginBase::iid},
    {"IPluginFactory", "7A4D811C-5211-4A1F-AED9-D2EE0B43BF9F", IPluginFactory::iid},
    {"IPluginFactory2", "0007B650-F24B-4C0B-A464-EDB9F00B2ABB", IPluginFactory2::iid},
    {"IPluginFactory3", "4555A2AB-C123-4E57-9B12-291036878931", IPluginFactory3::iid},
    {"IComponent", "E831FF31-F2D5-4301-928E-BBEE25697802", IComponent::iid},
    {"IAudioProcessor", "42043F99-B7DA-453C-A569-E79D9AAEC33D", IAudioProcessor::iid},
    {"IProcessContextRequirements", "2A654303-EF76-4E3D-95B5-FE83730EF6D0", IProcessContextRequirements::iid},
    {"IEditController", "DCD7BBE3-7742-448D-A874-AACC979C759E", IEditController::iid},
    {"IEditController2", "7F4EFE59-F320-4967-AC27-A3AEAFB63038", IEditController2::iid},
    {"IComponentHandler", "93A0BEA3-0BD0-45DB-8E89-0B0CC1E46AC6", IComponentHandler::iid},
    {"IComponentHandler2", "F040B4B3-A360-45EC-ABCD-C045B4D5A2CC", IComponentHandler2::iid},
    {"IMidiMapping", "DF0FF9F7-49B7-4669-B63A-B7327ADBF5E5", IMidiMapping::iid},
    {"IUnitInfo", "3D4BD6B5-913A-4FD2-A886-E768A5EB92C1", IUnitInfo::iid},
    {"IUnitHandler", "4B5147F8-4654-486B-8DAB-30BA163A3C56", IUnitHandler::iid},
    {"IParamValueQueue", "01263A18-ED07-4F6F-98C9-D3564686F9BA", IParamValueQueue::iid},
    {"IParameterChanges", "A4779663-0BB6-4A56-B443-84A8466FEB9D", IParameterChanges::iid},
    {"IEventList", "3A2C4214-3463-49FE-B2C4-F397B9695A44", IEventList::iid},
    {"IConnectionPoint", "70A4156F-6E6E-4026-9891-48BFAA60D8D1", IConnectionPoint::iid},
    {"IMessage", "936F033B-C6C0-47DB-BB08-82F813C1E613", IMessage::iid},
    {"IAttributeList", "1E5F0AEB-CC7F-4533-A254-401138AD5EE4", IAttributeList::iid},
    {"IHostApplication", "58E595CC-DB2D-4969-8B6A-AF8C36A664E5", IHostApplication::iid},
    {"IPlugInterfaceSupport", "4FB58B9E-9EAA-4E0F-AB36-1C1CCCB56FEA", IPlugInterfaceSupport::iid},
    {"INoteExpressionController", "B7F8F859-4123-4872-9116-95814F3721A3", INoteExpressionController::iid},
    {"INoteExpressionPhysicalUIMapping", "B03078FF-94D2-4AC8-90CC-D303D4133324",
     INoteExpressionPhysicalUiMapping::iid},
    {"IPlugView", "5BC32507-D060-49EA-A615-1B522B755B29", IPlugView::iid},
    {"IPlugFrame", "367FAF01-AFA9-4693-8D4D-A2A0ED0882A3", IPlugFrame::iid},
    {"IPlugViewContentScaleSupport", "65ED9690-8AC4-4525-8AAD-EF7A72EA703F", IPlugViewContentScaleSupport::iid},
    {"Linux::IEventHandler", "561E65C9-13A0-496F-813A-2C35654D7983", linux_ui::IEventHandler::iid},
    {"Linux::ITimerHandler", "10BDD94F-4142-4774-821F-AD8FECA72CA9", linux_ui::ITimerHandler::iid},
    {"Linux::IRunLoop", "18C35366-9776-4F1A-9C5B-83857A871389", linux_ui::IRunLoop::iid},
};

TEST(AbiIid, MatchesSpecText) {
  for (const auto& c : kIidCases) {
    SCOPED_TRACE(c.name);
    const auto parsed = parse_guid(c.text);
    ASSERT_TRUE(parsed.has_value());
    // The text is in text order; in memory the id is in this platform's layout (COM's
    // GUID order on Windows, text order elsewhere).
    EXPECT_EQ(*parsed, iid_text_bytes(c.iid, kIdLayout));
    const Iid in_memory = iid_from_text_bytes(*parsed, kIdLayout);
    EXPECT_TRUE(iid_equals(reinterpret_cast<const char*>(in_memory.bytes.data()), c.iid));
  }
}

TEST(AbiIid, AllDistinct) {
  for (const auto& a : kIidCases) {
    for (const auto& b : kIidCases) {
      if (&a != &b) {
        EXPECT_FALSE(a.iid == b.iid) << a.name << " vs " << b.name;
      }
    }
  }
}

TEST(AbiIid, WordsAreStoredInThisPlatformsOrder) {
  constexpr Iid id = make_iid(0x01020304, 0x05060708, 0x090A0B0C, 0x0D0E0F10);
#if defined(_WIN32)
  // COM: the first word and the two halves of the second least significant byte first.
  constexpr std::array<int, 16> expected{4, 3, 2, 1, 6, 5, 8, 7, 9, 10, 11, 12, 13, 14, 15, 16};
#else
  // Every word most significant byte first.
  constexpr std::array<int, 16> expected{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
#endif
  for (std::size_t i = 0; i < 16; ++i) {
    EXPECT_EQ(id.bytes[i], expected[i]) << i;
  }
  // FUnknown: the 0xC0 byte is the 9th, as in the COM IUnknown text form.
  EXPECT_EQ(FUnknown::iid.bytes[8], 0xC0);
  EXPECT_EQ(FUnknown::iid.bytes[15], 0x46);
}

TEST(AbiIid, RawHelpers) {
  const char* raw = iid_raw(IComponent::iid);
  EXPECT_TRUE(iid_equals(raw, IComponent::iid));
  EXPECT_FALSE(iid_equals(raw, IAudioProcessor::iid));
  EXPECT_FALSE(iid_equals(nullptr, IComponent::iid));
  char copy[16];
  iid_copy_to(copy, IEditController::iid);
  EXPECT_TRUE(iid_equals(copy, IEditController::iid));
  EXPECT_EQ(iid_from_raw(copy), IEditController::iid);
}

// ---------------------------------------------------------------------------
// Result codes and a few constants

TEST(AbiConstants, ResultCodesAreTheNonComValues) {
#if defined(_WIN32)
  GTEST_SKIP() << "Windows uses the HRESULT values (AbiResultCodes.ThisPlatformUsesItsCodes checks them)";
#endif
  EXPECT_EQ(kNoInterface, -1);
  EXPECT_EQ(kResultOk, 0);
  EXPECT_EQ(kResultTrue, 0);
  EXPECT_EQ(kResultFalse, 1);
  EXPECT_EQ(kInvalidArgument, 2);
  EXPECT_EQ(kNotImplemented, 3);
  EXPECT_EQ(kInternalError, 4);
  EXPECT_EQ(kNotInitialized, 5);
  EXPECT_EQ(kOutOfMemory, 6);
}

TEST(AbiConstants, Values) {
  EXPECT_EQ(kAudio, 0);
  EXPECT_EQ(kEvent, 1);
  EXPECT_EQ(kInput, 0);
  EXPECT_EQ(kOutput, 1);
  EXPECT_EQ(kMain, 0);
  EXPECT_EQ(kAux, 1);
  EXPECT_EQ(kSample32, 0);
  EXPECT_EQ(kSample64, 1);
  EXPECT_EQ(kRealtime, 0);
  EXPECT_EQ(kOffline, 2);
  EXPECT_EQ(PFactoryInfo::kUnicode, 16);
  EXPECT_EQ(PClassInfo::kManyInstances, 0x7FFFFFFF);
  EXPECT_EQ(ParameterInfo::kCanAutomate, 1);
  EXPECT_EQ(ParameterInfo::kIsBypass, 1 << 16);
  EXPECT_EQ(Event::kLegacyMIDICCOutEvent, 65535);
  EXPECT_EQ(ProcessContext::kPlaying, 2u);
  EXPECT_EQ(ProcessContext::kTempoValid, 1u << 10);
  EXPECT_EQ(kNoParamId, 0xFFFFFFFFu);
  EXPECT_EQ(kRootUnitId, 0);
  EXPECT_EQ(kNoProgramListId, -1);
  EXPECT_EQ(kPitchBend, 129);
  EXPECT_EQ(kCountCtrlNumber, 130);
  EXPECT_EQ(IBStream::kIBSeekEnd, 2);
  EXPECT_STREQ(kVstAudioEffectClass, "Audio Module Class");
  EXPECT_STREQ(kVstComponentControllerClass, "Component Controller Class");
}

TEST(AbiConstants, Speakers) {
  EXPECT_EQ(speaker_arr::kMono, Speaker{1} << 19);
  EXPECT_EQ(speaker_arr::kStereo, 3u);
  EXPECT_EQ(channel_count(speaker_arr::kEmpty), 0);
  EXPECT_EQ(channel_count(speaker_arr::kMono), 1);
  EXPECT_EQ(channel_count(speaker_arr::kStereo), 2);
  EXPECT_EQ(channel_count(speaker_arr::k51), 6);
  EXPECT_EQ(channel_count(speaker_arr::k71Cine), 8);
  EXPECT_EQ(channel_count(~SpeakerArrangement{0}), 64);
}

TEST(AbiStrings, Helpers) {
  String128 s{};
  str8_to_str16(s, "Gain", 128);
  EXPECT_EQ(str16_length(s, 128), 4u);
  EXPECT_EQ(s[0], u'G');
  EXPECT_EQ(s[4], 0);
  char16 small[3];
  str8_to_str16(small, "abcdef", 3);
  EXPECT_EQ(small[1], u'b');
  EXPECT_EQ(small[2], 0);
  char out[8];
  str16_to_ascii(out, u"d\u00e9cibel", sizeof out);
  EXPECT_STREQ(out, "d?cibel");
  char tiny[5];
  str16_to_ascii(tiny, u"decibel", sizeof tiny);
  EXPECT_STREQ(tiny, "deci");
  char16 copy[8];
  str16_copy(copy, u"xyz", 8);
  EXPECT_EQ(str16_length(copy, 8), 3u);
  char c8[4];
  str8_copy(c8, "vendor", sizeof c8);
  EXPECT_STREQ(c8, "ven");
  str8_to_str16(small, nullptr, 3);
  EXPECT_EQ(small[0], 0);
}

// ---------------------------------------------------------------------------
// Struct sizes and offsets (also static_asserted in the headers)

TEST(AbiLayout, Sizes) {
  EXPECT_EQ(sizeof(PFactoryInfo), 452u);
  EXPECT_EQ(sizeof(PClassInfo), 116u);
  EXPECT_EQ(sizeof(PClassInfo2), 440u);
  EXPECT_EQ(sizeof(PClassInfoW), 696u);
  EXPECT_EQ(sizeof(BusInfo), 276u);
  EXPECT_EQ(sizeof(RoutingInfo), 12u);
  EXPECT_EQ(sizeof(ProcessSetup), 24u);
  EXPECT_EQ(sizeof(AudioBusBuffers), 24u);
  EXPECT_EQ(sizeof(ProcessData), 80u);
  EXPECT_EQ(sizeof(ProcessContext), 112u);
  EXPECT_EQ(sizeof(FrameRate), 8u);
  EXPECT_EQ(sizeof(Chord), 4u);
  EXPECT_EQ(sizeof(ParameterInfo), 792u);
  EXPECT_EQ(sizeof(UnitInfo), 268u);
  EXPECT_EQ(sizeof(ProgramListInfo), 264u);
  EXPECT_EQ(sizeof(Event), 48u);
  EXPECT_EQ(sizeof(NoteOnEvent), 20u);
  EXPECT_EQ(sizeof(NoteOffEvent), 16u);
  EXPECT_EQ(sizeof(DataEvent), 16u);
  EXPECT_EQ(sizeof(PolyPressureEvent), 12u);
  EXPECT_EQ(sizeof(NoteExpressionValueEvent), 16u);
  EXPECT_EQ(sizeof(NoteExpressionTextEvent), 24u);
  EXPECT_EQ(sizeof(ChordEvent), 16u);
  EXPECT_EQ(sizeof(ScaleEvent), 16u);
  EXPECT_EQ(sizeof(LegacyMIDICCOutEvent), 4u);
  EXPECT_EQ(sizeof(String128), 256u);
  EXPECT_EQ(sizeof(TBool), 1u);
  // ivstnoteexpression.h, ivstphysicalui.h
  EXPECT_EQ(sizeof(NoteExpressionValueDescription), 32u);
  EXPECT_EQ(sizeof(NoteExpressionTypeInfo), 816u);
  EXPECT_EQ(sizeof(PhysicalUiMap), 8u);
  EXPECT_EQ(sizeof(PhysicalUiMapList), 16u);
  // An interface pointer is just a vtable pointer: no data members.
  EXPECT_EQ(sizeof(FUnknown), sizeof(void*));
  EXPECT_EQ(sizeof(IComponent), sizeof(void*));
}

TEST(AbiLayout, Offsets) {
  EXPECT_EQ(offsetof(PClassInfo2, class_flags), 116u);
  EXPECT_EQ(offsetof(PClassInfo2, sdk_version), 376u);
  EXPECT_EQ(offsetof(PClassInfoW, class_flags), 180u);
  EXPECT_EQ(offsetof(PClassInfoW, sdk_version), 568u);
  EXPECT_EQ(offsetof(BusInfo, bus_type), 268u);
  EXPECT_EQ(offsetof(ProcessSetup, sample_rate), 16u);
  EXPECT_EQ(offsetof(AudioBusBuffers, silence_flags), 8u);
  EXPECT_EQ(offsetof(AudioBusBuffers, channel_buffers32), 16u);
  EXPECT_EQ(offsetof(ProcessData, inputs), 24u);
  EXPECT_EQ(offsetof(ProcessData, process_context), 72u);
  EXPECT_EQ(offsetof(ProcessContext, sample_rate), 8u);  // padding after state
  EXPECT_EQ(offsetof(ProcessContext, tempo), 72u);
  EXPECT_EQ(offsetof(ProcessContext, chord), 88u);
  EXPECT_EQ(offsetof(ProcessContext, frame_rate), 96u);
  EXPECT_EQ(offsetof(ProcessContext, samples_to_next_clock), 104u);
  EXPECT_EQ(offsetof(ParameterInfo, default_normalized_value), 776u);
  EXPECT_EQ(offsetof(ParameterInfo, flags), 788u);
  EXPECT_EQ(offsetof(Event, flags), 16u);
  EXPECT_EQ(offsetof(Event, type), 18u);
  EXPECT_EQ(offsetof(Event, note_on), 24u);  // union is 8-aligned
  EXPECT_EQ(offsetof(Event, data), 24u);
  EXPECT_EQ(offsetof(NoteExpressionTextEvent, text), 16u);
  EXPECT_EQ(offsetof(ScaleEvent, text), 8u);
  EXPECT_EQ(offsetof(UnitInfo, program_list_id), 264u);
  // ivstunits.h: UnitInfo {id, parentUnitId, name, programListId}, ProgramListInfo {id, name, programCount}.
  EXPECT_EQ(offsetof(UnitInfo, parent_unit_id), 4u);
  EXPECT_EQ(offsetof(UnitInfo, name), 8u);
  EXPECT_EQ(offsetof(ProgramListInfo, name), 4u);
  EXPECT_EQ(offsetof(ProgramListInfo, program_count), 260u);
  // NoteExpressionTypeInfo {typeId, title, shortTitle, units, unitId, valueDesc, associatedParameterId, flags}.
  EXPECT_EQ(offsetof(NoteExpressionTypeInfo, title), 4u);
  EXPECT_EQ(offsetof(NoteExpressionTypeInfo, unit_id), 772u);
  EXPECT_EQ(offsetof(NoteExpressionTypeInfo, value_desc), 776u);  // 8-aligned, no padding
  EXPECT_EQ(offsetof(NoteExpressionTypeInfo, associated_parameter_id), 808u);
  EXPECT_EQ(offsetof(NoteExpressionTypeInfo, flags), 812u);
  EXPECT_EQ(offsetof(NoteExpressionValueDescription, minimum), 8u);
  EXPECT_EQ(offsetof(NoteExpressionValueDescription, step_count), 24u);
  EXPECT_EQ(offsetof(PhysicalUiMap, note_expression_type_id), 4u);
  EXPECT_EQ(offsetof(PhysicalUiMapList, map), 8u);  // padding after count
}

TEST(AbiLayout, EventUnionSharesStorage) {
  Event e{};
  e.type = Event::kNoteOnEvent;
  e.note_on.pitch = 60;
  e.note_on.velocity = 0.5f;
  EXPECT_EQ(e.note_off.pitch, 60);  // channel and pitch lead both note variants
  unsigned char raw[sizeof(Event)];
  std::memcpy(raw, &e, sizeof e);
  std::int16_t pitch = 0;
  std::memcpy(&pitch, raw + 24 + 2, sizeof pitch);
  EXPECT_EQ(pitch, 60);
}

// ---------------------------------------------------------------------------
// Vtable slot order

// Under the Itanium C++ ABI (Linux x86_64) a pointer to a virtual member
// function holds 1 + the slot's byte offset in the vtable. Reading it tells
// which slot our declaration puts a method in.
template <class M>
std::ptrdiff_t slot_of(M method) {
  static_assert(sizeof(M) == 2 * sizeof(std::ptrdiff_t));
  std::ptrdiff_t repr[2];
  std::memcpy(repr, &method, sizeof repr);
  if ((repr[0] & 1) == 0) {
    return -1;  // not virtual
  }
  return (repr[0] - 1) / static_cast<std::ptrdiff_t>(sizeof(void*));
}

TEST(AbiVtable, FUnknownAndPluginBase) {
  EXPECT_EQ(slot_of(&FUnknown::query_interface), 0);
  EXPECT_EQ(slot_of(&FUnknown::add_ref), 1);
  EXPECT_EQ(slot_of(&FUnknown::release), 2);
  EXPECT_EQ(slot_of(&IPluginBase::initialize), 3);
  EXPECT_EQ(slot_of(&IPluginBase::terminate), 4);
}

TEST(AbiVtable, Factory) {
  EXPECT_EQ(slot_of(&IPluginFactory::get_factory_info), 3);
  EXPECT_EQ(slot_of(&IPluginFactory::count_classes), 4);
  EXPECT_EQ(slot_of(&IPluginFactory::get_class_info), 5);
  EXPECT_EQ(slot_of(&IPluginFactory::create_instance), 6);
  EXPECT_EQ(slot_of(&IPluginFactory2::get_class_info2), 7);
  EXPECT_EQ(slot_of(&IPluginFactory3::get_class_info_unicode), 8);
  EXPECT_EQ(slot_of(&IPluginFactory3::set_host_context), 9);
}

TEST(AbiVtable, Component) {
  EXPECT_EQ(slot_of(&IComponent::get_controller_class_id), 5);
  EXPECT_EQ(slot_of(&IComponent::set_io_mode), 6);
  EXPECT_EQ(slot_of(&IComponent::get_bus_count), 7);
  EXPECT_EQ(slot_of(&IComponent::get_bus_info), 8);
  EXPECT_EQ(slot_of(&IComponent::get_routing_info), 9);
  EXPECT_EQ(slot_of(&IComponent::activate_bus), 10);
  EXPECT_EQ(slot_of(&IComponent::set_active), 11);
  EXPECT_EQ(slot_of(&IComponent::set_state), 12);
  EXPECT_EQ(slot_of(&IComponent::get_state), 13);
}

TEST(AbiVtable, Processor) {
  EXPECT_EQ(slot_of(&IAudioProcessor::set_bus_arrangements), 3);
  EXPECT_EQ(slot_of(&IAudioProcessor::get_bus_arrangement), 4);
  EXPECT_EQ(slot_of(&IAudioProcessor::can_process_sample_size), 5);
  EXPECT_EQ(slot_of(&IAudioProcessor::get_latency_samples), 6);
  EXPECT_EQ(slot_of(&IAudioProcessor::setup_processing), 7);
  EXPECT_EQ(slot_of(&IAudioProcessor::set_processing), 8);
  EXPECT_EQ(slot_of(&IAudioProcessor::process), 9);
  EXPECT_EQ(slot_of(&IAudioProcessor::get_tail_samples), 10);
  EXPECT_EQ(slot_of(&IProcessContextRequirements::get_process_context_requirements), 3);
}

TEST(AbiVtable, View) {
  EXPECT_EQ(slot_of(&IPlugView::is_platform_type_supported), 3);
  EXPECT_EQ(slot_of(&IPlugView::attached), 4);
  EXPECT_EQ(slot_of(&IPlugView::removed), 5);
  EXPECT_EQ(slot_of(&IPlugView::on_wheel), 6);
  EXPECT_EQ(slot_of(&IPlugView::on_key_down), 7);
  EXPECT_EQ(slot_of(&IPlugView::on_key_up), 8);
  EXPECT_EQ(slot_of(&IPlugView::get_size), 9);
  EXPECT_EQ(slot_of(&IPlugView::on_size), 10);
  EXPECT_EQ(slot_of(&IPlugView::on_focus), 11);
  EXPECT_EQ(slot_of(&IPlugView::set_frame), 12);
  EXPECT_EQ(slot_of(&IPlugView::can_resize), 13);
  EXPECT_EQ(slot_of(&IPlugView::check_size_constraint), 14);
  EXPECT_EQ(slot_of(&IPlugFrame::resize_view), 3);
  EXPECT_EQ(slot_of(&IPlugViewContentScaleSupport::set_content_scale_factor), 3);
  EXPECT_EQ(slot_of(&linux_ui::IEventHandler::on_fd_is_set), 3);
  EXPECT_EQ(slot_of(&linux_ui::ITimerHandler::on_timer), 3);
  EXPECT_EQ(slot_of(&linux_ui::IRunLoop::register_event_handler), 3);
  EXPECT_EQ(slot_of(&linux_ui::IRunLoop::unregister_event_handler), 4);
  EXPECT_EQ(slot_of(&linux_ui::IRunLoop::register_timer), 5);
  EXPECT_EQ(slot_of(&linux_ui::IRunLoop::unregister_timer), 6);
}

TEST(AbiLayout, ViewRect) {
  EXPECT_EQ(sizeof(ViewRect), 16u);
  EXPECT_EQ(offsetof(ViewRect, left), 0u);
  EXPECT_EQ(offsetof(ViewRect, bottom), 12u);
  constexpr ViewRect r{10, 20, 110, 70};
  EXPECT_EQ(r.width(), 100);
  EXPECT_EQ(r.height(), 50);
}

TEST(AbiVtable, Controller) {
  EXPECT_EQ(slot_of(&IEditController::set_component_state), 5);
  EXPECT_EQ(slot_of(&IEditController::set_state), 6);
  EXPECT_EQ(slot_of(&IEditController::get_state), 7);
  EXPECT_EQ(slot_of(&IEditController::get_parameter_count), 8);
  EXPECT_EQ(slot_of(&IEditController::get_parameter_info), 9);
  EXPECT_EQ(slot_of(&IEditController::get_param_string_by_value), 10);
  EXPECT_EQ(slot_of(&IEditController::get_param_value_by_string), 11);
  EXPECT_EQ(slot_of(&IEditController::normalized_param_to_plain), 12);
  EXPECT_EQ(slot_of(&IEditController::plain_param_to_normalized), 13);
  EXPECT_EQ(slot_of(&IEditController::get_param_normalized), 14);
  EXPECT_EQ(slot_of(&IEditController::set_param_normalized), 15);
  EXPECT_EQ(slot_of(&IEditController::set_component_handler), 16);
  EXPECT_EQ(slot_of(&IEditController::create_view), 17);
  EXPECT_EQ(slot_of(&IEditController2::set_knob_mode), 3);
  EXPECT_EQ(slot_of(&IEditController2::open_help), 4);
  EXPECT_EQ(slot_of(&IEditController2::open_about_box), 5);
  EXPECT_EQ(slot_of(&IComponentHandler::begin_edit), 3);
  EXPECT_EQ(slot_of(&IComponentHandler::perform_edit), 4);
  EXPECT_EQ(slot_of(&IComponentHandler::end_edit), 5);
  EXPECT_EQ(slot_of(&IComponentHandler::restart_component), 6);
  EXPECT_EQ(slot_of(&IComponentHandler2::set_dirty), 3);
  EXPECT_EQ(slot_of(&IComponentHandler2::finish_group_edit), 6);
  EXPECT_EQ(slot_of(&IMidiMapping::get_midi_controller_assignment), 3);
  EXPECT_EQ(slot_of(&IUnitHandler::notify_unit_selection), 3);
  EXPECT_EQ(slot_of(&IUnitHandler::notify_program_list_change), 4);
}

TEST(AbiVtable, NoteExpression) {
  EXPECT_EQ(slot_of(&INoteExpressionController::get_note_expression_count), 3);
  EXPECT_EQ(slot_of(&INoteExpressionController::get_note_expression_info), 4);
  EXPECT_EQ(slot_of(&INoteExpressionController::get_note_expression_string_by_value), 5);
  EXPECT_EQ(slot_of(&INoteExpressionController::get_note_expression_value_by_string), 6);
  EXPECT_EQ(slot_of(&INoteExpressionPhysicalUiMapping::get_physical_ui_mapping), 3);
  EXPECT_EQ(kPuiTypeCount, 3u);
  EXPECT_EQ(kBrightnessTypeId, 5u);
  EXPECT_EQ(NoteExpressionTypeInfo::kAssociatedParameterIdValid, 8);
}

TEST(AbiVtable, Units) {
  EXPECT_EQ(slot_of(&IUnitInfo::get_unit_count), 3);
  EXPECT_EQ(slot_of(&IUnitInfo::get_unit_info), 4);
  EXPECT_EQ(slot_of(&IUnitInfo::get_program_list_count), 5);
  EXPECT_EQ(slot_of(&IUnitInfo::get_program_list_info), 6);
  EXPECT_EQ(slot_of(&IUnitInfo::get_program_name), 7);
  EXPECT_EQ(slot_of(&IUnitInfo::get_program_info), 8);
  EXPECT_EQ(slot_of(&IUnitInfo::has_program_pitch_names), 9);
  EXPECT_EQ(slot_of(&IUnitInfo::get_program_pitch_name), 10);
  EXPECT_EQ(slot_of(&IUnitInfo::get_selected_unit), 11);
  EXPECT_EQ(slot_of(&IUnitInfo::select_unit), 12);
  EXPECT_EQ(slot_of(&IUnitInfo::get_unit_by_bus), 13);
  EXPECT_EQ(slot_of(&IUnitInfo::set_unit_program_data), 14);
}

TEST(AbiVtable, ProcessInputs) {
  EXPECT_EQ(slot_of(&IParamValueQueue::get_parameter_id), 3);
  EXPECT_EQ(slot_of(&IParamValueQueue::get_point_count), 4);
  EXPECT_EQ(slot_of(&IParamValueQueue::get_point), 5);
  EXPECT_EQ(slot_of(&IParamValueQueue::add_point), 6);
  EXPECT_EQ(slot_of(&IParameterChanges::get_parameter_count), 3);
  EXPECT_EQ(slot_of(&IParameterChanges::get_parameter_data), 4);
  EXPECT_EQ(slot_of(&IParameterChanges::add_parameter_data), 5);
  EXPECT_EQ(slot_of(&IEventList::get_event_count), 3);
  EXPECT_EQ(slot_of(&IEventList::get_event), 4);
  EXPECT_EQ(slot_of(&IEventList::add_event), 5);
}

TEST(AbiVtable, MessagesStreamsHost) {
  EXPECT_EQ(slot_of(&IConnectionPoint::connect), 3);
  EXPECT_EQ(slot_of(&IConnectionPoint::disconnect), 4);
  EXPECT_EQ(slot_of(&IConnectionPoint::notify), 5);
  EXPECT_EQ(slot_of(&IMessage::get_message_id), 3);
  EXPECT_EQ(slot_of(&IMessage::set_message_id), 4);
  EXPECT_EQ(slot_of(&IMessage::get_attributes), 5);
  EXPECT_EQ(slot_of(&IAttributeList::set_int), 3);
  EXPECT_EQ(slot_of(&IAttributeList::get_int), 4);
  EXPECT_EQ(slot_of(&IAttributeList::set_float), 5);
  EXPECT_EQ(slot_of(&IAttributeList::get_float), 6);
  EXPECT_EQ(slot_of(&IAttributeList::set_string), 7);
  EXPECT_EQ(slot_of(&IAttributeList::get_string), 8);
  EXPECT_EQ(slot_of(&IAttributeList::set_binary), 9);
  EXPECT_EQ(slot_of(&IAttributeList::get_binary), 10);
  EXPECT_EQ(slot_of(&IBStream::read), 3);
  EXPECT_EQ(slot_of(&IBStream::write), 4);
  EXPECT_EQ(slot_of(&IBStream::seek), 5);
  EXPECT_EQ(slot_of(&IBStream::tell), 6);
  EXPECT_EQ(slot_of(&ISizeableStream::get_stream_size), 3);
  EXPECT_EQ(slot_of(&ISizeableStream::set_stream_size), 4);
  EXPECT_EQ(slot_of(&IHostApplication::get_name), 3);
  EXPECT_EQ(slot_of(&IHostApplication::create_instance), 4);
  EXPECT_EQ(slot_of(&IPlugInterfaceSupport::is_plug_interface_supported), 3);
}

// A tiny IComponent whose methods record the slot they occupy in the spec.
// Calling through the raw vtable array, as a host built against any other
// declaration of the interface would, must land on the right method.
class RecordingComponent final : public IComponent {
public:
  int last = -1;

  tresult query_interface(const char*, void**) override { return record(0); }
  std::uint32_t add_ref() override { return static_cast<std::uint32_t>(record(1)); }
  std::uint32_t release() override { return static_cast<std::uint32_t>(record(2)); }
  tresult initialize(FUnknown*) override { return record(3); }
  tresult terminate() override { return record(4); }
  tresult get_controller_class_id(char*) override { return record(5); }
  tresult set_io_mode(IoMode) override { return record(6); }
  std::int32_t get_bus_count(MediaType, BusDirection) override { return record(7); }
  tresult get_bus_info(MediaType, BusDirection, std::int32_t, BusInfo&) override { return record(8); }
  tresult get_routing_info(RoutingInfo&, RoutingInfo&) override { return record(9); }
  tresult activate_bus(MediaType, BusDirection, std::int32_t, TBool) override { return record(10); }
  tresult set_active(TBool) override { return record(11); }
  tresult set_state(IBStream*) override { return record(12); }
  tresult get_state(IBStream*) override { return record(13); }

private:
  int record(int slot) {
    last = slot;
    return slot;
  }
};

// Calls slot `slot` of `obj`'s vtable with no arguments beyond `this`. Every
// method above ignores its arguments, and on x86_64 the unused argument
// registers are harmless, so one signature serves for all slots.
std::intptr_t call_slot(void* obj, int slot) {
  using Fn = std::intptr_t (*)(void*);
  void** vtable = *static_cast<void***>(obj);
  Fn fn = nullptr;
  std::memcpy(&fn, &vtable[slot], sizeof fn);
  return fn(obj);
}

TEST(AbiVtable, RawCallsReachTheRightMethod) {
  RecordingComponent component;
  IComponent* as_interface = &component;
  void* raw = static_cast<void*>(as_interface);
  for (int slot = 0; slot <= 13; ++slot) {
    SCOPED_TRACE(slot);
    component.last = -1;
    const auto result = call_slot(raw, slot);
    EXPECT_EQ(component.last, slot);
    EXPECT_EQ(static_cast<std::int32_t>(result), slot);
  }
}

}  // namespace

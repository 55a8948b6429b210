// Interface/class id byte order and result codes on both platforms, checked on Linux:
// the Windows (COM) layout is a pure function, so it is tested here too.
#include <gtest/gtest.h>

#include "plinth/abi/vst3.h"
#include "plinth/bridge/class_id.h"

using namespace plinth::abi;

namespace {

constexpr std::array<std::uint8_t, 16> bytes_of(std::initializer_list<int> list) {
  std::array<std::uint8_t, 16> out{};
  std::size_t i = 0;
  for (int b : list) out[i++] = static_cast<std::uint8_t>(b);
  return out;
}

}  // namespace

TEST(AbiIdLayout, ComLayoutIsGuidOrder) {
  // Data1 = 0x01020304 and Data2/Data3 = 0x0506/0x0708 least significant byte first,
  // then the last 8 bytes as written.
  constexpr Iid id = make_iid_in(IdLayout::com, 0x01020304, 0x05060708, 0x090A0B0C, 0x0D0E0F10);
  EXPECT_EQ(id.bytes, bytes_of({0x04, 0x03, 0x02, 0x01, 0x06, 0x05, 0x08, 0x07, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E,
                                0x0F, 0x10}));
}

TEST(AbiIdLayout, PlainLayoutIsTextOrder) {
  constexpr Iid id = make_iid_in(IdLayout::plain, 0x01020304, 0x05060708, 0x090A0B0C, 0x0D0E0F10);
  for (std::size_t i = 0; i < 16; ++i) EXPECT_EQ(id.bytes[i], i + 1);
}

TEST(AbiIdLayout, IComponentAsAWindowsGuid) {
  // IComponent is E831FF31-F2D5-4301-928E-BBEE25697802; as a GUID in memory the first
  // three fields are byte-swapped.
  constexpr Iid id = make_iid_in(IdLayout::com, 0xE831FF31, 0xF2D54301, 0x928EBBEE, 0x25697802);
  EXPECT_EQ(id.bytes, bytes_of({0x31, 0xFF, 0x31, 0xE8, 0xD5, 0xF2, 0x01, 0x43, 0x92, 0x8E, 0xBB, 0xEE, 0x25, 0x69,
                                0x78, 0x02}));
}

TEST(AbiIdLayout, TextBytesRoundTripInBothLayouts) {
  for (IdLayout layout : {IdLayout::plain, IdLayout::com}) {
    const Iid id = make_iid_in(layout, 0xDEADBEEF, 0x01234567, 0x89ABCDEF, 0xFEDCBA98);
    const auto text = iid_text_bytes(id, layout);
    EXPECT_EQ(text, make_iid_in(IdLayout::plain, 0xDEADBEEF, 0x01234567, 0x89ABCDEF, 0xFEDCBA98).bytes);
    EXPECT_EQ(iid_from_text_bytes(text, layout), id);
  }
}

TEST(AbiIdLayout, ThisPlatformUsesItsLayout) {
#if defined(_WIN32)
  EXPECT_EQ(kIdLayout, IdLayout::com);
#else
  EXPECT_EQ(kIdLayout, IdLayout::plain);
#endif
  EXPECT_EQ(make_iid(1, 2, 3, 4), make_iid_in(kIdLayout, 1, 2, 3, 4));
}

TEST(AbiIdLayout, ClassIdFromHexFollowsThePlatformLayout) {
  const auto cid = plinth::bridge::class_id_from_hex("5E1D3C2A9B8F4E7DA6C5B4A392817061");
  const Iid expected = make_iid(0x5E1D3C2A, 0x9B8F4E7D, 0xA6C5B4A3, 0x92817061);
  for (std::size_t i = 0; i < 16; ++i) EXPECT_EQ(static_cast<std::uint8_t>(cid[i]), expected.bytes[i]) << i;
}

TEST(AbiResultCodes, WindowsUsesHresults) {
  EXPECT_EQ(static_cast<std::uint32_t>(kComResultCodes.no_interface), 0x80004002u);
  EXPECT_EQ(kComResultCodes.ok, 0);
  EXPECT_EQ(kComResultCodes.false_, 1);
  EXPECT_EQ(static_cast<std::uint32_t>(kComResultCodes.invalid_argument), 0x80070057u);
  EXPECT_EQ(static_cast<std::uint32_t>(kComResultCodes.not_implemented), 0x80004001u);
  EXPECT_EQ(static_cast<std::uint32_t>(kComResultCodes.internal_error), 0x80004005u);
  EXPECT_EQ(static_cast<std::uint32_t>(kComResultCodes.not_initialized), 0x8000FFFFu);
  EXPECT_EQ(static_cast<std::uint32_t>(kComResultCodes.out_of_memory), 0x8007000Eu);
}

TEST(AbiResultCodes, ThisPlatformUsesItsCodes) {
#if defined(_WIN32)
  EXPECT_EQ(kNoInterface, kComResultCodes.no_interface);
#else
  EXPECT_EQ(kNoInterface, -1);
  EXPECT_EQ(kResultFalse, 1);
  EXPECT_EQ(kInvalidArgument, 2);
  EXPECT_EQ(kNotImplemented, 3);
  EXPECT_EQ(kOutOfMemory, 6);
#endif
  EXPECT_EQ(kResultOk, 0);
  EXPECT_EQ(kResultTrue, kResultOk);
}

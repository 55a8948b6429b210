// Messages between processor and controller: IConnectionPoint joins the two,
// IMessage carries an id and an IAttributeList of named values.
#pragma once

#include "plinth/abi/base.h"

namespace plinth::abi {

// Named values of a message. Slots 3..10.
struct IAttributeList : FUnknown {
  using AttrId = const char*;

  virtual tresult set_int(AttrId id, std::int64_t value) = 0;
  virtual tresult get_int(AttrId id, std::int64_t& value) = 0;
  virtual tresult set_float(AttrId id, double value) = 0;
  virtual tresult get_float(AttrId id, double& value) = 0;
  virtual tresult set_string(AttrId id, const char16* string) = 0;
  // size_in_bytes is the buffer size in bytes, not in char16 units.
  virtual tresult get_string(AttrId id, char16* string, std::uint32_t size_in_bytes) = 0;
  virtual tresult set_binary(AttrId id, const void* data, std::uint32_t size_in_bytes) = 0;
  virtual tresult get_binary(AttrId id, const void*& data, std::uint32_t& size_in_bytes) = 0;

  static constexpr Iid iid = make_iid(0x1E5F0AEB, 0xCC7F4533, 0xA2544011, 0x38AD5EE4);

protected:
  ~IAttributeList() = default;
};

// Slots 3..5.
struct IMessage : FUnknown {
  virtual FIDString get_message_id() = 0;
  virtual void set_message_id(FIDString id) = 0;
  virtual IAttributeList* get_attributes() = 0;

  static constexpr Iid iid = make_iid(0x936F033B, 0xC6C047DB, 0xBB0882F8, 0x13C1E613);

protected:
  ~IMessage() = default;
};

// Slots 3..5.
struct IConnectionPoint : FUnknown {
  virtual tresult connect(IConnectionPoint* other) = 0;
  virtual tresult disconnect(IConnectionPoint* other) = 0;
  virtual tresult notify(IMessage* message) = 0;

  static constexpr Iid iid = make_iid(0x70A4156F, 0x6E6E4026, 0x989148BF, 0xAA60D8D1);

protected:
  ~IConnectionPoint() = default;
};

}  // namespace plinth::abi

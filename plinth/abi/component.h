// IPluginBase and IComponent: the processor side's lifecycle, buses and state.
#pragma once

#include "plinth/abi/base.h"
#include "plinth/abi/stream.h"

namespace plinth::abi {

// Media types (MediaType).
inline constexpr MediaType kAudio = 0;
inline constexpr MediaType kEvent = 1;
inline constexpr MediaType kNumMediaTypes = 2;

// Bus directions (BusDirection).
inline constexpr BusDirection kInput = 0;
inline constexpr BusDirection kOutput = 1;

// Bus types (BusType).
inline constexpr BusType kMain = 0;
inline constexpr BusType kAux = 1;  // e.g. a side-chain input

// I/O modes (IoMode), passed to IComponent::set_io_mode.
inline constexpr IoMode kSimple = 0;
inline constexpr IoMode kAdvanced = 1;
inline constexpr IoMode kOfflineProcessing = 2;

// Description of one bus. Three int32 (12), a 256-byte UTF-16 name (268), then
// two more 4-byte fields: 276 bytes, 4-byte aligned, no padding.
struct BusInfo {
  // flags bits
  static constexpr std::uint32_t kDefaultActive = 1u << 0;
  static constexpr std::uint32_t kIsControlVoltage = 1u << 1;

  MediaType media_type;
  BusDirection direction;
  std::int32_t channel_count;
  String128 name;
  BusType bus_type;
  std::uint32_t flags;
};
static_assert(sizeof(BusInfo) == 276);
static_assert(offsetof(BusInfo, name) == 12);
static_assert(offsetof(BusInfo, bus_type) == 268);
static_assert(offsetof(BusInfo, flags) == 272);

// Which output a given input routes to (IComponent::get_routing_info). 12 bytes.
struct RoutingInfo {
  MediaType media_type;
  std::int32_t bus_index;
  std::int32_t channel;
};
static_assert(sizeof(RoutingInfo) == 12);

// Slots 3..4.
struct IPluginBase : FUnknown {
  virtual tresult initialize(FUnknown* context) = 0;
  virtual tresult terminate() = 0;

  static constexpr Iid iid = make_iid(0x22888DDB, 0x156E45AE, 0x8358B348, 0x08190625);

protected:
  ~IPluginBase() = default;
};

// Slots 5..13.
struct IComponent : IPluginBase {
  virtual tresult get_controller_class_id(char* cid16) = 0;
  virtual tresult set_io_mode(IoMode mode) = 0;
  virtual std::int32_t get_bus_count(MediaType type, BusDirection dir) = 0;
  virtual tresult get_bus_info(MediaType type, BusDirection dir, std::int32_t index, BusInfo& bus) = 0;
  virtual tresult get_routing_info(RoutingInfo& in_info, RoutingInfo& out_info) = 0;
  virtual tresult activate_bus(MediaType type, BusDirection dir, std::int32_t index, TBool state) = 0;
  virtual tresult set_active(TBool state) = 0;
  virtual tresult set_state(IBStream* state) = 0;
  virtual tresult get_state(IBStream* state) = 0;

  static constexpr Iid iid = make_iid(0xE831FF31, 0xF2D54301, 0x928EBBEE, 0x25697802);

protected:
  ~IComponent() = default;
};

}  // namespace plinth::abi

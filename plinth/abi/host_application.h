// The host's context object, passed to IPluginBase::initialize.
#pragma once

#include "plinth/abi/base.h"

namespace plinth::abi {

// Slots 3..4. create_instance makes host objects, in particular IMessage
// (cid and iid both IMessage::iid) and IAttributeList.
struct IHostApplication : FUnknown {
  virtual tresult get_name(char16* name128) = 0;
  virtual tresult create_instance(char* cid16, char* iid16, void** obj) = 0;

  static constexpr Iid iid = make_iid(0x58E595CC, 0xDB2D4969, 0x8B6AAF8C, 0x36A664E5);

protected:
  ~IHostApplication() = default;
};

// Optional, on the host context: asks whether the host supports an interface. Slot 3.
struct IPlugInterfaceSupport : FUnknown {
  virtual tresult is_plug_interface_supported(const char* iid16) = 0;

  static constexpr Iid iid = make_iid(0x4FB58B9E, 0x9EAA4E0F, 0xAB361C1C, 0xCCB56FEA);

protected:
  ~IPlugInterfaceSupport() = default;
};

}  // namespace plinth::abi

#pragma once
// Plinth's IConnectionPoint messages between processor and controller: an id and one
// binary attribute. Messages are made by the host (IHostApplication::createInstance), as
// the VST 3 rules want, so they can cross a process boundary. Main thread only.

#include <cstdint>
#include <optional>
#include <span>

#include "plinth/abi/vst3.h"

namespace plinth::bridge {

inline constexpr const char* message_data = "plinth.data";  // bytes for the other half
inline constexpr const char* message_poll = "plinth.poll";  // controller -> processor: send what you have
// host -> processor: the processor writes its timing probes (core/probe.h's text encoding)
// into this message's attributes as binary "probes"; int "reset" = 1 zeroes them after.
inline constexpr const char* message_probes = "plinth.probes";
inline constexpr const char* probes_attribute = "probes";
inline constexpr const char* probes_reset_attribute = "reset";

// Sends `id` with `bytes` to `peer`; false when there is no peer or the host makes no messages.
bool send_message(abi::IConnectionPoint* peer, abi::FUnknown* host_context, const char* id,
                  std::span<const std::uint8_t> bytes = {});

// True when `message` has this id.
bool message_is(abi::IMessage* message, const char* id);

// The binary payload of a Plinth data message (empty span for an empty one).
std::optional<std::span<const std::uint8_t>> message_bytes(abi::IMessage* message);

}  // namespace plinth::bridge

#pragma once
// Plinth state over IBStream, for the processor's setState/getState and the
// controller's setComponentState. Main thread only.
//
// The state is self-delimiting: the reader takes its 16-byte header, learns the length
// from it and reads exactly that many bytes, never past them (a host may hand us a
// stream that goes on with other data) and never more than the format's size cap. Reads
// that return a few bytes at a time are fine.

#include <cstdint>
#include <span>

#include "plinth/abi/stream.h"
#include "plinth/core/plugin.h"
#include "plinth/core/state.h"

namespace plinth::bridge {

// Reads one state from the stream's current position and loads it into `plugin` with
// plinth::load_state. The processor and the controller both call this, so they accept
// and refuse exactly the same streams.
StateError load_state_from(abi::IBStream* stream, PluginCore& plugin);

// Writes every byte; false if the stream takes fewer.
bool write_all(abi::IBStream* stream, std::span<const std::uint8_t> bytes);

}  // namespace plinth::bridge

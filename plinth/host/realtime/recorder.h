#pragma once
// The trap's recorder, shared by the platforms (trap.cpp): counts per kind and a fixed
// slot per distinct stack, written on the audio thread without allocating. The platform
// files (trap_<platform>.cpp) catch the calls, capture the stack and symbolize it.

#include <string>

#include "plinth/host/realtime/trap.h"

namespace plinth::host::realtime::detail {

inline constexpr int kMaxFrames = 48;

// Counts the call and keeps its stack (innermost first) if no equal one is kept yet.
void store(Kind kind, const char* function, void* const* frames, int depth) noexcept;

// What the platform provides to the shared report(): the file name of the executable
// (frames past the host's call into a plugin are not shown).
std::string executable_object();

}  // namespace plinth::host::realtime::detail

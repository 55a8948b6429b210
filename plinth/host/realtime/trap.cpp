// The real-time trap's platform-neutral part (the rest: trap_<platform>.cpp).
#include "plinth/host/realtime/trap.h"

namespace plinth::host::realtime {

const char* kind_name(Kind kind) noexcept {
  switch (kind) {
    case Kind::allocation: return "allocation";
    case Kind::deallocation: return "free";
    case Kind::lock: return "lock";
    case Kind::wait: return "wait";
    case Kind::sleep: return "sleep";
    case Kind::io: return "file/socket I/O";
  }
  return "?";
}

}  // namespace plinth::host::realtime

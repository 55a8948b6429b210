// Real-time safety checks (allocation, locks and waits on the audio thread).
#include "plinth/host/checks/common.h"

namespace plinth::host::checks {

std::vector<Check> realtime_checks() { return {}; }

}  // namespace plinth::host::checks

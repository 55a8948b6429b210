// The Linux module entry points: hosts call ModuleEntry after dlopen and ModuleExit
// before dlclose. The plugin keeps no module-wide state, so both only agree.
#include "plinth/bridge/export.h"

PLINTH_EXPORT bool ModuleEntry(void* /*library_handle*/) { return true; }
PLINTH_EXPORT bool ModuleExit() { return true; }

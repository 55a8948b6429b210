// The Windows module entry points: hosts call InitDll after LoadLibrary and ExitDll
// before FreeLibrary (no arguments; declared __stdcall by Steinberg, which is the only
// convention on x86-64). The plugin keeps no module-wide state, so both only agree.
#include "plinth/bridge/export.h"

PLINTH_EXPORT bool InitDll() { return true; }
PLINTH_EXPORT bool ExitDll() { return true; }

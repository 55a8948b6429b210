#pragma once
// Marks a module entry point as exported. Everything else in a plugin stays hidden:
// on Linux by -fvisibility=hidden, on Windows because a DLL with explicit exports
// exports nothing else.
#if defined(_WIN32)
#define PLINTH_EXPORT extern "C" __declspec(dllexport)
#else
#define PLINTH_EXPORT extern "C" __attribute__((visibility("default")))
#endif

#pragma once
// PLINTH_NONBLOCKING marks a function the audio thread calls as [[clang::nonblocking]]
// where the compiler knows the attribute (clang 20 and later): RealtimeSanitizer then
// treats every call of it as real-time context and reports any allocation, lock or
// blocking call made inside. Elsewhere it is nothing. An attribute needs a macro.

#if defined(__has_cpp_attribute)
#if __has_cpp_attribute(clang::nonblocking)
#define PLINTH_NONBLOCKING [[clang::nonblocking]]
#endif
#endif
#ifndef PLINTH_NONBLOCKING
#define PLINTH_NONBLOCKING
#endif

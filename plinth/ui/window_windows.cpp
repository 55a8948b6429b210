// Editor windows on Windows: not written yet (the Linux one is X11, window_linux.cpp).
// With supports() false the bridge's view answers isPlatformTypeSupported("HWND") with
// kResultFalse and refuses attached(), so hosts fall back to their generic parameter view.
#include "plinth/ui/window.h"

namespace plinth::ui {

bool PlatformWindow::supports(const char* /*platform_type*/) { return false; }

std::unique_ptr<PlatformWindow> PlatformWindow::create(void* /*parent*/, const char* /*platform_type*/, Size /*size*/,
                                                       WindowEvents& /*events*/, std::string& error) {
  error = "editor windows are not available on Windows yet";
  return nullptr;
}

}  // namespace plinth::ui

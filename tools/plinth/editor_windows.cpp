// `plinth editor` on Windows: not available (it drives an X11 window; plugin editors on
// Windows are not written yet, plinth/ui/window_windows.cpp).
#include <iostream>

#include "commands.h"

namespace plinth::tool {

int editor(const EditorOptions& /*options*/) {
  std::cerr << "plinth editor: not available on Windows (editor windows are X11 only so far)\n";
  return 2;
}

}  // namespace plinth::tool

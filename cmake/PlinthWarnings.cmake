# Warnings are errors in the project's own code. Targets opt in by linking plinth_warnings.
add_library(plinth_warnings INTERFACE)
target_compile_options(plinth_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Werror -Wshadow -Wnon-virtual-dtor -Wno-unknown-pragmas
  # Designated initializers that leave defaulted fields out are the idiom for PluginInfo.
  -Wno-missing-field-initializers)

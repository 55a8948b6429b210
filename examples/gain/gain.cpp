// Exports the gain plugin from this module.
#include "gain.h"

static const plinth::Export<Gain> exported;

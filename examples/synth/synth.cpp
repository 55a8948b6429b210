// Exports the synth from this module.
#include "synth.h"

static const plinth::Export<synth::Synth> exported;

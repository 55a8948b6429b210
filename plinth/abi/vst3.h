// Everything Plinth declares of the VST 3 binary interface. The bridge and
// host include this; core and dsp never do.
#pragma once

#include "plinth/abi/base.h"
#include "plinth/abi/component.h"
#include "plinth/abi/controller.h"
#include "plinth/abi/events.h"
#include "plinth/abi/factory.h"
#include "plinth/abi/host_application.h"
#include "plinth/abi/messages.h"
#include "plinth/abi/note_expression.h"
#include "plinth/abi/parameter_changes.h"
#include "plinth/abi/process_context.h"
#include "plinth/abi/processor.h"
#include "plinth/abi/speaker.h"
#include "plinth/abi/stream.h"
#include "plinth/abi/view.h"

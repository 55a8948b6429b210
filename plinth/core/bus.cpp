#include "plinth/core/bus.h"

namespace plinth {

bool layouts_acceptable(const BusSpecs& specs, std::span<const ChannelLayout> inputs,
                        std::span<const ChannelLayout> outputs, bool main_buses_match) noexcept {
  if (inputs.size() != specs.inputs.size() || outputs.size() != specs.outputs.size()) return false;
  for (std::size_t i = 0; i < inputs.size(); ++i)
    if (!specs.inputs[i].accepts(inputs[i])) return false;
  for (std::size_t i = 0; i < outputs.size(); ++i)
    if (!specs.outputs[i].accepts(outputs[i])) return false;
  if (main_buses_match && !inputs.empty() && !outputs.empty() && inputs[0] != outputs[0]) return false;
  return true;
}

}  // namespace plinth

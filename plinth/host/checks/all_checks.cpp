// The families in the order `plinth validate` runs them.
#include "plinth/host/checks.h"

#include "plinth/host/checks/common.h"

namespace plinth::host {

const std::vector<Check>& all_checks() {
  static const std::vector<Check> checks = [] {
    std::vector<Check> all;
    for (auto family : {checks::factory_checks, checks::lifecycle_checks, checks::processing_checks, checks::bus_checks,
                        checks::state_checks, checks::parameter_checks, checks::realtime_checks}) {
      for (auto& c : family()) all.push_back(std::move(c));
    }
    return all;
  }();
  return checks;
}

}  // namespace plinth::host

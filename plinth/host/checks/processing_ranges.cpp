// Processing across the ranges a host may set up: sample rates and maximum block sizes.
#include <random>
#include <string>

#include "plinth/host/checks/common.h"

namespace plinth::host::checks {

// setup_processing may refuse a rate (the rules let it return kResultFalse); that is
// a note. A rate it accepts must then activate and process.
void sample_rates(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  const double rates[] = {1000.0,   8000.0,   11025.0,  22050.0,  44100.0,  48000.0,  88200.0, 96000.0,
                          176400.0, 192000.0, 352800.0, 384000.0, 705600.0, 768000.0, 44100.5, 47999.99};
  std::string refused;
  long t = 0;
  for (bool dbl : {false, true}) {
    if (dbl && !p->can_process_double()) {
      ck.note("64-bit processing not supported; 32-bit only");
      continue;
    }
    for (double rate : rates) {
      const std::string what = fmt(rate) + " Hz" + (dbl ? " 64-bit" : " 32-bit");
      step("setup_processing(" + what + ", max block 1024)");
      const abi::tresult r = p->setup(rate, 1024, dbl);
      if (r != abi::kResultOk) {
        refused += (refused.empty() ? "" : ", ") + what + " (" + result_name(r) + ")";
        continue;
      }
      step("set_active(true), set_processing(true) at " + what);
      if (!ck.expect_ok(p->activate(), "set_active(true)/set_processing(true) at " + what)) {
        p->deactivate();
        continue;
      }
      run_blocks(ck, *p, 4, 1024, t, what);
      step("set_processing(false), set_active(false) at " + what);
      ck.expect_ok(p->deactivate(), "deactivate at " + what);
    }
  }
  if (!refused.empty()) ck.note("setup_processing refused " + refused);
}

// Each maximum block size, then blocks of random actual size 0..max (0 included:
// a block with buffers and no samples is legal).
void max_block_sizes(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  const int maxima[] = {1, 2, 3, 16, 64, 511, 1024, 4096, 16384};
  std::mt19937 rng(4321);
  long t = 0;
  int k = 0;
  for (int max : maxima) {
    // Alternate 32- and 64-bit where 64-bit is supported.
    const bool dbl = (k++ % 2 == 1) && p->can_process_double();
    const std::string what = "max block " + std::to_string(max) + (dbl ? ", 64-bit" : ", 32-bit");
    if (!ck.start(*p, 48000.0, max, dbl)) {
      p->deactivate();
      continue;
    }
    std::uniform_int_distribution<int> size(0, max);
    for (int i = 0; i < 24; ++i) {
      if (!run_blocks(ck, *p, 1, size(rng), t, what)) break;
    }
    run_blocks(ck, *p, 1, max, t, what + ", a full block");
    ck.expect_ok(p->deactivate(), "deactivate after " + what);
  }
}

}  // namespace plinth::host::checks

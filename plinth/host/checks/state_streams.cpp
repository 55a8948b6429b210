// State through unusual streams: short reads, and malformed content.
#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "plinth/host/checks/common.h"

namespace plinth::host::checks {

namespace {

// A read-only stream that hands out at most `chunk` bytes per read call. The rules
// allow short reads (IBStream::read reports how many bytes it read), as files,
// pipes and network streams do.
class SlowStream final : public RefCounted<abi::IBStream> {
public:
  SlowStream(std::vector<std::uint8_t> bytes, int chunk) : data_(std::move(bytes)), chunk_(chunk) {}

  abi::tresult read(void* buffer, std::int32_t num_bytes, std::int32_t* num_bytes_read) override {
    if (num_bytes_read != nullptr) *num_bytes_read = 0;
    if (num_bytes < 0 || (buffer == nullptr && num_bytes > 0)) return abi::kInvalidArgument;
    const auto left = static_cast<std::int64_t>(data_.size()) - pos_;
    const auto n =
        static_cast<std::int32_t>(std::clamp<std::int64_t>(std::min<std::int64_t>(num_bytes, chunk_), 0, left));
    if (n > 0) std::memcpy(buffer, data_.data() + pos_, static_cast<std::size_t>(n));
    pos_ += n;
    if (num_bytes_read != nullptr) *num_bytes_read = n;
    return abi::kResultOk;
  }
  abi::tresult write(void*, std::int32_t, std::int32_t* written) override {
    if (written != nullptr) *written = 0;
    return abi::kResultFalse;
  }
  abi::tresult seek(std::int64_t pos, std::int32_t mode, std::int64_t* result) override {
    const std::int64_t base = mode == 0 ? 0 : mode == 1 ? pos_ : static_cast<std::int64_t>(data_.size());
    if (mode < 0 || mode > 2 || base + pos < 0) return abi::kInvalidArgument;
    pos_ = base + pos;
    if (result != nullptr) *result = pos_;
    return abi::kResultOk;
  }
  abi::tresult tell(std::int64_t* pos) override {
    if (pos == nullptr) return abi::kInvalidArgument;
    *pos = pos_;
    return abi::kResultOk;
  }

private:
  std::vector<std::uint8_t> data_;
  std::int64_t pos_ = 0;
  int chunk_;
};

abi::tresult set_state_via(abi::IComponent* c, ComPtr<abi::IBStream> s) { return c->set_state(s.get()); }

}  // namespace

// The same state through a normal stream and through slow ones: the same result,
// the same state re-saved, the same controller values.
void state_slow_stream(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto a = ck.make();
  auto reference = ck.make();
  if (!a || !reference) return;
  const auto all = a->parameters();
  if (!ck.start(*a, 48000.0, 256, false)) return;
  const auto changes = odd_values(writable(all), 0.41);
  for (const auto& c : changes) a->set_normalized(c.id, c.normalized);
  long t = 0;
  fill_sine(*a, 256, t);
  ck.expect_ok(a->process(256, changes), "process with new parameter values");
  const auto saved = a->save_state_checked();
  const auto controller_saved = a->save_controller_state();
  if (!ck.expect(saved.has_value(), "get_state failed")) return;
  if (!ck.expect_ok(reference->load_state_result(*saved), "set_state through a normal stream")) return;
  if (controller_saved) reference->load_controller_state(*controller_saved);
  const auto want_state = reference->save_state_checked();
  const auto want_values = controller_values(*reference, all);
  for (int chunk : {1, 3, 7, 13}) {
    const std::string how = "a stream giving at most " + std::to_string(chunk) + " byte" + (chunk == 1 ? "" : "s") +
                            " per read (" + std::to_string(saved->size()) + " bytes in all)";
    auto b = ck.make();
    if (!b) return;
    step("component set_state through " + how);
    const abi::tresult r = set_state_via(b->component(), ComPtr<abi::IBStream>(new SlowStream(*saved, chunk)));
    if (!ck.expect(r == abi::kResultOk, "component set_state returned " + result_name(r) + " reading through " + how +
                                            "; through a normal stream it returns kResultOk"))
      continue;
    const auto got_state = b->save_state_checked();
    ck.expect(got_state == want_state,
              "component state loaded through " + how + " differs from the same state loaded normally");
    if (b->controller() == nullptr) continue;
    step("controller set_component_state through " + how);
    const abi::tresult rc =
        b->controller()->set_component_state(ComPtr<abi::IBStream>(new SlowStream(*saved, chunk)).get());
    if (!ck.expect(rc == abi::kResultOk, "controller set_component_state returned " + result_name(rc) +
                                             " reading through " + how +
                                             "; through a normal stream it returns kResultOk"))
      continue;
    if (controller_saved) {
      step("controller set_state through " + how);
      const abi::tresult rs =
          b->controller()->set_state(ComPtr<abi::IBStream>(new SlowStream(*controller_saved, chunk)).get());
      ck.expect_ok(rs, "controller set_state (its own state, " + std::to_string(controller_saved->size()) +
                           " bytes) through " + how);
    }
    const auto got_values = controller_values(*b, all);
    for (std::size_t i = 0; i < all.size(); ++i) {
      ck.expect(got_values[i] == want_values[i],
                "after set_component_state (which returned kResultOk) reading through " + how +
                    ", the controller has " + param_name(all[i]) + " at " + fmt(got_values[i]) +
                    "; through a normal stream at " + fmt(want_values[i]));
    }
  }
}

// Bad state is refused with nothing changed, by the component and by the controller's
// set_component_state; and both take the same view of each blob. The agreement is a
// Plinth expectation: the rules do not ask the controller to validate the component's
// state the way the processor does, but a host loading a project hands the same bytes
// to both, so a disagreement leaves the controller showing values the processor does
// not have. Mutated states may be valid (a changed bit inside a value): accepting one
// is fine, but then both sides must.
void state_malformed(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  const auto all = p->parameters();
  const auto params = writable(all);
  if (!ck.start(*p, 44100.0, 256, false)) return;
  auto changes = odd_values(params, 0.29);
  for (const auto& c : changes) p->set_normalized(c.id, c.normalized);
  long t = 0;
  fill_sine(*p, 256, t);
  ck.expect_ok(p->process(256, changes), "process with new parameter values");
  const auto good_opt = p->save_state_checked();
  if (!ck.expect(good_opt.has_value(), "get_state failed")) return;
  const auto good = *good_opt;
  if (p->controller() != nullptr) controller_sees(*p, good);
  const auto controller_before = controller_values(*p, all);

  std::mt19937 rng(99);
  auto random_bytes = [&rng](std::size_t n) {
    std::vector<std::uint8_t> v(n);
    for (auto& x : v) x = static_cast<std::uint8_t>(rng());
    return v;
  };
  struct Blob {
    std::string what;
    std::vector<std::uint8_t> bytes;
    bool must_refuse;  // no valid state can look like this
  };
  std::vector<Blob> bad;
  bad.push_back({"an empty stream", {}, true});
  // Truncations: every length for a small state, about 64 spread over a large one.
  const std::size_t step_len = std::max<std::size_t>(1, good.size() / 64);
  // A truncated state may be accepted: it can be a shorter, older version of the format.
  for (std::size_t n = 1; n < good.size(); n += step_len) {
    bad.push_back({"the state truncated to " + std::to_string(n) + " of " + std::to_string(good.size()) + " bytes",
                   std::vector<std::uint8_t>(good.begin(), good.begin() + static_cast<long>(n)), false});
  }
  if (good.size() > 1) bad.push_back({"the state less its last byte", {good.begin(), good.end() - 1}, false});
  // Mutations, which may still be valid states.
  for (int i = 0; i < 24 && !good.empty(); ++i) {
    auto v = good;
    const std::size_t at = rng() % v.size();
    const bool flip = i % 2 == 0;
    const int bit = static_cast<int>(rng() % 8);
    if (flip) {
      v[at] ^= static_cast<std::uint8_t>(1u << bit);
    } else {
      v[at] = static_cast<std::uint8_t>(rng());
    }
    if (v == good) continue;
    bad.push_back({flip ? "the state with bit " + std::to_string(bit) + " of byte " + std::to_string(at) + " flipped"
                        : "the state with byte " + std::to_string(at) + " changed to " + std::to_string(v[at]),
                   std::move(v), false});
  }
  if (good.size() >= 4) {
    auto v = good;
    for (int i = 0; i < 4; ++i) v[static_cast<std::size_t>(i)] ^= 0xFF;
    bad.push_back({"the state with its first 4 bytes inverted", std::move(v), false});
  }
  bad.push_back({"16 random bytes", random_bytes(16), false});
  bad.push_back({"4096 random bytes", random_bytes(4096), false});
  bad.push_back({"4 MiB of random bytes", random_bytes(4u << 20), false});
  bad.push_back({"1 KiB of 0xFF", std::vector<std::uint8_t>(1024, 0xFF), false});
  bad.push_back({"the state followed by 1 KiB of 0xFF", good, false});
  bad.back().bytes.insert(bad.back().bytes.end(), 1024, 0xFF);

  int disagreements = 0;
  for (const auto& [what, bytes, must_refuse] : bad) {
    if (bytes == good) continue;
    step("component set_state with " + what);
    auto stream = make_object<MemoryStream>(bytes);
    const abi::tresult r = p->component()->set_state(stream.get());
    const bool accepted = r == abi::kResultOk;
    if (!accepted) {
      const auto after = p->save_state_checked();
      ck.expect(after.has_value() && *after == good,
                "component set_state refused " + what + " (" + result_name(r) + ") but its state changed");
    } else {
      ck.expect(!must_refuse, "component set_state accepted " + what);
    }
    if (p->controller() != nullptr) {
      step("controller set_component_state with " + what);
      auto cstream = make_object<MemoryStream>(bytes);
      const abi::tresult rc = p->controller()->set_component_state(cstream.get());
      const bool c_accepted = rc == abi::kResultOk;
      if (!c_accepted) {
        ck.expect(controller_values(*p, all) == controller_before, "controller set_component_state refused " + what +
                                                                       " (" + result_name(rc) +
                                                                       ") but its parameter values changed");
      } else {
        ck.expect(!must_refuse, "controller set_component_state accepted " + what);
      }
      if (accepted != c_accepted && disagreements++ < 4) {
        ck.expect(false, std::string("processor and controller disagree on ") + what + ": component set_state " +
                             result_name(r) + ", controller set_component_state " + result_name(rc));
      }
      step("controller set_state (its own state) with " + what);
      auto sstream = make_object<MemoryStream>(bytes);
      p->controller()->set_state(sstream.get());  // the controller's own state: must not crash
    }
    // Back to the good state for the next blob.
    if (accepted) p->component()->set_state(make_object<MemoryStream>(good).get());
    if (p->controller() != nullptr) controller_sees(*p, good);
    if (!run_blocks(ck, *p, 1, 256, t, "after set_state with " + what)) return;
  }
  if (disagreements > 4) ck.note(std::to_string(disagreements) + " disagreements in all");
  ck.expect(p->load_state(good), "the good state no longer loads after the malformed ones");
}

}  // namespace plinth::host::checks

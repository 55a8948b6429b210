// A test plugin with settable latency: its output is its input delayed by exactly the
// latency it reports (optionally inverted), so a latency-aligned bypass must leave the
// signal untouched and a misaligned one shows up sample for sample. Its "Peak" output
// parameter reports the block's input peak, a value the tests know exactly. Its extra
// state is a table (every entry the same generation number) handed to the audio thread
// through plinth::Handoff; "Torn" turns on if a block ever sees a mixed table. Messages:
// every block the audio thread sends its block count (mod 256) to the controller half,
// which counts them in "Received" and echoes the last one back to the processor half,
// which publishes it as the table's generation.
#include <algorithm>
#include <cmath>
#include <vector>

#include "plinth/core/handoff.h"
#include "plinth/core/plugin.h"

class LatencyProbe : public plinth::Plugin<LatencyProbe> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth Test Latency",
      .vendor = "Plinth Tests",
      .version = "0.1.0",
      .processor_id = "A1B2C3D4E5F60718293A4B5C6D7E8F90",
      .controller_id = "A1B2C3D4E5F60718293A4B5C6D7E8F91",
      .categories = "Fx|Delay",
  };
  static constexpr int max_delay = 256;

  plinth::Param& delay = declare(plinth::ParamSpec::integer(1, "Delay", 0, max_delay, 0));
  plinth::Param& invert = declare(plinth::ParamSpec::boolean(2, "Invert", false));
  plinth::Param& peak = declare(plinth::ParamSpec::linear(3, "Peak", 0.0, 1.0, 0.0).read_only());
  plinth::Param& torn = declare(plinth::ParamSpec::boolean(4, "Torn", false).read_only());
  plinth::Param& generation = declare(plinth::ParamSpec::integer(5, "Generation", 0, 255, 0).read_only());
  plinth::Param& received = declare(plinth::ParamSpec::integer(6, "Received", 0, 65535, 0).read_only());

  struct Table {
    std::vector<double> entries;
  };
  static constexpr std::size_t table_size = 4096;

  // Extra state: one byte, the table's generation; the table is rebuilt from it.
  void save_extra(std::vector<std::uint8_t>& out) const override { out.push_back(saved_generation_); }
  bool load_extra(std::span<const std::uint8_t> data) override {
    if (data.size() != 1) return false;
    publish_table(data[0]);
    return true;
  }
  // Controller half: count, and echo the newest back.
  void on_processor_message(std::span<const std::uint8_t> bytes) override {
    if (bytes.size() != 1) return;
    ++received_count_;
    received.set_value(received_count_);
    send_to_processor(bytes);
  }
  // Processor half (main thread): the echo becomes the audio thread's table.
  void on_controller_message(std::span<const std::uint8_t> bytes) override {
    if (bytes.size() == 1) publish_table(bytes[0]);
  }

  [[nodiscard]] int latency_samples() const noexcept override { return static_cast<int>(delay.value()); }
  [[nodiscard]] int max_latency_samples() const noexcept override { return max_delay; }

  void prepare(const plinth::Setup&) {
    for (auto& r : rings_) r.assign(ring_size, 0.0);
  }
  void reset() noexcept {
    for (auto& r : rings_) std::fill(r.begin(), r.end(), 0.0);
  }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    const auto in = block.main_input();
    const auto out = block.main_output();
    const int d = latency_samples();
    const double sign = invert.is_on() ? -1.0 : 1.0;
    double top = 0.0;
    for (int i = 0; i < block.num_samples; ++i) {
      for (int c = 0; c < out.num_channels() && c < 2; ++c) {
        const double x = in[c][i];
        top = std::max(top, std::abs(x));
        rings_[static_cast<std::size_t>(c)][static_cast<std::size_t>(write_)] = x;
        out[c][i] = static_cast<T>(
            sign * rings_[static_cast<std::size_t>(c)][static_cast<std::size_t>((write_ - d + ring_size) % ring_size)]);
      }
      write_ = (write_ + 1) % ring_size;
    }
    peak.set_value(std::min(top, 1.0));
    const std::uint8_t count = blocks_++;
    send_to_controller(std::span(&count, 1));
    if (const Table* t = table_.current()) {
      const double g = t->entries.front();
      for (double e : t->entries)
        if (e != g) torn.set_value(1.0);
      generation.set_value(g);
    }
  }

private:
  static constexpr int ring_size = max_delay + 1;
  std::vector<double> rings_[2];
  void publish_table(std::uint8_t g) {
    saved_generation_ = g;
    auto t = std::make_unique<Table>();
    t->entries.assign(table_size, static_cast<double>(g));
    table_.publish(std::move(t));
  }

  plinth::Handoff<Table> table_;
  std::uint8_t saved_generation_ = 0;
  std::uint8_t blocks_ = 0;  // audio thread
  int received_count_ = 0;   // controller half
  int write_ = 0;
};

static const plinth::Export<LatencyProbe> exported;

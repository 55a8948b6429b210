// The authoring aids in a real bundle: the channel strip's timing probes and debug log
// (a line at prepare, one each time the gate closes or opens) allocate, lock and wait for
// nothing on the audio thread (the trap here; RealtimeSanitizer too under
// scripts/test.sh --rtsan), the host reads the probes through a plinth.probes message,
// and the log reaches the file PLINTH_LOG names, written off the audio thread.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "example_harness.h"
#include "plinth/core/probe.h"
#include "plinth/host/host_objects.h"
#include "realtime_trap.h"

using namespace plinth;
namespace pabi = plinth::abi;

namespace {

std::optional<std::vector<ProbeStats>> ask_probes(host::PluginInstance& p, bool reset) {
  auto cp = host::query<pabi::IConnectionPoint>(p.component());
  if (!cp) return std::nullopt;
  auto message = host::make_object<host::Message>();
  message->set_message_id("plinth.probes");
  if (reset) message->get_attributes()->set_int("reset", 1);
  EXPECT_EQ(cp->notify(message.get()), pabi::kResultOk);
  const void* data = nullptr;
  std::uint32_t size = 0;
  if (message->get_attributes()->get_binary("probes", data, size) != pabi::kResultOk) return std::nullopt;
  return decode_probe_stats(std::string_view(static_cast<const char*>(data), size));
}

}  // namespace

// PLINTH_LOG for the plugin about to be loaded (its C runtime reads the same environment:
// glibc's, or msvcrt.dll's on Windows); empty removes it.
static bool set_log_variable(const std::string& value) {
#ifdef _WIN32
  return ::_putenv_s("PLINTH_LOG", value.c_str()) == 0;
#else
  return value.empty() ? ::unsetenv("PLINTH_LOG") == 0 : ::setenv("PLINTH_LOG", value.c_str(), 1) == 0;
#endif
}

TEST(AuthoringRealtime, ProbesAndLogAllocateAndLockNothingAndReachTheHost) {
  namespace fs = std::filesystem;
  const fs::path log_file = fs::temp_directory_path() / ("plinth_authoring_" + std::to_string(::getpid()) + ".log");
  fs::remove(log_file);
  ASSERT_TRUE(set_log_variable(log_file.string()));  // before the processor's initialize
  {
    auto e = test::load_example("PlinthChannelStrip", 48000.0, 256);
    ASSERT_TRUE(e.plugin);
    // A gate that closes by 40 dB in the gaps: two log lines per burst.
    e.set({{1, -30.0}, {2, -40.0}, {3, 5.0}});
    ASSERT_TRUE(ask_probes(*e.plugin, true));  // from here on
    test::Signal in(2, std::vector<double>(48000 * 2, 0.0));
    for (std::size_t i = 0; i < in[0].size(); ++i)
      if ((i / 9600) % 2 == 0) in[0][i] = in[1][i] = 0.5 * std::sin(0.05 * static_cast<double>(i));  // 0.2 s on, off
    test::clear();
    e.run(in);  // on a trapped audio thread; fails on any violation
    EXPECT_EQ(test::violations(), 0) << test::what_first();

    const auto probes = ask_probes(*e.plugin, false);
    ASSERT_TRUE(probes) << "the processor did not answer plinth.probes";
    const std::size_t blocks = in[0].size() / 256;
    std::vector<std::string> names;
    for (const auto& s : *probes) {
      names.push_back(s.name);
      EXPECT_EQ(s.count, blocks) << s.name;  // one scope per block, none from before the reset
      EXPECT_GT(s.total_ns, 0u) << s.name;
      EXPECT_GE(s.max_ns * s.count, s.total_ns) << s.name;
    }
    EXPECT_EQ(names, (std::vector<std::string>{"gate", "eq", "dynamics"}));
  }  // the instance goes: the last processor's terminate writes what is left and closes the file
  set_log_variable("");
  std::ifstream file(log_file);
  std::stringstream text;
  text << file.rdbuf();
  const std::string log = text.str();
  EXPECT_NE(log.find("Plinth Channel Strip#"), std::string::npos) << log;
  EXPECT_NE(log.find("info: prepared: 48000 Hz, blocks of up to 256 samples"), std::string::npos) << log;
  std::size_t closed = 0, opened = 0;
  for (std::size_t at = 0; (at = log.find("debug: gate closed: ", at)) != std::string::npos; ++at) ++closed;
  for (std::size_t at = 0; (at = log.find("debug: gate opened", at)) != std::string::npos; ++at) ++opened;
  EXPECT_EQ(closed, 5u) << log;  // five gaps (the last one at the end)
  EXPECT_EQ(opened, 4u) << log;  // four bursts after the first (the gate starts open)
  file.close();  // (Windows removes no file that is open)
  fs::remove(log_file);
}

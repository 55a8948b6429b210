// The `plinth` command end to end: good runs and bad input (clear message,
// non-zero exit, no crash).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "plinth_command.h"
#include "wav_samples.h"

namespace fs = std::filesystem;

namespace {

using CmdResult = plinth::test::CommandResult;

// Standard output and standard error together, as a user sees them.
CmdResult run(const std::string& args) { return plinth::test::run_plinth(args); }

std::string gain() { return std::string(PLINTH_BUNDLE_DIR) + "/PlinthGain.vst3"; }

fs::path temp(const std::string& name) {
  return fs::temp_directory_path() / ("plinth_tool_test_" + std::to_string(::getpid()) + "_" + name);
}

// Peak of a float WAV written by `plinth render` (walks the RIFF chunks).
double wav_peak(const fs::path& path, int& channels, long& frames) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  channels = 0;
  frames = 0;
  if (bytes.size() < 12 || std::memcmp(bytes.data(), "RIFF", 4) != 0) return -1;
  std::size_t pos = 12;
  double peak = 0;
  while (pos + 8 <= bytes.size()) {
    std::uint32_t size = 0;
    std::memcpy(&size, bytes.data() + pos + 4, 4);
    if (std::memcmp(bytes.data() + pos, "fmt ", 4) == 0) {
      std::uint16_t ch = 0;
      std::memcpy(&ch, bytes.data() + pos + 10, 2);
      channels = ch;
    } else if (std::memcmp(bytes.data() + pos, "data", 4) == 0) {
      const std::size_t count = std::min<std::size_t>(size, bytes.size() - pos - 8) / 4;
      for (std::size_t i = 0; i < count; ++i) {
        float v = 0;
        std::memcpy(&v, bytes.data() + pos + 8 + 4 * i, 4);
        peak = std::max(peak, static_cast<double>(std::abs(v)));
      }
      frames = channels > 0 ? static_cast<long>(count) / channels : 0;
    }
    pos += 8 + size + (size & 1);
  }
  return peak;
}

}  // namespace

TEST(Tool, ModuleinfoMatchesTheSdkFormat) {
  const CmdResult r = run("moduleinfo " + gain());
  ASSERT_EQ(r.status, 0) << r.out;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["Name"], "PlinthGain");
  EXPECT_TRUE(doc["Version"].is_string());
  const auto& fi = doc["Factory Info"];
  for (const char* key : {"Vendor", "URL", "E-Mail"}) EXPECT_TRUE(fi[key].is_string()) << key;
  for (const char* key : {"Unicode", "Classes Discardable", "Component Non Discardable"}) {
    EXPECT_TRUE(fi["Flags"][key].is_boolean()) << key;
  }
  ASSERT_TRUE(doc["Classes"].is_array());
  ASSERT_GE(doc["Classes"].size(), 1u);
  for (const auto& c : doc["Classes"]) {
    EXPECT_EQ(c["CID"].get<std::string>().size(), 32u);
    for (const char* key : {"Category", "Name", "Vendor", "Version", "SDKVersion"})
      EXPECT_TRUE(c[key].is_string()) << key;
    EXPECT_TRUE(c["Sub Categories"].is_array());
    EXPECT_TRUE(c["Class Flags"].is_number_integer());
    EXPECT_TRUE(c["Cardinality"].is_number_integer());
  }
  EXPECT_EQ(doc["Classes"][0]["Category"], "Audio Module Class");
  // The file the build wrote is the same.
  std::ifstream built(gain() + "/Contents/Resources/moduleinfo.json");
  ASSERT_TRUE(built.good());
  EXPECT_EQ(nlohmann::json::parse(built), doc);
}

TEST(Tool, ModuleinfoWritesAFile) {
  const fs::path out = temp("moduleinfo.json");
  const CmdResult r = run("moduleinfo " + gain() + " --output " + out.string());
  ASSERT_EQ(r.status, 0) << r.out;
  std::ifstream in(out);
  nlohmann::json parsed;
  EXPECT_NO_THROW(parsed = nlohmann::json::parse(in));
  EXPECT_TRUE(parsed.contains("Classes"));
  in.close();  // (Windows removes no file that is open)
  fs::remove(out);
}

TEST(Tool, Info) {
  const CmdResult r = run("info " + gain());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("Plinth Gain"), std::string::npos);
  EXPECT_NE(r.out.find("Bypass"), std::string::npos);
  EXPECT_NE(r.out.find("latency"), std::string::npos);
  EXPECT_NE(r.out.find("0.00 dB"), std::string::npos) << r.out;
}

// Both examples, every check, through the real tool (each check in its own process):
// nothing fails and nothing warns (robustness checks are Plinth's own expectations).
TEST(Tool, ValidateJsonExamplesPassEveryCheck) {
  for (const char* name : {"PlinthGain", "PlinthDucker"}) {
    const std::string bundle = std::string(PLINTH_BUNDLE_DIR) + "/" + name + ".vst3";
    const CmdResult r = run("validate --json " + bundle + " 2>/dev/null");
    EXPECT_EQ(r.status, 0) << r.out;
    nlohmann::json doc;
    ASSERT_NO_THROW(doc = nlohmann::json::parse(r.out)) << r.out;
    EXPECT_EQ(doc["bundle"], bundle);
    ASSERT_EQ(doc["classes"].size(), 1u);
    const auto& cls = doc["classes"][0];
    EXPECT_EQ(cls["cid"].get<std::string>().size(), 32u);
    EXPECT_TRUE(cls["name"].is_string());
    int passed = 0;
    int timing_warnings = 0;
    const int skipped = 0;  // plinth links the trap (on Windows it watches import tables)
    for (const auto& c : cls["checks"]) {
      EXPECT_TRUE(c["name"].is_string());
      EXPECT_TRUE(c["severity"] == "required" || c["severity"] == "robustness") << c;
      // The denormal check times processing; a loaded machine may tip it into a warning.
      if (c["name"] == "process.denormals" && c["status"] == "warn") {
        ++timing_warnings;
        continue;
      }
      EXPECT_EQ(c["status"], "pass") << name << ": " << c.dump(2);
      EXPECT_TRUE(c["seconds"].is_number());
      EXPECT_TRUE(c["failures"].is_array() && c["failures"].empty()) << c;
      EXPECT_TRUE(c["notes"].is_array());
      passed += c["status"] == "pass" ? 1 : 0;
    }
    EXPECT_GE(cls["checks"].size(), 35u);
    EXPECT_EQ(doc["passed"], passed);
    EXPECT_EQ(doc["failed"], 0);
    EXPECT_EQ(doc["warnings"], timing_warnings);
    EXPECT_EQ(doc["skipped"], skipped);
  }
}

// The tool carries the real-time trap on every platform (Linux: interposers linked in;
// Windows: import tables rewritten), so its check runs and passes on a clean plugin. An
// executable without the trap reports a skip instead (RealtimeCheck.IsASkip...).
TEST(Tool, ValidateRealtimeCheckPassesOnlyWhereItChecks) {
  const CmdResult r = run("validate " + gain() + " --check realtime.");
  EXPECT_EQ(r.status, 0) << r.out;
  std::string last = r.out.substr(0, r.out.size() - 1);
  last = last.substr(last.rfind('\n') + 1);
  EXPECT_NE(r.out.find("  [PASS] realtime.audio_thread"), std::string::npos) << r.out;
  EXPECT_EQ(last, "1 passed, 0 failed, 0 warnings") << r.out;
}

TEST(Tool, ValidateTextOneLinePerCheckAndASummary) {
  const CmdResult r = run("validate " + gain() + " --check params.");
  EXPECT_EQ(r.status, 0) << r.out;
  int lines = 0;
  for (std::size_t pos = r.out.find("  [PASS] params."); pos != std::string::npos;
       pos = r.out.find("  [PASS] params.", pos + 1))
    ++lines;
  EXPECT_EQ(lines, 4) << r.out;
  EXPECT_EQ(r.out.find("state."), std::string::npos) << r.out;
  // The closing line, exactly.
  std::string last = r.out.substr(0, r.out.size() - 1);
  last = last.substr(last.rfind('\n') + 1);
  EXPECT_EQ(last, "4 passed, 0 failed, 0 warnings") << r.out;
}

TEST(Tool, RenderSineAtMinusSixDb) {
  const fs::path out = temp("render.wav");
  const CmdResult r = run("render " + gain() + " --sine 1000 --seconds 0.5 --param Gain=-6 --output " + out.string());
  ASSERT_EQ(r.status, 0) << r.out;
  int channels = 0;
  long frames = 0;
  const double peak = wav_peak(out, channels, frames);
  EXPECT_EQ(channels, 1);  // a mono sine gets a mono bus
  EXPECT_EQ(frames, 24000);
  EXPECT_NEAR(20 * std::log10(peak / 0.5), -6.0, 0.01);

  // And a stereo file back through it, 64-bit, with odd blocks.
  const fs::path out2 = temp("render2.wav");
  const CmdResult r2 =
      run("render " + gain() + " --input " + out.string() + " --double --block 77 --output " + out2.string());
  ASSERT_EQ(r2.status, 0) << r2.out;
  EXPECT_NEAR(wav_peak(out2, channels, frames), peak, 1e-6);
  fs::remove(out);
  fs::remove(out2);
}

TEST(Tool, RenderMidiFilePlaysTheSynthWhereTheNotesAre) {
  // Format 1, 96 ticks per quarter: a tempo track (120 BPM, then 240 BPM from tick 192 = 1.0 s)
  // and a note track: key 60 from tick 96 to 192 (0.5-1.0 s), key 67 from 288 (1.25 s) to 384
  // (1.5 s), written with running status and a note-on of velocity 0 as its note-off.
  const unsigned char mid[] = {
      'M',  'T',  'h',  'd',  0,    0,    0,    6,    0,    1,    0,    2,    0,    96,                               //
      'M',  'T',  'r',  'k',  0,    0,    0,    19,   0x00, 0xff, 0x51, 3,    0x07, 0xa1, 0x20,                       //
      0x81, 0x40, 0xff, 0x51, 3,    0x03, 0xd0, 0x90, 0x00, 0xff, 0x2f, 0x00,                                         //
      'M',  'T',  'r',  'k',  0,    0,    0,    17,   0x60, 0x90, 60,   100,  0x60, 60,   0,    0x60, 67, 110, 0x60,  //
      67,   0,    0x00, 0xff, 0x2f, 0x00};
  const fs::path file = temp("notes.mid");
  std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(mid), sizeof mid);
  const fs::path out = temp("midi.wav");
  const std::string synth = std::string(PLINTH_BUNDLE_DIR) + "/PlinthSynth.vst3";
  const CmdResult r = run("render " + synth + " --midi " + file.string() + " --tail 0.25 --output " + out.string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("2 notes"), std::string::npos) << r.out;
  int channels = 0;
  const std::vector<float> samples = plinth::test::wav_samples(out, channels);
  ASSERT_GT(channels, 0);
  const auto frames = samples.size() / static_cast<std::size_t>(channels);
  EXPECT_EQ(frames, 84000u);  // to the last note's end at 1.5 s, then the tail, at 48 kHz
  auto peak = [&](double from, double to) {
    float p = 0;
    for (auto i = static_cast<std::size_t>(from * 48000) * channels;
         i < static_cast<std::size_t>(to * 48000) * channels; ++i)
      p = std::max(p, std::abs(samples[i]));
    return p;
  };
  EXPECT_EQ(peak(0.0, 0.5), 0.0f);  // silent before the first note
  EXPECT_GT(peak(0.5, 0.6), 0.01f);
  EXPECT_GT(peak(1.25, 1.5), 0.01f);           // the second note, placed by the tempo change
  EXPECT_LT(peak(1.2, 1.25), peak(0.9, 1.0));  // the first note released at 1.0 s
  fs::remove(file);
  fs::remove(out);
}

TEST(Tool, Bench) {
  const CmdResult r = run("bench " + gain() + " --block 64 --seconds 0.05");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("ns per block"), std::string::npos);
  EXPECT_NE(r.out.find("realtime factor"), std::string::npos);
}

TEST(Tool, BadInputGivesAClearErrorAndNoCrash) {
  const fs::path text = temp("not_a_plugin.so");
  std::ofstream(text) << "hello\n";
  const fs::path dir = temp("dir");
  fs::create_directories(dir);
  const fs::path wav = temp("bad.wav");
  std::ofstream(wav) << "RIFF but not really";
  const fs::path truncated_mid = temp("truncated.mid");
  std::ofstream(truncated_mid, std::ios::binary).write("MThd\0\0\0\6\0\0\0\1\0\x60MTrk\0\0\1\0\0\x90", 24);

  struct Case {
    std::string args;
    std::string expect;
  };
  const Case cases[] = {
      {"info /nonexistent/X.vst3", "no such file or directory"},
      {"validate " + dir.string(), "is not a VST 3 bundle"},
      {"moduleinfo " + text.string(), "cannot load"},
#if defined(_WIN32)
      {"info C:/windows/system32/version.dll", "does not export GetPluginFactory"},
#else
      {"info /lib/x86_64-linux-gnu/libm.so.6", "does not export GetPluginFactory"},
#endif
      {"render " + gain() + " --input /nonexistent.wav --output /dev/null", "cannot read"},
      {"render " + gain() + " --input " + wav.string() + " --output /dev/null", "cannot read"},
      {"render " + gain() + " --output /dev/null", "--input"},
      {"render " + gain() + " --sine 440 --param Nope=1 --output /dev/null", "no parameter"},
      {"render " + gain() + " --sine 440 --param Gain=loud --output /dev/null", "cannot read 'loud'"},
      {"render " + gain() + " --sine 440 --output /nonexistent/dir/x.wav", "cannot write"},
      {"render " + gain() + " --midi /nonexistent.mid --output /dev/null", "cannot read /nonexistent.mid"},
      {"render " + gain() + " --midi " + text.string() + " --output /dev/null", "not a standard MIDI file"},
      {"render " + gain() + " --midi " + truncated_mid.string() + " --output /dev/null", "truncated chunk"},
      {"render " + gain() + " --midi " + text.string() + " --sine 440 --output /dev/null", "excludes"},
      {"render " + gain() + " --midi " + text.string() + " --notes 60:1:0:1 --output /dev/null", "excludes"},
      {"bench " + gain() + " --block 0", "block"},
      {"bench " + gain() + " --block abc", "block"},
      {"validate /nonexistent/X.vst3", "no such file or directory"},
      {"validate " + text.string(), "cannot load"},
      {"validate " + gain() + " --check no.such.check", "no check name contains 'no.such.check'"},
      {"validate " + gain() + " --timeout abc", "--timeout"},
      {"validate " + gain() + " --timeout 0", "--timeout"},
      {"validate " + gain() + " --frobnicate", "--frobnicate"},
      {"validate", "bundle"},
      {"frobnicate", "subcommand"},
      {"", "subcommand"},
  };
  for (const auto& c : cases) {
    const CmdResult r = run(c.args);
    EXPECT_NE(r.status, 0) << c.args << "\n" << r.out;
    EXPECT_LT(r.status, 128) << "crashed: " << c.args << "\n" << r.out;
    EXPECT_NE(r.out.find(c.expect), std::string::npos) << c.args << "\n" << r.out;
    // One line: "plinth: error: ...".
    EXPECT_EQ(r.out.rfind("plinth: error: ", 0), 0u) << c.args << "\n" << r.out;
    EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << c.args << "\n" << r.out;
  }
  fs::remove(text);
  fs::remove(wav);
  fs::remove(truncated_mid);
  fs::remove_all(dir);
}

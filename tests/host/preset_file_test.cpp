// .vstpreset files: the layout written and read back byte-identically, a file built by
// hand from the documented layout loading into the real PlinthGain, malformed files
// refused with a message, and `plinth preset` end to end through the built tool.
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "plinth/host/instance.h"
#include "plinth/host/module.h"
#include "plinth/host/preset_file.h"
#include "plinth_command.h"

namespace {

namespace fs = std::filesystem;
using plinth::host::PresetFile;

std::string gain() { return std::string(PLINTH_BUNDLE_DIR) + "/PlinthGain.vst3"; }
std::string ducker() { return std::string(PLINTH_BUNDLE_DIR) + "/PlinthDucker.vst3"; }
constexpr const char* gain_cid = "5E1D3C2A9B8F4E7DA6C5B4A392817061";

void put(std::vector<std::uint8_t>& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put(std::vector<std::uint8_t>& out, const char* text, std::size_t n) { out.insert(out.end(), text, text + n); }

// The layout as documented, written without the library: header, one 'Comp' chunk, list.
std::vector<std::uint8_t> by_hand(const std::vector<std::uint8_t>& component, const char* cid = gain_cid) {
  std::vector<std::uint8_t> f;
  put(f, "VST3", 4);
  put(f, 1, 4);
  put(f, cid, 32);
  put(f, 48 + component.size(), 8);
  f.insert(f.end(), component.begin(), component.end());
  put(f, "List", 4);
  put(f, 1, 4);
  put(f, "Comp", 4);
  put(f, 48, 8);
  put(f, component.size(), 8);
  return f;
}

struct Loaded {
  std::unique_ptr<plinth::host::Module> module;
  std::unique_ptr<plinth::host::PluginInstance> plugin;
};
Loaded load(const std::string& bundle) {
  Loaded l;
  std::string error;
  l.module = plinth::host::Module::load(bundle, error);
  EXPECT_TRUE(l.module) << error;
  if (l.module)
    l.plugin = plinth::host::PluginInstance::create(*l.module, l.module->audio_processor_classes().front(), error);
  EXPECT_TRUE(l.plugin) << error;
  return l;
}

using CmdResult = plinth::test::CommandResult;
CmdResult plinth_cmd(const std::string& args) { return plinth::test::run_plinth(args); }

fs::path temp(const std::string& name) {
  return fs::temp_directory_path() / ("plinth_preset_test_" + std::to_string(::getpid()) + "_" + name);
}
void write(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

}  // namespace

TEST(PresetFile, WrittenFileReadsBackAndResavesByteIdentically) {
  PresetFile p;
  p.class_id = gain_cid;
  p.chunks.push_back({plinth::host::chunk_component, {1, 2, 3, 4, 5}});
  p.chunks.push_back({plinth::host::chunk_controller, {}});
  p.chunks.push_back({plinth::host::chunk_meta_info, {'<', 'x', '/', '>'}});
  const auto bytes = plinth::host::write_preset(p);
  ASSERT_EQ(bytes.size(), 48u + 5 + 0 + 4 + 8 + 3 * 20);
  EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 4), "VST3");
  std::string error;
  const auto back = plinth::host::read_preset(bytes, error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(back->class_id, gain_cid);
  ASSERT_EQ(back->chunks.size(), 3u);
  EXPECT_EQ(back->chunks[0].data, p.chunks[0].data);
  EXPECT_TRUE(back->chunks[1].data.empty());
  EXPECT_EQ(back->chunks[2].id, plinth::host::chunk_meta_info);
  EXPECT_EQ(plinth::host::write_preset(*back), bytes);
}

TEST(PresetFile, HandWrittenFileFromTheLayoutLoadsIntoGain) {
  auto source = load(gain());
  ASSERT_TRUE(source.plugin);
  ASSERT_EQ(source.plugin->set_normalized(1, 0.25), plinth::abi::kResultOk);
  ASSERT_EQ(source.plugin->setup(48000.0, 64, false), plinth::abi::kResultOk);
  ASSERT_EQ(source.plugin->activate(), plinth::abi::kResultOk);
  ASSERT_EQ(source.plugin->process(0, std::vector<plinth::host::ParamChange>{{1, 0, 0.25}}), plinth::abi::kResultOk);
  const auto state = source.plugin->save_state();
  const auto file = by_hand(state);

  std::string error;
  const auto preset = plinth::host::read_preset(file, error);
  ASSERT_TRUE(preset) << error;
  EXPECT_EQ(plinth::host::write_preset(*preset), file);  // our writer agrees with the hand layout
  const auto* comp = preset->find(plinth::host::chunk_component);
  ASSERT_NE(comp, nullptr);
  auto target = load(gain());
  ASSERT_TRUE(target.plugin);
  ASSERT_TRUE(target.plugin->load_state(comp->data));
  EXPECT_EQ(target.plugin->get_normalized(1), 0.25);
}

TEST(PresetFile, MalformedFilesAreRefusedWithAMessage) {
  const auto good = by_hand({9, 9, 9, 9});
  std::string error;
  ASSERT_TRUE(plinth::host::read_preset(good, error)) << error;
  auto refused = [](std::vector<std::uint8_t> bytes, const std::string& needle) {
    std::string e;
    EXPECT_FALSE(plinth::host::read_preset(bytes, e)) << needle;
    EXPECT_NE(e.find(needle), std::string::npos) << "message: " << e;
  };
  refused({}, "shorter than");
  refused(std::vector<std::uint8_t>(good.begin(), good.begin() + 47), "shorter than");
  auto bad_magic = good;
  bad_magic[0] = 'X';
  refused(bad_magic, "'VST3'");
  auto bad_cid = good;
  bad_cid[8] = 'Z';
  refused(bad_cid, "class id");
  auto list_past = good;
  list_past[40] = 0xF0;  // list offset far past the end
  refused(list_past, "outside the file");
  auto negative_list = good;
  for (int i = 40; i < 48; ++i) negative_list[static_cast<std::size_t>(i)] = 0xFF;
  refused(negative_list, "outside the file");
  const std::size_t list = good.size() - 28;
  auto chunk_past = good;
  chunk_past[list + 12] = 0x7F;  // the chunk's offset
  refused(chunk_past, "outside the file");
  auto size_past = good;
  size_past[list + 20] = 33;  // the chunk's size: 48 + 33 is one byte past the 80-byte file
  refused(size_past, "outside the file");
  auto many = good;
  many[list + 4] = 0xFF;  // entry count
  refused(many, "entries");
  // Every truncation of a good file is refused, never read past its end.
  for (std::size_t n = 0; n < good.size(); ++n) {
    std::string e;
    EXPECT_FALSE(plinth::host::read_preset(std::span(good.data(), n), e)) << n;
  }
}

TEST(PresetTool, SaveListLoadThroughTheBuiltTool) {
  const auto file = temp("ducker.vstpreset");
  auto r = plinth_cmd("preset save " + ducker() + " -o " + file.string() + " --program 1 -p Ratio=4");
  ASSERT_EQ(r.status, 0) << r.out;
  r = plinth_cmd("preset list " + file.string() + " " + ducker());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("7C0A5B3E2D1F48E69A0B1C2D3E4F5061"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Comp"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("matches:  Plinth Ducker"), std::string::npos) << r.out;
  r = plinth_cmd("preset load " + ducker() + " " + file.string());
  EXPECT_EQ(r.status, 0) << r.out;
  // Program "Gentle" then Ratio on top: the program's other values stay.
  EXPECT_NE(r.out.find("Threshold                -20.00 dB"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Ratio                    4.0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Program                  Gentle"), std::string::npos) << r.out;

  // Re-saving what was loaded gives the same file.
  std::string error;
  const auto first = plinth::host::read_file_bytes(file.string(), error);
  ASSERT_TRUE(first) << error;
  const auto parsed = plinth::host::read_preset(*first, error);
  ASSERT_TRUE(parsed) << error;
  EXPECT_EQ(plinth::host::write_preset(*parsed), *first);
  fs::remove(file);
}

TEST(PresetTool, BadFilesAreOneLineErrors) {
  const auto gain_file = temp("gain.vstpreset");
  ASSERT_EQ(plinth_cmd("preset save " + gain() + " -o " + gain_file.string() + " -p Gain=-6").status, 0);
  auto one_line_error = [](const CmdResult& r, const std::string& needle) {
    EXPECT_NE(r.status, 0) << r.out;
    EXPECT_EQ(r.out.rfind("plinth: error: ", 0), 0u) << r.out;
    EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << r.out;
    EXPECT_NE(r.out.find(needle), std::string::npos) << r.out;
  };
  one_line_error(plinth_cmd("preset load " + ducker() + " " + gain_file.string()), "class id");
  one_line_error(plinth_cmd("preset list " + gain_file.string() + " " + ducker()), "class id");
  one_line_error(plinth_cmd("preset load " + gain() + " " + temp("missing").string()), "cannot open");
  one_line_error(plinth_cmd("preset save " + gain() + " -o " + temp("x").string() + " --program 0"),
                 "no program-change parameter");

  std::string error;
  auto bytes = *plinth::host::read_file_bytes(gain_file.string(), error);
  const auto bad = temp("bad.vstpreset");
  write(bad, std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 20));
  one_line_error(plinth_cmd("preset load " + gain() + " " + bad.string()), "shorter than");
  one_line_error(plinth_cmd("preset list " + bad.string()), "shorter than");
  auto wrong_magic = bytes;
  wrong_magic[1] = 'X';
  write(bad, wrong_magic);
  one_line_error(plinth_cmd("preset load " + gain() + " " + bad.string()), "'VST3'");
  auto past_end = bytes;
  past_end[40] = 0xFF;
  past_end[41] = 0xFF;
  write(bad, past_end);
  one_line_error(plinth_cmd("preset load " + gain() + " " + bad.string()), "outside the file");
  // A chunk list cut off mid-entry.
  write(bad, std::vector<std::uint8_t>(bytes.begin(), bytes.end() - 5));
  one_line_error(plinth_cmd("preset load " + gain() + " " + bad.string()), "entries");
  fs::remove(bad);
  fs::remove(gain_file);
}

// Loading modules: the error messages for everything that is not a plugin, and
// what the real gain bundle reports.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "plinth/host/module.h"

namespace fs = std::filesystem;
using plinth::host::Module;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("plinth_module_test_" + std::to_string(::getpid()) + "_" +
                                        std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string load_error(const std::string& path) {
  std::string error;
  auto module = Module::load(path, error);
  EXPECT_EQ(module, nullptr) << path;
  return error;
}

std::string gain_bundle() { return std::string(PLINTH_BUNDLE_DIR) + "/PlinthGain.vst3"; }

// Where a bundle keeps its library, and the library's extension, on this platform.
#if defined(_WIN32)
const std::string kArch = "x86_64-win";
const std::string kLibrary = ".vst3";
#else
const std::string kArch = "x86_64-linux";
const std::string kLibrary = ".so";
#endif

}  // namespace

TEST(Module, NonexistentPath) {
  const std::string error = load_error("/nonexistent/Nothing.vst3");
  EXPECT_NE(error.find("no such file or directory"), std::string::npos) << error;
  EXPECT_NE(error.find("/nonexistent/Nothing.vst3"), std::string::npos) << error;
}

TEST(Module, EmptyPath) { EXPECT_FALSE(load_error("").empty()); }

TEST(Module, DirectoryThatIsNotABundle) {
  TempDir dir;
  const std::string error = load_error(dir.path.string());
  EXPECT_NE(error.find("is not a VST 3 bundle"), std::string::npos) << error;
}

TEST(Module, BundleWithoutSharedObject) {
  TempDir dir;
  const fs::path bundle = dir.path / "Empty.vst3";
  fs::create_directories(bundle / "Contents" / kArch);
  const std::string error = load_error(bundle.string());
  EXPECT_NE(error.find("has no shared object Contents/" + kArch + "/Empty" + kLibrary), std::string::npos) << error;
}

TEST(Module, FileThatIsNotASharedObject) {
  TempDir dir;
  const fs::path file = dir.path / "text.so";
  std::ofstream(file) << "this is not an ELF file\n";
  const std::string error = load_error(file.string());
  EXPECT_NE(error.find("cannot load"), std::string::npos) << error;
  EXPECT_NE(error.find("text.so"), std::string::npos) << error;
}

TEST(Module, BundleWhoseSharedObjectIsNotELF) {
  TempDir dir;
  const fs::path arch = dir.path / "Fake.vst3" / "Contents" / kArch;
  fs::create_directories(arch);
  std::ofstream(arch / ("Fake" + kLibrary)) << "garbage";
  const std::string error = load_error((dir.path / "Fake.vst3").string());
  EXPECT_NE(error.find("cannot load"), std::string::npos) << error;
}

TEST(Module, SharedObjectThatIsNotAPlugin) {
  // Any system library without the VST 3 entry points.
#if defined(_WIN32)
  for (const char* lib : {"C:/windows/system32/version.dll"}) {
#else
  for (const char* lib : {"/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6"}) {
#endif
    if (!fs::exists(lib)) continue;
    const std::string error = load_error(lib);
    EXPECT_NE(error.find("does not export GetPluginFactory"), std::string::npos) << error;
    return;
  }
  GTEST_SKIP() << "no system library found to try";
}

TEST(Module, LoadsTheGainBundle) {
  std::string error;
  auto module = Module::load(gain_bundle(), error);
  ASSERT_NE(module, nullptr) << error;
  EXPECT_TRUE(error.empty());
  EXPECT_TRUE(module->is_bundle());
  EXPECT_EQ(module->name(), "PlinthGain");
  EXPECT_NE(module->factory(), nullptr);
  EXPECT_FALSE(module->factory_info().vendor.empty());
  const auto processors = module->audio_processor_classes();
  ASSERT_EQ(processors.size(), 1u);
  const auto& cls = processors.front();
  EXPECT_EQ(cls.category, "Audio Module Class");
  EXPECT_TRUE(cls.has_info2);
  EXPECT_EQ(cls.cid_string.size(), 32u);
  EXPECT_EQ(plinth::host::cid_to_hex(*plinth::host::cid_from_hex(cls.cid_string)), cls.cid_string);
  EXPECT_EQ(module->find_class(cls.cid)->name, cls.name);
  ASSERT_FALSE(cls.sub_categories.empty());
  EXPECT_EQ(cls.sub_categories.front(), "Fx");
  EXPECT_FALSE(cls.version.empty());
  EXPECT_FALSE(cls.sdk_version.empty());
}

TEST(Module, LoadsTheSharedObjectDirectly) {
  std::string error;
  auto module = Module::load(gain_bundle() + "/Contents/" + kArch + "/PlinthGain" + kLibrary, error);
  ASSERT_NE(module, nullptr) << error;
  EXPECT_FALSE(module->is_bundle());
  EXPECT_FALSE(module->classes().empty());
}

TEST(Module, LoadsTwiceAtOnce) {
  std::string error;
  auto a = Module::load(gain_bundle(), error);
  auto b = Module::load(gain_bundle() + "/", error);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr) << error;
  EXPECT_EQ(a->classes().size(), b->classes().size());
}

TEST(Module, FindBundles) {
  const auto bundles = plinth::host::find_bundles(PLINTH_BUNDLE_DIR);
  // (As paths: on Windows the folder and the name are joined with a backslash.)
  EXPECT_TRUE(std::any_of(bundles.begin(), bundles.end(), [](const std::string& b) {
    return fs::path(b) == fs::path(gain_bundle());
  })) << bundles.size() << " bundles";
  EXPECT_TRUE(plinth::host::find_bundles("/nonexistent").empty());
}

TEST(Strings, Utf16RoundTrip) {
  const std::string text = "Gain \xC2\xB5s \xE2\x82\xAC \xF0\x9F\x8E\xB5";
  const std::u16string wide = plinth::host::to_utf16(text);
  EXPECT_EQ(plinth::host::to_utf8(wide.c_str(), 128), text);
  char16_t buffer[4];
  plinth::host::to_utf16("abcdef", buffer, 4);
  EXPECT_EQ(std::u16string(buffer), u"abc");
  EXPECT_FALSE(plinth::host::cid_from_hex("123").has_value());
  EXPECT_FALSE(plinth::host::cid_from_hex("ZZ1D3C2A9B8F4E7DA6C5B4A392817061").has_value());
  EXPECT_TRUE(plinth::host::cid_from_hex("{5E1D3C2A-9B8F-4E7D-A6C5-B4A392817061}").has_value());
}

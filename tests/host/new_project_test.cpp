// `plinth new` end to end, as the README's "Start a new plugin" runs it: this build is
// installed into a temporary prefix, an effect and an instrument project are written with
// the installed `plinth`, each is configured and built against the prefix alone
// (find_package(Plinth)), and the bundles pass `plinth validate` and render.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "plinth_command.h"

namespace fs = std::filesystem;

namespace {

struct ShellResult {
  int status = -1;
  std::string output;  // standard output and error, interleaved
};

// Runs a shell command line; the output is kept for the failure message.
ShellResult run(const std::string& command) {
  ShellResult r;
  std::FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return r;
  plinth::test::detail::read_all(pipe, r.output);
  const int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

// Appended, not "'" + ...: g++ 12 reports a false -Wrestrict on that form.
std::string quoted(const fs::path& p) {
  std::string q(1, '\'');
  q += p.string();
  q += '\'';
  return q;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A folder of its own under the system's temporary folder, removed unless the test failed
// (what it holds then is what to look at).
class TempDir {
public:
  explicit TempDir(const std::string& name)
      : path_(fs::temp_directory_path() / ("plinth_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    if (!::testing::Test::HasFailure()) fs::remove_all(path_);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }

private:
  fs::path path_;
};

// The configure line of the README, plus what makes the outside build match this one:
// the same compiler (a sanitized Plinth needs its own runtime) and the same launcher
// (ccache), when this build has one.
std::string configure(const fs::path& source, const fs::path& build, const fs::path& prefix,
                      const std::string& extra = "") {
  std::string line = std::string(PLINTH_CMAKE) + " -S " + quoted(source) + " -B " + quoted(build) + " -G '" +
                     PLINTH_GENERATOR + "' -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=" + quoted(prefix) +
                     " -DCMAKE_CXX_COMPILER='" + PLINTH_CXX + "'";
  if (!std::string(PLINTH_LAUNCHER).empty()) line += " -DCMAKE_CXX_COMPILER_LAUNCHER='" PLINTH_LAUNCHER "'";
  return line + extra;
}

// (No std::regex in this file: g++ 12 under ASan reports a false -Wmaybe-uninitialized in it.)
void expect_validates(const fs::path& plinth, const fs::path& bundle) {
  const ShellResult v = run(quoted(plinth) + " validate " + quoted(bundle));
  EXPECT_EQ(v.status, 0) << v.output;
  const std::size_t at = v.output.find(" passed, 0 failed");
  ASSERT_NE(at, std::string::npos) << v.output;
  const std::size_t line = v.output.rfind('\n', at);
  EXPECT_GT(std::stoi(v.output.substr(line == std::string::npos ? 0 : line + 1)), 0) << v.output;
}

// The rendered peak in dBFS from `plinth render`'s summary line (-200 for silence).
double rendered_peak(const std::string& output) {
  const std::size_t at = output.find(", peak ");
  if (at == std::string::npos) return 1000.0;
  return std::stod(output.substr(at + 7));
}

// The 32 hex digits after `field = "` in a plugin source; empty if not there.
std::string class_id(const std::string& source, const std::string& field) {
  const std::size_t at = source.find(field + " = \"");
  if (at == std::string::npos) return {};
  const std::string id = source.substr(at + field.size() + 4, 32);
  const bool hex =
      id.size() == 32 && std::ranges::all_of(id, [](unsigned char c) { return std::isxdigit(c) && !std::islower(c); });
  return hex && source.compare(at + field.size() + 36, 1, "\"") == 0 ? id : std::string{};
}

TEST(NewProject, EffectAndInstrumentBuildAgainstAnInstalledPlinth) {
  TempDir tmp("new_project");
  const fs::path prefix = tmp.path() / "prefix";
  const ShellResult install =
      run(std::string(PLINTH_CMAKE) + " --install '" PLINTH_BUILD_DIR "' --prefix " + quoted(prefix));
  ASSERT_EQ(install.status, 0) << install.output;
  const fs::path plinth = prefix / "bin" / "plinth";
  ASSERT_TRUE(fs::exists(plinth));
  ASSERT_TRUE(fs::exists(prefix / "lib" / "cmake" / "Plinth" / "PlinthConfig.cmake"));

  struct Project {
    const char* name;
    const char* kind;
    const char* source;
    std::string render_args;
  };
  const Project projects[] = {
      {"MyTone", "effect", "src/my_tone.cpp", "--sine 440 --seconds 1 -p Gain=-6 -p Tone=2000"},
      {"MySynth", "instrument", "src/my_synth.cpp", "--notes 60:0.8:0:0.5,64:0.8:0.25:0.5 --tail 0.5"},
  };
  std::string ids;  // every class id written, to see they differ
  for (const Project& p : projects) {
    SCOPED_TRACE(p.name);
    const fs::path dir = tmp.path() / p.name;
    const ShellResult made = run(quoted(plinth) + " new " + p.name + " --kind " + p.kind + " --dir " + quoted(dir));
    ASSERT_EQ(made.status, 0) << made.output;
    // The next steps it prints name the prefix it was installed into.
    EXPECT_NE(made.output.find("-DCMAKE_PREFIX_PATH=" + prefix.string()), std::string::npos) << made.output;
    for (const char* file : {"CMakeLists.txt", "README.md", p.source}) EXPECT_TRUE(fs::exists(dir / file)) << file;
    const std::string source = read_text(dir / p.source);
    EXPECT_EQ(source.find('@'), std::string::npos) << "a placeholder left in " << p.source;
    for (const char* field : {"processor_id", "controller_id"}) {
      const std::string id = class_id(source, field);
      ASSERT_FALSE(id.empty()) << field << " is not 32 hex digits in " << source;
      EXPECT_EQ(ids.find(id), std::string::npos) << "class id drawn twice: " << id;
      ids += id + " ";
    }

    const fs::path build = dir / "build";
    const fs::path user_vst3 = tmp.path() / "user-vst3";
    const ShellResult configured = run(configure(dir, build, prefix, " -DPLINTH_USER_VST3_DIR=" + quoted(user_vst3)));
    ASSERT_EQ(configured.status, 0) << configured.output;
    const ShellResult built = run(std::string(PLINTH_CMAKE) + " --build " + quoted(build));
    ASSERT_EQ(built.status, 0) << built.output;
    EXPECT_EQ(built.output.find("warning:"), std::string::npos) << built.output;

    const fs::path bundle = build / "vst3" / (std::string(p.name) + ".vst3");
    EXPECT_TRUE(fs::exists(bundle / "Contents" / "Resources" / "moduleinfo.json"));
    expect_validates(plinth, bundle);
    const ShellResult rendered = run(quoted(plinth) + " render " + quoted(bundle) + " " + p.render_args + " -o " +
                                     quoted(tmp.path() / (std::string(p.name) + ".wav")));
    EXPECT_EQ(rendered.status, 0) << rendered.output;
    const double peak = rendered_peak(rendered.output);
    EXPECT_GT(peak, -40.0) << rendered.output;  // sound, not silence (-200)
    EXPECT_LT(peak, 0.0) << rendered.output;    // and not clipped

    // The project's own tests (validate and render through ctest) pass as written.
    const ShellResult tested = run(std::string(PLINTH_CTEST) + " --test-dir " + quoted(build) + " --output-on-failure");
    EXPECT_EQ(tested.status, 0) << tested.output;
    EXPECT_NE(tested.output.find("100% tests passed, 0 tests failed out of 2"), std::string::npos) << tested.output;

    // plinth_install_user copies the whole bundle into the user's VST 3 folder.
    const ShellResult installed_user =
        run(std::string(PLINTH_CMAKE) + " --build " + quoted(build) + " --target plinth_install_user");
    EXPECT_EQ(installed_user.status, 0) << installed_user.output;
    const fs::path copied = user_vst3 / (std::string(p.name) + ".vst3") / "Contents";
    EXPECT_TRUE(fs::exists(copied / "x86_64-linux" / (std::string(p.name) + ".so")));
    EXPECT_TRUE(fs::exists(copied / "Resources" / "moduleinfo.json"));
  }
}

// Bad input: one "plinth: error:" line, a non-zero exit and nothing written.
TEST(NewProject, RefusesBadNamesAndFoldersInUse) {
  TempDir tmp("new_project_errors");
  const fs::path dir = tmp.path() / "out";
  struct Case {
    std::string args;
    std::string says;
  };
  const Case cases[] = {
      {"1Delay --kind effect", "upper-case letter"},
      {"myDelay --kind effect", "upper-case letter"},
      {"My-Delay --kind effect", "letters, digits and '_'"},
      {"My__Delay --kind effect", "'__'"},
      {"Test --kind effect", "CMake target 'test'"},
      {"All --kind instrument", "CMake target 'all'"},
      {"MyDelay --kind reverb", "reverb not in"},
      {"MyDelay", "--kind is required"},
      {"--kind effect", "name is required"},
  };
  for (const Case& c : cases) {
    const auto r = plinth::test::run_plinth("new " + c.args + " --dir " + quoted(dir));
    EXPECT_NE(r.status, 0) << c.args;
    EXPECT_EQ(r.out.rfind("plinth: error: ", 0), 0U) << c.args << ": " << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << c.args << ": " << r.out;
    EXPECT_NE(r.out.find(c.says), std::string::npos) << c.args << ": " << r.out;
    EXPECT_FALSE(fs::exists(dir)) << c.args;
  }

  // A folder that holds anything is never written into; a file is not a folder.
  fs::create_directories(dir);
  std::ofstream(dir / "keep.txt") << "mine";
  auto r = plinth::test::run_plinth("new MyDelay --kind effect --dir " + quoted(dir));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("already exists and is not empty"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir / "CMakeLists.txt"));
  r = plinth::test::run_plinth("new MyDelay --kind effect --dir " + quoted(dir / "keep.txt"));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("is not a folder"), std::string::npos) << r.out;

  // An empty folder is fine, and names snake-case into the file and target names.
  fs::create_directories(tmp.path() / "empty");
  r = plinth::test::run_plinth("new EQFilter2 --kind effect --dir " + quoted(tmp.path() / "empty"));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(fs::exists(tmp.path() / "empty" / "src" / "eq_filter2.cpp"));
  EXPECT_NE(read_text(tmp.path() / "empty" / "CMakeLists.txt").find("plinth_add_plugin(eq_filter2 NAME EQFilter2"),
            std::string::npos);
}

}  // namespace

#pragma once
// The subcommands of the `plinth` tool. Each returns the process exit code.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "plinth/host/instance.h"
#include "plinth/host/module.h"

namespace CLI {
class App;
}

namespace plinth::tool {

int moduleinfo(const std::string& bundle, const std::string& output);
int info(const std::string& bundle);

struct ValidateOptions {
  std::string bundle;
  bool verbose = false;
  bool json = false;              // machine-readable report on stdout
  bool isolate = true;            // each check in a forked child (--no-fork: in this process)
  double timeout_seconds = 60.0;  // per check, isolated only
  std::string check_filter;       // run only checks whose name contains this
};
int validate(const ValidateOptions& options);

struct RenderOptions {
  std::string bundle;
  std::string input;
  std::string output;
  double sine_hz = 0.0;
  double seconds = 1.0;
  double sample_rate = 48000.0;
  double tail_seconds = 0.0;
  int block = 512;
  bool double_precision = false;
  std::vector<std::string> params;  // ID=VALUE
  // Notes for instruments: "PITCH:VELOCITY:START:LENGTH,..." (seconds, or beats at
  // 120 BPM with a 'b' suffix), or @FILE with one such entry per line.
  std::string notes;
  std::string midi;  // a standard MIDI file's notes instead (format 0 or 1)
  // A reference WAV the render must match: the largest sample difference, in dB re the
  // reference's peak (full scale if it is silent), must be at or below -golden_tolerance_db.
  std::string golden;
  double golden_tolerance_db = 90.0;
};
int render(const RenderOptions& options);

struct PlotOptions {
  std::string bundle;
  std::string output;               // SVG file; may be empty with `table`
  std::vector<std::string> params;  // ID=VALUE
  std::string what = "magnitude,phase,impulse,thd";
  double sample_rate = 48000.0;
  int block = 512;
  double from_hz = 20.0, to_hz = 20000.0;
  double thd_hz = 1000.0;      // sine of the distortion plots
  double level_dbfs = -6.0;    // level of the harmonics plot's sine and of --method sine
  std::string method = "impulse";  // magnitude and phase from the impulse response, or "sine": stepped sines
  double max_seconds = 10.0;   // longest impulse response recorded
  double impulse_dbfs = 0.0;   // impulse height; lower shows a saturating effect's small-signal response
  bool table = false;          // the measured numbers as CSV on standard output
};
int plot(const PlotOptions& options);

// bench and profile time the same way (timing.h) and take the same options.
struct TimedRunOptions {
  std::string bundle;
  int block = 64;
  double seconds = 2.0;
  double sample_rate = 48000.0;
  bool double_precision = false;
  std::vector<std::string> params;  // ID=VALUE
};
int bench(const TimedRunOptions& options);
int profile(const TimedRunOptions& options);

struct RtcheckOptions {
  std::string bundle;
  int blocks = 2000;  // per sample size
  double sample_rate = 48000.0;
  int block = 1024;  // largest block; sizes are random up to it
  unsigned seed = 1;
  int frames = 16;  // frames shown per stack
};
int rtcheck(const RtcheckOptions& options);

struct FuzzOptions {
  std::string bundle;
  long runs = 2000;
  unsigned seed = 1;
  int batch = 500;              // executions per child process
  std::string crash_dir = ".";  // where a crashing blob is written
  double hang_seconds = 30;     // a batch with no execution finished for this long hangs
};
int fuzz(const FuzzOptions& options);

struct PresetSaveOptions {
  std::string bundle;
  std::string output;
  std::vector<std::string> params;  // ID=VALUE, applied after the program
  int program = -1;                 // factory program index; -1: none
};
int preset_save(const PresetSaveOptions& options);
int preset_load(const std::string& bundle, const std::string& file);
// `bundle` may be empty; when given, the preset's class id must be its processor's.
int preset_list(const std::string& file, const std::string& bundle);

// `plinth new` (new.cpp) defines its own options on the command line.
struct NewOptions {
  std::string name;
  std::string kind;  // effect, instrument
  std::string dir;   // default: ./NAME
};
CLI::App* add_new_command(CLI::App& app, NewOptions& options);
int new_project(const NewOptions& options);
struct EditorOptions {
  std::string bundle;
  std::string screenshot;           // PNG of the window once painted
  std::vector<std::string> drags;   // ID=VALUE: drag the knob there with synthetic input
  int cycles = 1;                   // open and close the editor this many times
  bool destroy_parent_first = false;
  double seconds = -1.0;            // interactive: until the window is closed
  float scale = 1.0f;
  std::string resize;               // WxH: a host-side resize (check_size_constraint, on_size)
  float late_scale = 0.0f;          // set_content_scale_factor after attached (0: no)
  std::string double_click;         // ID: double-click that knob (back to its default)
  bool play = false;                // an audio thread processes a tone while the editor is open
};
int editor(const EditorOptions& options);

// Shared helpers ------------------------------------------------------------

// Prints "plinth: error: <message>" to stderr and returns 1.
int fail(const std::string& message);
// Loads a module, printing the error; null on failure.
std::unique_ptr<host::Module> load_module(const std::string& path);
// The first audio processor class, or null (with an error printed).
const host::ClassInfo* first_processor(const host::Module& module);
// "Stereo", "Mono", "5.1", or the channel count.
std::string arrangement_name(std::uint64_t arrangement);
// Parses ID=VALUE against an instance's parameters (ID: number or title; VALUE:
// the plugin's own text for it, or a plain number). False with `error` set.
bool parse_param(host::PluginInstance& instance, const std::string& spec, host::ParamChange& out, std::string& error);

}  // namespace plinth::tool

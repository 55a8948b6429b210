// plinth: load, inspect, validate, render through and benchmark VST 3 bundles.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <iostream>

#include "arguments.h"
#include "commands.h"
#include "fuzz.h"
#include "plinth/host/checks.h"

int main(int argc, char** argv) {
  // On Windows `plinth validate` runs each check, and `plinth fuzz` each batch, in a new
  // process of this executable, started with a command line that says so.
  const auto command_line = plinth::tool::utf8_arguments(argc, argv);
  if (const auto code = plinth::host::serve_isolated_check(command_line)) return *code;
  if (const auto code = plinth::tool::fuzzing::serve_batch(command_line)) return *code;

  CLI::App app{"plinth: inspect, validate, render through and benchmark VST 3 plugins"};
  app.require_subcommand(1);
  // CLI11 reads "/name" as an option on Windows by default; here it is a path.
  app.allow_windows_style_options(false);

  std::string bundle;
  std::string output;
  auto* moduleinfo =
      app.add_subcommand("moduleinfo", "Write the bundle's moduleinfo.json from what its factory reports");
  moduleinfo->add_option("bundle", bundle, "Path of the .vst3 bundle (or .so)")->required();
  moduleinfo->add_option("-o,--output", output, "File to write (default: standard output)");

  auto* info = app.add_subcommand("info", "Show classes, buses, parameters, latency and tail");
  info->add_option("bundle", bundle, "Path of the .vst3 bundle (or .so)")->required();

  plinth::tool::ValidateOptions vo;
  bool no_fork = false;
  auto* validate = app.add_subcommand("validate", "Run Plinth's compliance checks over every audio processor class");
  validate->add_option("bundle", vo.bundle, "Path of the .vst3 bundle (or .so)")->required();
  validate->add_flag("-v,--verbose", vo.verbose, "Print details of passing checks too");
  validate->add_flag("--json", vo.json, "Print a machine-readable report instead of text");
  validate->add_flag("--no-fork", no_fork, "Run the checks in this process (a crash ends the run)");
  validate->add_option("--timeout", vo.timeout_seconds, "Seconds a check may run before it fails")
      ->check(CLI::Range(0.1, 86400.0));
  validate->add_option("--check", vo.check_filter, "Run only the checks whose name contains this");

  plinth::tool::RenderOptions ro;
  auto* render = app.add_subcommand("render", "Render a WAV file (or a sine) through the plugin");
  render->add_option("bundle", ro.bundle, "Path of the .vst3 bundle (or .so)")->required();
  auto* in_opt = render->add_option("-i,--input", ro.input, "Input audio file");
  auto* sine_opt = render->add_option("--sine", ro.sine_hz, "Generate a sine of this frequency (Hz) instead of --input")
                       ->check(CLI::Range(0.001, 1.0e6));
  in_opt->excludes(sine_opt);
  render->add_option("--seconds", ro.seconds, "Length of the generated sine")->check(CLI::Range(0.0, 3600.0));
  render->add_option("--rate", ro.sample_rate, "Sample rate of the generated sine")
      ->check(CLI::Range(8000.0, 768000.0));
  render->add_option("--tail", ro.tail_seconds, "Extra seconds rendered after the input")
      ->check(CLI::Range(0.0, 600.0));
  render->add_option("-o,--output", ro.output, "Output WAV file")->required();
  render->add_option("-b,--block", ro.block, "Block size in samples")->check(CLI::Range(1, 65536));
  render->add_flag("--double", ro.double_precision, "Process in 64-bit");
  render->add_option("-p,--param", ro.params, "Set a parameter: ID=VALUE (ID is the number or the title)");
  auto* notes_opt = render->add_option("--notes", ro.notes,
                                       "Notes to play: PITCH:VELOCITY:START:LENGTH,... in seconds (or beats at "
                                       "120 BPM: 1b), or @FILE with one per line");
  notes_opt->excludes(in_opt);
  auto* midi_opt = render->add_option("--midi", ro.midi,
                                      "Notes to play from a standard MIDI file (format 0 or 1; notes and tempo only)");
  midi_opt->excludes(in_opt)->excludes(sine_opt)->excludes(notes_opt);
  render->add_option("--golden", ro.golden, "Compare the render with this reference WAV; fail beyond --tolerance");
  render->add_option("--tolerance", ro.golden_tolerance_db,
                     "dB below the reference's peak the largest difference must stay (default 90)")
      ->check(CLI::Range(0.0, 400.0));

  plinth::tool::PlotOptions po;
  auto* plot = app.add_subcommand("plot", "Measure an effect's frequency, impulse and distortion response as SVG");
  plot->add_option("bundle", po.bundle, "Path of the .vst3 bundle (or .so)")->required();
  plot->add_option("-o,--output", po.output, "SVG file to write");
  plot->add_option("-p,--param", po.params, "Set a parameter: ID=VALUE (ID is the number or the title)");
  plot->add_option("--what", po.what, "Plots, comma-separated: magnitude,phase,impulse,thd,harmonics");
  plot->add_option("--rate", po.sample_rate, "Sample rate")->check(CLI::Range(8000.0, 768000.0));
  plot->add_option("-b,--block", po.block, "Block size in samples")->check(CLI::Range(1, 65536));
  plot->add_option("--from", po.from_hz, "Lowest frequency plotted (Hz)")->check(CLI::Range(1.0, 1.0e6));
  plot->add_option("--to", po.to_hz, "Highest frequency plotted (Hz, at most Nyquist)")->check(CLI::Range(1.0, 1.0e6));
  plot->add_option("--sine", po.thd_hz, "Frequency of the distortion plots' sine (Hz)")->check(CLI::Range(1.0, 1.0e6));
  plot->add_option("--method", po.method, "Magnitude and phase from the impulse response or from stepped sines")
      ->check(CLI::IsMember({"impulse", "sine"}));
  plot->add_option("--level", po.level_dbfs, "Level of the harmonics plot's sine and of --method sine (dBFS peak)")
      ->check(CLI::Range(-120.0, 0.0));
  plot->add_option("--max-seconds", po.max_seconds, "Longest impulse response recorded")->check(CLI::Range(0.01, 60.0));
  plot->add_option("--impulse-level", po.impulse_dbfs, "Height of the measuring impulse (dBFS)")
      ->check(CLI::Range(-120.0, 0.0));
  plot->add_flag("--table", po.table, "Print the measured numbers as CSV on standard output");

  // bench and profile share their timing loop and so their options.
  auto add_timing_options = [](CLI::App* command, plinth::tool::TimedRunOptions& o) {
    command->add_option("bundle", o.bundle, "Path of the .vst3 bundle (or .so)")->required();
    command->add_option("-b,--block", o.block, "Block size in samples")->check(CLI::Range(1, 65536));
    command->add_option("-s,--seconds", o.seconds, "Wall-clock seconds to run")->check(CLI::Range(0.01, 3600.0));
    command->add_option("--rate", o.sample_rate, "Sample rate")->check(CLI::Range(8000.0, 768000.0));
    command->add_flag("--double", o.double_precision, "Process in 64-bit");
    command->add_option("-p,--param", o.params, "Set a parameter: ID=VALUE (ID is the number or the title)");
  };
  plinth::tool::TimedRunOptions bo;
  auto* bench = app.add_subcommand("bench", "Time process calls");
  add_timing_options(bench, bo);
  plinth::tool::TimedRunOptions pro;
  auto* profile =
      app.add_subcommand("profile", "Per-block time (median, p99, worst), real-time load and probe times");
  add_timing_options(profile, pro);

  plinth::tool::RtcheckOptions rto;
  auto* rtcheck = app.add_subcommand("rtcheck", "Report allocations, locks, waits and I/O on the audio thread");
  rtcheck->add_option("bundle", rto.bundle, "Path of the .vst3 bundle (or .so)")->required();
  rtcheck->add_option("--blocks", rto.blocks, "Blocks per sample size (32- and 64-bit)")
      ->check(CLI::Range(1, 10000000));
  rtcheck->add_option("--rate", rto.sample_rate, "Sample rate")->check(CLI::Range(8000.0, 768000.0));
  rtcheck->add_option("-b,--block", rto.block, "Largest block; sizes are random up to it")->check(CLI::Range(1, 65536));
  rtcheck->add_option("--seed", rto.seed, "Seed of the random block sizes, automation and notes");
  rtcheck->add_option("--frames", rto.frames, "Frames shown per stack")->check(CLI::Range(1, 64));

  plinth::tool::FuzzOptions fo;
  auto* fuzz = app.add_subcommand("fuzz", "Feed mutated states to set_state and set_component_state");
  fuzz->add_option("bundle", fo.bundle, "Path of the .vst3 bundle (or .so)")->required();
  fuzz->add_option("-n,--runs", fo.runs, "Executions (one mutated state each)")->check(CLI::Range(1L, 1000000000L));
  fuzz->add_option("--seed", fo.seed, "Seed of the mutations");
  fuzz->add_option("--batch", fo.batch, "Executions per child process")->check(CLI::Range(1, 1000000));
  fuzz->add_option("--crash-dir", fo.crash_dir, "Folder for the state that crashed the plugin");
  fuzz->add_option("--hang-seconds", fo.hang_seconds, "An execution running longer than this is a hang (default 30)")
      ->check(CLI::Range(0.1, 86400.0));

  plinth::tool::PresetSaveOptions pso;
  std::string preset_file;
  auto* preset = app.add_subcommand("preset", "Save, load and list .vstpreset files");
  preset->require_subcommand(1);
  auto* preset_save = preset->add_subcommand("save", "Write the plugin's state (after -p/--program) as a .vstpreset");
  preset_save->add_option("bundle", pso.bundle, "Path of the .vst3 bundle (or .so)")->required();
  preset_save->add_option("-o,--output", pso.output, "The .vstpreset file to write")->required();
  preset_save->add_option("-p,--param", pso.params, "Set a parameter: ID=VALUE (ID is the number or the title)");
  preset_save->add_option("--program", pso.program, "Select this factory program (0-based) first")
      ->check(CLI::Range(0, 1 << 20));
  auto* preset_load = preset->add_subcommand("load", "Load a .vstpreset into a fresh instance and print the values");
  preset_load->add_option("bundle", bundle, "Path of the .vst3 bundle (or .so)")->required();
  preset_load->add_option("file", preset_file, "The .vstpreset file")->required();
  auto* preset_list = preset->add_subcommand("list", "Show a .vstpreset's header and chunks");
  preset_list->add_option("file", preset_file, "The .vstpreset file")->required();
  preset_list->add_option("bundle", bundle, "Also check the class id against this bundle's processor");

  plinth::tool::NewOptions no;
  auto* create = plinth::tool::add_new_command(app, no);
  plinth::tool::EditorOptions eo;
  auto* editor = app.add_subcommand("editor", "Open the plugin's editor in a window (X11 on Linux, Win32 on Windows)");
  editor->add_option("bundle", eo.bundle, "Path of the .vst3 bundle (or .so)")->required();
  editor->add_option("--screenshot", eo.screenshot, "Write a PNG of the editor once painted");
  editor->add_option("--drag", eo.drags, "Drag a knob to ID=VALUE with synthetic input and report the edits");
  editor->add_option("--cycles", eo.cycles, "Open and close the editor N times")->check(CLI::Range(1, 100000));
  editor->add_flag("--destroy-parent-first", eo.destroy_parent_first, "Destroy the parent window before removed()");
  editor->add_option("--seconds", eo.seconds, "Close after this many seconds")->check(CLI::Range(0.0, 86400.0));
  editor->add_option("--scale", eo.scale, "Content scale factor")->check(CLI::Range(0.5, 4.0));
  editor->add_option("--resize", eo.resize, "Resize the window to WxH the way a host does, after opening");
  editor->add_option("--double-click", eo.double_click, "Double-click the knob of parameter ID (number or title)");
  editor->add_flag("--play", eo.play,
                   "Process a tone on an audio thread (under the real-time trap) while the editor is open");
  editor->add_option("--late-scale", eo.late_scale, "Set the content scale factor after attached()")
      ->check(CLI::Range(0.5, 4.0));

  try {
    std::vector<std::string> arguments = plinth::tool::utf8_arguments(argc, argv);
    std::vector<char*> pointers;
    for (auto& a : arguments) pointers.push_back(a.data());
    app.parse(static_cast<int>(pointers.size()), pointers.data());
  } catch (const CLI::ParseError& e) {
    // --help prints usage; every other parse error is one line like the rest.
    if (e.get_exit_code() == 0) return app.exit(e);
    return plinth::tool::fail(e.what());
  }

  try {
    if (*moduleinfo) return plinth::tool::moduleinfo(bundle, output);
    if (*info) return plinth::tool::info(bundle);
    if (*validate) {
      vo.isolate = !no_fork;
      return plinth::tool::validate(vo);
    }
    if (*render) {
      if (ro.input.empty() && ro.sine_hz <= 0.0 && ro.notes.empty() && ro.midi.empty())
        return plinth::tool::fail("render needs --input FILE, --sine FREQ, --notes LIST or --midi FILE");
      return plinth::tool::render(ro);
    }
    if (*plot) return plinth::tool::plot(po);
    if (*editor) return plinth::tool::editor(eo);
    if (*bench) return plinth::tool::bench(bo);
    if (*profile) return plinth::tool::profile(pro);
    if (*rtcheck) return plinth::tool::rtcheck(rto);
    if (*fuzz) return plinth::tool::fuzz(fo);
    if (*preset_save) return plinth::tool::preset_save(pso);
    if (*preset_load) return plinth::tool::preset_load(bundle, preset_file);
    if (*preset_list) return plinth::tool::preset_list(preset_file, bundle);
    if (*create) return plinth::tool::new_project(no);
  } catch (const std::exception& e) {
    return plinth::tool::fail(e.what());
  }
  return 1;
}

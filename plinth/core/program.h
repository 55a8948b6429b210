#pragma once
// Parameter groups and factory programs, declared in the plugin class:
//
//   const plinth::Group& detector = declare_group(1, "Detector");
//   const plinth::Group& timing = declare_group(2, "Timing", detector);  // nested
//   plinth::Param& attack = declare(ParamSpec::...(3, "Attack", ...).in_group(timing));
//   Ducker() { programs({{"Init", {}}, {"Gentle", {{"Depth", -6.0}, {"Release", 600.0}}}}); }
//
// A group is a VST 3 unit; group 0 is the root and is never declared. A program names
// parameters by their name and gives plain values (as the author thinks of them); every
// parameter it does not name returns to its default, so "Init" with no values is the
// defaults and selecting a program always gives the same sound whatever came before.
// Bypass and read-only parameters are never touched by a program.
//
// Format-neutral: the bridge publishes groups as units and programs as a program list
// plus a program-change parameter.

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace plinth {

// The id of the program-change parameter the framework adds when a plugin declares
// programs (beside bypass_param_id); also the id of the program list it selects from.
inline constexpr std::uint32_t program_param_id = 0x7fff0001;

class Param;

struct Group {
  std::int32_t id = 0;
  std::string name;
  std::int32_t parent = 0;  // 0: the root

  // So `.in_group(filter)` and `declare_group(2, "Env", filter)` read as declarations.
  operator std::int32_t() const noexcept { return id; }  // NOLINT(google-explicit-constructor)
};

struct Program {
  std::string name;
  std::vector<std::pair<std::string, double>> values;  // parameter name -> plain value
};

// A program resolved against the plugin's parameters at finalize: the normalized value
// of every parameter a program sets, so selecting it on the audio thread is only stores.
struct ProgramValues {
  std::vector<std::pair<Param*, double>> values;
};

// Empty when the groups are usable, else what is wrong (ids, names, parents).
[[nodiscard]] std::string check_groups(std::span<const Group> groups);

// Resolves each program against `params` (unknown or ambiguous names, values out of
// range, duplicate program names and fewer than two programs are errors).
[[nodiscard]] std::string resolve_programs(std::span<const Program> programs, std::span<Param* const> params,
                                           std::vector<ProgramValues>& out);

// The program a normalized program-change value selects among `count` programs.
[[nodiscard]] int program_index(double normalized, int count) noexcept;

}  // namespace plinth

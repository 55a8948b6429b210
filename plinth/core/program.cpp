#include "plinth/core/program.h"

#include <algorithm>
#include <cmath>

#include "plinth/core/param.h"
#include "plinth/core/plugin.h"

namespace plinth {

std::string check_groups(std::span<const Group> groups) {
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const Group& g = groups[i];
    if (g.id <= 0) return "group '" + g.name + "' needs an id above 0 (0 is the root)";
    if (g.name.empty()) return "group " + std::to_string(g.id) + " has no name";
    bool parent_seen = g.parent == 0;
    // A parent declared earlier rules out cycles without a graph walk.
    for (std::size_t k = 0; k < i; ++k) {
      if (groups[k].id == g.id) return "two groups share the id " + std::to_string(g.id);
      if (groups[k].id == g.parent) parent_seen = true;
    }
    if (!parent_seen)
      return "group '" + g.name + "' names parent " + std::to_string(g.parent) + ", which is not declared before it";
  }
  return {};
}

std::string resolve_programs(std::span<const Program> programs, std::span<Param* const> params,
                             std::vector<ProgramValues>& out) {
  out.clear();
  if (programs.empty()) return {};
  if (programs.size() < 2) return "declare at least two programs (one is not a choice)";
  auto settable = [&](const Param* p) {
    return !p->spec().flags.read_only && !p->spec().flags.bypass && p->id() != program_param_id;
  };
  for (std::size_t i = 0; i < programs.size(); ++i) {
    const Program& program = programs[i];
    if (program.name.empty()) return "program " + std::to_string(i) + " has no name";
    for (std::size_t k = 0; k < i; ++k)
      if (programs[k].name == program.name) return "two programs are named '" + program.name + "'";

    ProgramValues resolved;
    for (Param* p : params)
      if (settable(p)) resolved.values.emplace_back(p, p->spec().default_normalized());
    for (const auto& [name, plain] : program.values) {
      const std::string where = "program '" + program.name + "': ";
      Param* found = nullptr;
      for (Param* p : params) {
        if (p->spec().name != name) continue;
        if (found != nullptr) return where + "two parameters are named '" + name + "'";
        found = p;
      }
      if (found == nullptr) return where + "no parameter is named '" + name + "'";
      if (!settable(found)) return where + "'" + name + "' cannot be set by a program (bypass or read-only)";
      const ParamSpec& s = found->spec();
      if (!std::isfinite(plain) || plain < s.min || plain > s.max)
        return where + "'" + name + "' = " + std::to_string(plain) + " is outside " + std::to_string(s.min) + ".." +
               std::to_string(s.max);
      for (auto& [param, normalized] : resolved.values)
        if (param == found) normalized = s.to_normalized(plain);
    }
    out.push_back(std::move(resolved));
  }
  return {};
}

int program_index(double normalized, int count) noexcept {
  if (count <= 1 || !(normalized >= 0.0)) return 0;  // NaN and negatives select the first
  const double index = std::round(std::min(normalized, 1.0) * (count - 1));
  return static_cast<int>(index);
}

Group PluginCore::declare_group(std::int32_t id, std::string name, std::int32_t parent) {
  groups_.push_back(Group{id, std::move(name), parent});
  return groups_.back();
}

std::string PluginCore::finalize_programs() {
  if (std::string problem = check_groups(groups_); !problem.empty()) return problem;
  for (const Param* p : param_list_) {
    const std::int32_t g = p->spec().group;
    if (g != 0 && std::none_of(groups_.begin(), groups_.end(), [g](const Group& d) { return d.id == g; }))
      return "parameter '" + p->spec().name + "' is in group " + std::to_string(g) + ", which is not declared";
  }
  if (programs_.empty() || program_param_ != nullptr) return {};
  std::vector<ProgramValues> values;
  if (std::string problem = resolve_programs(programs_, param_list_, values); !problem.empty()) return problem;
  std::vector<std::string> names;
  for (const Program& program : programs_) names.push_back(program.name);
  // A list, not automatable, like the SDK's program-change sample: a program moves many
  // parameters at once, which would fight their own automation lanes. Hosts still send
  // it to process() when the user picks a program.
  program_param_ = &declare(ParamSpec::list(program_param_id, "Program", std::move(names), 0).not_automatable());
  program_values_ = std::move(values);
  return {};
}

bool PluginCore::change_program(double normalized, bool audio_thread) noexcept {
  if (program_param_ == nullptr || std::isnan(normalized)) return false;
  const int count = static_cast<int>(program_values_.size());
  const int before = program_index(program_param_->normalized(), count);
  program_param_->set_normalized(normalized);
  if (audio_thread) program_param_->retarget();
  const int after = program_index(program_param_->normalized(), count);
  // Only a different program applies: hosts re-send unchanged values (after a state load,
  // when syncing), and that must not wipe the edits made since.
  if (after == before) return false;
  for (const auto& [param, value] : program_values_[static_cast<std::size_t>(after)].values) {
    param->set_normalized(value);
    if (audio_thread) param->retarget();
  }
  return true;
}

}  // namespace plinth

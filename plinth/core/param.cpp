#include "plinth/core/param.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

namespace plinth {

namespace {

double clamp01(double n) noexcept { return n < 0.0 ? 0.0 : (n > 1.0 ? 1.0 : n); }

std::string format_fixed(double value, int precision) {
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed,
                                    std::clamp(precision, 0, 12));
  if (result.ec != std::errc{}) return "?";
  std::string text(buffer.data(), result.ptr);
  if (text == "-0" || text.find_first_not_of("-0.") == std::string::npos) {
    if (!text.empty() && text[0] == '-') text.erase(0, 1);  // no "-0.00"
  }
  return text;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

ParamSpec make(ParamId id, std::string name, ParamKind kind, double min, double max, double def) {
  ParamSpec s;
  s.id = id;
  s.name = std::move(name);
  s.kind = kind;
  s.min = min;
  s.max = max;
  s.default_value = def;
  return s;
}

}  // namespace

ParamSpec ParamSpec::linear(ParamId id, std::string name, double min, double max, double def) {
  return make(id, std::move(name), ParamKind::linear, min, max, def);
}
ParamSpec ParamSpec::logarithmic(ParamId id, std::string name, double min, double max, double def) {
  return make(id, std::move(name), ParamKind::logarithmic, min, max, def);
}
ParamSpec ParamSpec::decibel(ParamId id, std::string name, double min_db, double max_db, double def_db) {
  ParamSpec s = make(id, std::move(name), ParamKind::decibel, min_db, max_db, def_db);
  s.unit = "dB";
  return s;
}
ParamSpec ParamSpec::integer(ParamId id, std::string name, int min, int max, int def) {
  ParamSpec s = make(id, std::move(name), ParamKind::integer, min, max, def);
  s.precision = 0;
  return s;
}
ParamSpec ParamSpec::list(ParamId id, std::string name, std::vector<std::string> labels, int def_index) {
  const double last = labels.empty() ? 0.0 : static_cast<double>(labels.size() - 1);
  ParamSpec s = make(id, std::move(name), ParamKind::list, 0.0, last, def_index);
  s.labels = std::move(labels);
  s.precision = 0;
  return s;
}
ParamSpec ParamSpec::boolean(ParamId id, std::string name, bool def) {
  ParamSpec s = make(id, std::move(name), ParamKind::boolean, 0.0, 1.0, def ? 1.0 : 0.0);
  s.precision = 0;
  return s;
}

int ParamSpec::step_count() const noexcept {
  switch (kind) {
    case ParamKind::integer:
    case ParamKind::list: return static_cast<int>(std::lround(max - min));
    case ParamKind::boolean: return 1;
    default: return 0;
  }
}

double ParamSpec::to_plain(double normalized) const noexcept {
  if (std::isnan(normalized)) return default_value;
  const double n = clamp01(normalized);
  switch (kind) {
    case ParamKind::linear:
    case ParamKind::decibel: return min + n * (max - min);
    case ParamKind::logarithmic: return min * std::pow(max / min, n);
    case ParamKind::integer:
    case ParamKind::list: return min + std::round(n * (max - min));
    case ParamKind::boolean: return n >= 0.5 ? 1.0 : 0.0;
  }
  return default_value;
}

double ParamSpec::to_normalized(double plain) const noexcept {
  if (std::isnan(plain)) plain = default_value;
  plain = std::clamp(plain, min, max);
  if (max <= min) return 0.0;
  switch (kind) {
    case ParamKind::linear:
    case ParamKind::decibel: return (plain - min) / (max - min);
    case ParamKind::logarithmic: return std::log(plain / min) / std::log(max / min);
    case ParamKind::integer:
    case ParamKind::list: return std::round(plain - min) / (max - min);
    case ParamKind::boolean: return plain >= 0.5 ? 1.0 : 0.0;
  }
  return 0.0;
}

std::string ParamSpec::to_text(double plain) const {
  if (std::isnan(plain)) plain = default_value;
  plain = std::clamp(plain, min, max);
  switch (kind) {
    case ParamKind::boolean: return plain >= 0.5 ? "On" : "Off";
    case ParamKind::list: {
      const auto index = static_cast<std::size_t>(std::lround(plain - min));
      return index < labels.size() ? labels[index] : format_fixed(plain, 0);
    }
    case ParamKind::integer: return format_fixed(std::round(plain), 0);
    case ParamKind::logarithmic:
    case ParamKind::linear:
      if (unit == "Hz" && plain >= 1000.0) return format_fixed(plain / 1000.0, precision) + " k";
      return format_fixed(plain, precision);
    case ParamKind::decibel: return format_fixed(plain, precision);
  }
  return {};
}

std::optional<double> ParamSpec::from_text(std::string_view text) const {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  if (kind == ParamKind::boolean) {
    for (std::string_view on : {"on", "true", "yes", "1"})
      if (equals_ignoring_case(text, on)) return 1.0;
    for (std::string_view off : {"off", "false", "no", "0"})
      if (equals_ignoring_case(text, off)) return 0.0;
    return std::nullopt;
  }
  if (kind == ParamKind::list) {
    for (std::size_t i = 0; i < labels.size(); ++i)
      if (equals_ignoring_case(text, labels[i])) return min + static_cast<double>(i);
  }
  if (equals_ignoring_case(text, "-inf")) return min;
  double value = 0.0;
  const char* first = text.data();
  if (*first == '+') ++first;  // from_chars does not take a leading '+'
  const auto [end, ec] = std::from_chars(first, text.data() + text.size(), value);
  if (ec != std::errc{} || !std::isfinite(value)) return std::nullopt;
  std::string_view rest = trim(std::string_view(end, static_cast<std::size_t>(text.data() + text.size() - end)));
  // An optional "k" multiplier, then optionally the unit.
  if (!rest.empty() && (rest.front() == 'k' || rest.front() == 'K') && !equals_ignoring_case(rest, unit)) {
    value *= 1000.0;
    rest = trim(rest.substr(1));
  }
  if (!rest.empty() && !equals_ignoring_case(rest, unit)) return std::nullopt;
  if (kind == ParamKind::integer || kind == ParamKind::list) value = std::round(value);
  return std::clamp(value, min, max);
}

std::string ParamSpec::check() const {
  if (name.empty()) return "parameter " + std::to_string(id) + " has no name";
  if (!(std::isfinite(min) && std::isfinite(max) && std::isfinite(default_value)))
    return "parameter '" + name + "' has a non-finite range or default";
  if (!(max > min)) return "parameter '" + name + "' needs max > min";
  if (kind == ParamKind::logarithmic && !(min > 0.0)) return "logarithmic parameter '" + name + "' needs min > 0";
  if (kind == ParamKind::list && labels.size() < 2) return "list parameter '" + name + "' needs at least two labels";
  if (default_value < min || default_value > max) return "parameter '" + name + "' has its default outside its range";
  if (id == 0xffffffffu) return "parameter '" + name + "' uses the reserved id 0xffffffff";
  return {};
}

Param::Param(ParamSpec spec) : spec_(std::move(spec)), normalized_(spec_.default_normalized()) {
  smoother_.set_ramp_time(0.0);  // no ramps before prepare_smoothing knows the sample rate
  smoother_.set_current_and_target(smoothing_target());
}

void Param::set_normalized(double n) noexcept {
  if (std::isnan(n)) return;
  normalized_.store(clamp01(n), std::memory_order_relaxed);
  // Release: whoever sees the new count sees the value stored before it.
  if (changes_ != nullptr) changes_->fetch_add(1, std::memory_order_release);
}

void Param::prepare_smoothing(double sample_rate, int max_block_size) {
  smoother_.prepare(sample_rate);
  smoother_.set_ramp_time(spec_.smoothing_ms * 0.001);
  block_f_.assign(static_cast<std::size_t>(std::max(max_block_size, 0)), 0.0f);
  block_d_.assign(static_cast<std::size_t>(std::max(max_block_size, 0)), 0.0);
  snap();
}

double Param::smoothing_target() const noexcept {
  const double plain = value();
  return spec_.kind == ParamKind::decibel ? std::pow(10.0, plain / 20.0) : plain;
}

}  // namespace plinth

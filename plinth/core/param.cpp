#include "plinth/core/param.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <utility>

namespace plinth {

namespace {

double clamp01(double n) noexcept { return n < 0.0 ? 0.0 : (n > 1.0 ? 1.0 : n); }

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

std::string lower_without_spaces(std::string_view s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct NumberAndRest {
  double value;
  std::string_view rest;  // trimmed
};

// A leading finite number and what follows it.
std::optional<NumberAndRest> read_number(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (*first == '+') ++first;  // from_chars does not take a leading '+'
  double value = 0.0;
  const auto [end, ec] = std::from_chars(first, last, value);
  if (ec != std::errc{} || !std::isfinite(value)) return std::nullopt;
  return NumberAndRest{value, trim(std::string_view(end, static_cast<std::size_t>(last - end)))};
}

// Rounded to `digits` significant digits, multiplying and dividing by exact powers of ten.
double round_significant(double value, int digits) {
  if (value == 0.0 || !std::isfinite(value)) return value;
  const int shift = digits - 1 - static_cast<int>(std::floor(std::log10(std::abs(value))));
  const double scale = std::pow(10.0, std::abs(shift));
  return shift >= 0 ? std::round(value * scale) / scale : std::round(value / scale) * scale;
}

// A number with a unit that switches at 1000: "440 Hz" / "1.20 kHz", "12.5 ms" / "1.20 s".
std::string format_scaled(double value, const char* small_unit, const char* large_unit) {
  const double r = round_significant(value, 3);
  if (std::abs(r) >= 1000.0) return param_text::significant(r / 1000.0, 3) + " " + large_unit;
  return param_text::significant(r, 3) + " " + small_unit;
}

std::optional<double> parse_scaled(std::string_view text, std::initializer_list<std::string_view> small_units,
                                   std::initializer_list<std::string_view> large_units) {
  const auto n = read_number(text);
  if (!n) return std::nullopt;
  if (n->rest.empty()) return n->value;
  for (std::string_view u : small_units)
    if (equals_ignoring_case(n->rest, u)) return n->value;
  for (std::string_view u : large_units)
    if (equals_ignoring_case(n->rest, u)) return n->value * 1000.0;
  return std::nullopt;
}

// --- built-in mappings (captureless, so audio-thread safe) ---

double linear_to_plain(double n, const ParamSpec& s) { return s.min + n * (s.max - s.min); }
double linear_to_normalized(double p, const ParamSpec& s) { return (p - s.min) / (s.max - s.min); }
double log_to_plain(double n, const ParamSpec& s) { return s.min * std::pow(s.max / s.min, n); }
double log_to_normalized(double p, const ParamSpec& s) { return std::log(p / s.min) / std::log(s.max / s.min); }
double stepped_to_plain(double n, const ParamSpec& s) { return s.min + std::round(n * (s.max - s.min)); }
double stepped_to_normalized(double p, const ParamSpec& s) { return std::round(p - s.min) / (s.max - s.min); }

ParamMapping linear_mapping() { return {linear_to_plain, linear_to_normalized, {}, 0}; }
ParamMapping log_mapping() { return {log_to_plain, log_to_normalized, {}, 0}; }
ParamMapping stepped_mapping(double min, double max) {
  return {stepped_to_plain, stepped_to_normalized, {}, static_cast<int>(std::lround(max - min))};
}

// --- built-in text ---

// The first six kinds' numbers: fixed decimals, and "1.50 k" for kHz since the host adds "Hz".
std::string number_text(double plain, const ParamSpec& s) {
  if (s.unit == "Hz" && plain >= 1000.0) return param_text::fixed(plain / 1000.0, s.precision) + " k";
  return param_text::fixed(plain, s.precision);
}

// "-6", "-6 dB", "1.5k", "1.5 kHz", "-inf" (the minimum).
std::optional<double> number_parse(std::string_view text, const ParamSpec& s) {
  if (equals_ignoring_case(text, "-inf")) return s.min;
  auto n = read_number(text);
  if (!n) return std::nullopt;
  // An optional "k" multiplier, then optionally the unit.
  if (!n->rest.empty() && (n->rest.front() == 'k' || n->rest.front() == 'K') &&
      !equals_ignoring_case(n->rest, s.unit)) {
    n->value *= 1000.0;
    n->rest = trim(n->rest.substr(1));
  }
  if (!n->rest.empty() && !equals_ignoring_case(n->rest, s.unit)) return std::nullopt;
  return n->value;
}

std::string integer_text(double plain, const ParamSpec&) { return param_text::fixed(std::round(plain), 0); }

std::string list_text(double plain, const ParamSpec& s) {
  const auto index = static_cast<std::size_t>(std::lround(plain - s.min));
  return index < s.labels.size() ? s.labels[index] : param_text::fixed(plain, 0);
}

std::optional<double> list_parse(std::string_view text, const ParamSpec& s) {
  for (std::size_t i = 0; i < s.labels.size(); ++i)
    if (equals_ignoring_case(text, s.labels[i])) return s.min + static_cast<double>(i);
  return number_parse(text, s);
}

std::string boolean_text(double plain, const ParamSpec&) { return plain >= 0.5 ? "On" : "Off"; }

std::optional<double> boolean_parse(std::string_view text, const ParamSpec&) {
  for (std::string_view on : {"on", "true", "yes", "1"})
    if (equals_ignoring_case(text, on)) return 1.0;
  for (std::string_view off : {"off", "false", "no", "0"})
    if (equals_ignoring_case(text, off)) return 0.0;
  return std::nullopt;
}

std::string frequency_text(double hz, const ParamSpec&) { return format_scaled(hz, "Hz", "kHz"); }

std::optional<double> frequency_parse(std::string_view text, const ParamSpec&) {
  if (const auto note = param_text::note_number(text)) return 440.0 * std::pow(2.0, (*note - 69) / 12.0);
  return parse_scaled(text, {"hz"}, {"k", "khz"});
}

std::string time_text(double ms, const ParamSpec&) { return format_scaled(ms, "ms", "s"); }

std::optional<double> time_parse(std::string_view text, const ParamSpec&) {
  return parse_scaled(text, {"ms"}, {"s", "sec"});
}

std::string percent_text(double fraction, const ParamSpec& s) {
  return param_text::fixed(fraction * 100.0, s.precision) + " %";
}

std::optional<double> percent_parse(std::string_view text, const ParamSpec&) {
  const auto n = param_text::number(text, {"%"});
  return n ? std::optional<double>(*n / 100.0) : std::nullopt;
}

std::string pan_text(double pan, const ParamSpec&) {
  const long amount = std::lround(pan * 100.0);
  if (amount == 0) return "C";
  std::string text(1, amount < 0 ? 'L' : 'R');
  text += std::to_string(std::labs(amount));
  return text;
}

// "L50", "l 50", "R100", "C", "center", or a signed amount "-50" (left) .. "100" (right).
std::optional<double> pan_parse(std::string_view text, const ParamSpec&) {
  for (std::string_view centre : {"c", "center", "centre", "mid"})
    if (equals_ignoring_case(text, centre)) return 0.0;
  const char side = static_cast<char>(std::tolower(static_cast<unsigned char>(text.front())));
  if (side == 'l' || side == 'r') {
    const auto n = param_text::number(text.substr(1));
    if (!n || *n < 0.0 || text.substr(1).find_first_of("+-") != std::string_view::npos) return std::nullopt;
    return (side == 'l' ? -*n : *n) / 100.0;
  }
  const auto n = param_text::number(text);
  return n ? std::optional<double>(*n / 100.0) : std::nullopt;
}

std::string note_text(double note, const ParamSpec&) {
  return param_text::note_name(static_cast<int>(std::lround(note)));
}

std::optional<double> note_parse(std::string_view text, const ParamSpec&) {
  if (const auto note = param_text::note_number(text)) return *note;
  return param_text::number(text);
}

// "1/4", "1/4." and "1/4T", also "1/4 d", "1/4 dotted", "1/4 triplet", or an index.
std::optional<double> division_parse(std::string_view text, const ParamSpec& s) {
  std::string key = lower_without_spaces(text);
  for (const auto& [alias, canonical] : std::initializer_list<std::pair<std::string_view, std::string_view>>{
           {"dotted", "."}, {"triplets", "t"}, {"triplet", "t"}, {"d", "."}}) {
    if (key.size() > alias.size() && key.ends_with(alias)) {
      key = key.substr(0, key.size() - alias.size()) + std::string(canonical);
      break;
    }
  }
  for (std::size_t i = 0; i < s.labels.size(); ++i)
    if (lower_without_spaces(s.labels[i]) == key) return s.min + static_cast<double>(i);
  return param_text::number(text);
}

ParamSpec make(ParamId id, std::string name, ParamKind kind, double min, double max, double def, ParamMapping mapping,
               FormatFn format, ParseFn parse) {
  ParamSpec s;
  s.id = id;
  s.name = std::move(name);
  s.kind = kind;
  s.min = min;
  s.max = max;
  s.default_value = def;
  s.mapping = mapping;
  s.format = std::move(format);
  s.parse = std::move(parse);
  return s;
}

}  // namespace

namespace param_text {

std::string fixed(double value, int decimals) {
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed,
                                    std::clamp(decimals, 0, 12));
  if (result.ec != std::errc{}) return "?";
  std::string text(buffer.data(), result.ptr);
  if (!text.empty() && text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
  return text;
}

std::string significant(double value, int digits) {
  const double r = round_significant(value, digits);
  if (r == 0.0 || !std::isfinite(r)) return fixed(r, 0);
  const int decimals = digits - 1 - static_cast<int>(std::floor(std::log10(std::abs(r))));
  return fixed(r, std::max(decimals, 0));
}

std::optional<double> number(std::string_view text, std::initializer_list<std::string_view> suffixes) {
  const auto n = read_number(text);
  if (!n) return std::nullopt;
  if (n->rest.empty()) return n->value;
  for (std::string_view suffix : suffixes)
    if (equals_ignoring_case(n->rest, suffix)) return n->value;
  return std::nullopt;
}

std::optional<int> note_number(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  static constexpr std::array<int, 7> pitch_class{9, 11, 0, 2, 4, 5, 7};  // A B C D E F G
  const int letter = std::tolower(static_cast<unsigned char>(text.front())) - 'a';
  if (letter < 0 || letter > 6) return std::nullopt;
  int note = pitch_class[static_cast<std::size_t>(letter)];
  text.remove_prefix(1);
  if (!text.empty() && text.front() == '#') {
    ++note;
    text.remove_prefix(1);
  } else if (!text.empty() && text.front() == 'b') {
    --note;
    text.remove_prefix(1);
  }
  text = trim(text);
  int octave = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), octave);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || octave < -2 || octave > 10)
    return std::nullopt;
  return (octave + 1) * 12 + note;  // C4 = 60
}

std::string note_name(int note) {
  static constexpr std::array<const char*, 12> names{"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
  const int octave = (note >= 0 ? note / 12 : (note - 11) / 12) - 1;
  const int pc = note - (octave + 1) * 12;
  return names[static_cast<std::size_t>(pc)] + std::to_string(octave);
}

}  // namespace param_text

ParamSpec ParamSpec::linear(ParamId id, std::string name, double min, double max, double def) {
  return make(id, std::move(name), ParamKind::linear, min, max, def, linear_mapping(), number_text, number_parse);
}
ParamSpec ParamSpec::logarithmic(ParamId id, std::string name, double min, double max, double def) {
  return make(id, std::move(name), ParamKind::logarithmic, min, max, def, log_mapping(), number_text, number_parse);
}
ParamSpec ParamSpec::decibel(ParamId id, std::string name, double min_db, double max_db, double def_db) {
  ParamMapping mapping = linear_mapping();
  mapping.to_smoothed = [](double db) { return std::pow(10.0, db / 20.0); };  // a gain stage ramps amplitude
  ParamSpec s =
      make(id, std::move(name), ParamKind::decibel, min_db, max_db, def_db, mapping, number_text, number_parse);
  s.unit = "dB";
  return s;
}
ParamSpec ParamSpec::integer(ParamId id, std::string name, int min, int max, int def) {
  ParamSpec s = make(id, std::move(name), ParamKind::integer, min, max, def, stepped_mapping(min, max), integer_text,
                     number_parse);
  s.precision = 0;
  return s;
}
ParamSpec ParamSpec::list(ParamId id, std::string name, std::vector<std::string> labels, int def_index) {
  const double last = labels.empty() ? 0.0 : static_cast<double>(labels.size() - 1);
  ParamSpec s = make(id, std::move(name), ParamKind::list, 0.0, last, def_index, stepped_mapping(0.0, last), list_text,
                     list_parse);
  s.labels = std::move(labels);
  s.precision = 0;
  return s;
}
ParamSpec ParamSpec::boolean(ParamId id, std::string name, bool def) {
  ParamMapping mapping{
      [](double n) { return n >= 0.5 ? 1.0 : 0.0; }, [](double p) { return p >= 0.5 ? 1.0 : 0.0; }, {}, 1};
  ParamSpec s =
      make(id, std::move(name), ParamKind::boolean, 0.0, 1.0, def ? 1.0 : 0.0, mapping, boolean_text, boolean_parse);
  s.precision = 0;
  return s;
}
ParamSpec ParamSpec::frequency(ParamId id, std::string name, double min_hz, double max_hz, double def_hz) {
  return make(id, std::move(name), ParamKind::frequency, min_hz, max_hz, def_hz, log_mapping(), frequency_text,
              frequency_parse);
}
ParamSpec ParamSpec::time(ParamId id, std::string name, double min_ms, double max_ms, double def_ms) {
  // Logarithmic like a frequency; from 0 ms a log cannot start, so linear (or centered_at).
  return make(id, std::move(name), ParamKind::time, min_ms, max_ms, def_ms,
              min_ms > 0.0 ? log_mapping() : linear_mapping(), time_text, time_parse);
}
ParamSpec ParamSpec::percent(ParamId id, std::string name, double def, double min, double max) {
  ParamSpec s =
      make(id, std::move(name), ParamKind::percent, min, max, def, linear_mapping(), percent_text, percent_parse);
  s.precision = 0;
  return s;
}
ParamSpec ParamSpec::pan(ParamId id, std::string name, double def) {
  return make(id, std::move(name), ParamKind::pan, -1.0, 1.0, def, linear_mapping(), pan_text, pan_parse);
}
ParamSpec ParamSpec::note(ParamId id, std::string name, int def, int min, int max) {
  ParamSpec s =
      make(id, std::move(name), ParamKind::note, min, max, def, stepped_mapping(min, max), note_text, note_parse);
  s.precision = 0;
  return s;
}
ParamSpec ParamSpec::division(ParamId id, std::string name, std::string_view def_label, DivisionSet set) {
  struct Entry {
    double beats;
    std::string label;
  };
  std::vector<Entry> entries;
  for (int d = 1; d <= 64; d *= 2) {
    if (d < set.longest || d > set.shortest) continue;
    const double straight = 4.0 / d;  // in quarter notes
    const std::string base = "1/" + std::to_string(d);
    entries.push_back({straight, base});
    if (set.dotted) entries.push_back({straight * 1.5, base + "."});
    if (set.triplet) entries.push_back({straight * 2.0 / 3.0, base + "T"});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.beats < b.beats; });
  std::vector<std::string> labels;
  std::vector<double> beats;
  int def = -1;  // an unknown default label fails check()
  for (const auto& e : entries) {
    if (e.label == def_label) def = static_cast<int>(labels.size());
    labels.push_back(e.label);
    beats.push_back(e.beats);
  }
  ParamSpec s = list(id, std::move(name), std::move(labels), def);
  s.beats = std::move(beats);
  s.parse = division_parse;
  return s;
}

ParamSpec&& ParamSpec::centered_at(double centre) && {
  // plain = min + (max - min) * n^k with k chosen so n = 0.5 lands on the centre.
  const double k = std::log((centre - min) / (max - min)) / std::log(0.5);
  mapping.to_plain = [k](double n, const ParamSpec& s) { return s.min + (s.max - s.min) * std::pow(n, k); };
  mapping.to_normalized = [k](double p, const ParamSpec& s) {
    return std::pow((p - s.min) / (s.max - s.min), 1.0 / k);
  };
  author_defined = true;  // check() walks it, so a centre outside the range is reported
  return std::move(*this);
}

double ParamSpec::to_plain(double normalized) const noexcept {
  if (std::isnan(normalized)) return default_value;
  const double n = clamp01(normalized);
  // The ends are exact whatever the curve's rounding.
  if (n <= 0.0) return min;
  if (n >= 1.0 || !(max > min)) return n >= 1.0 ? max : min;
  const double plain = mapping.to_plain ? mapping.to_plain(n, *this) : linear_to_plain(n, *this);
  if (std::isnan(plain)) return default_value;
  return std::clamp(plain, min, max);
}

double ParamSpec::to_normalized(double plain) const noexcept {
  if (std::isnan(plain)) plain = default_value;
  if (!(max > min)) return 0.0;
  plain = std::clamp(plain, min, max);
  if (plain <= min) return 0.0;
  if (plain >= max) return 1.0;
  double n = 0.0;
  if (mapping.to_normalized || !mapping.to_plain) {
    n = mapping.to_normalized ? mapping.to_normalized(plain, *this) : linear_to_normalized(plain, *this);
  } else if (mapping.steps > 0) {
    // No inverse given: the step whose plain value is nearest (to_plain is monotonic).
    int lo = 0;
    int hi = mapping.steps;
    while (hi - lo > 1) {
      const int mid = lo + (hi - lo) / 2;
      (to_plain(static_cast<double>(mid) / mapping.steps) <= plain ? lo : hi) = mid;
    }
    const double below = to_plain(static_cast<double>(lo) / mapping.steps);
    const double above = to_plain(static_cast<double>(hi) / mapping.steps);
    n = static_cast<double>(plain - below <= above - plain ? lo : hi) / mapping.steps;
  } else {
    // No inverse given: bisection, a fixed 64 steps (no allocation, bounded time).
    double lo = 0.0;
    double hi = 1.0;
    for (int i = 0; i < 64; ++i) {
      const double mid = 0.5 * (lo + hi);
      (mapping.to_plain(mid, *this) < plain ? lo : hi) = mid;
    }
    n = 0.5 * (lo + hi);
  }
  return std::isnan(n) ? 0.0 : clamp01(n);
}

double ParamSpec::beats_at(double plain) const noexcept {
  if (beats.empty() || std::isnan(plain)) return 0.0;
  const long index = std::clamp(std::lround(plain - min), 0L, static_cast<long>(beats.size()) - 1);
  return beats[static_cast<std::size_t>(index)];
}

std::string ParamSpec::to_text(double plain) const {
  if (std::isnan(plain)) plain = default_value;
  plain = std::clamp(plain, min, max);
  return format ? format(plain, *this) : number_text(plain, *this);
}

std::optional<double> ParamSpec::from_text(std::string_view text) const {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  const std::optional<double> value = parse ? parse(text, *this) : number_parse(text, *this);
  if (!value || !std::isfinite(*value)) return std::nullopt;
  const double plain = std::clamp(*value, min, max);
  return mapping.steps > 0 ? to_plain(to_normalized(plain)) : plain;  // onto the step grid
}

std::string ParamSpec::check() const {
  if (name.empty()) return "parameter " + std::to_string(id) + " has no name";
  if (!(std::isfinite(min) && std::isfinite(max) && std::isfinite(default_value)))
    return "parameter '" + name + "' has a non-finite range or default";
  if (!(max > min)) return "parameter '" + name + "' needs max > min";
  if ((kind == ParamKind::logarithmic || kind == ParamKind::frequency || (kind == ParamKind::time && min != 0.0)) &&
      !(min > 0.0))
    return "logarithmic parameter '" + name + "' needs min > 0";
  if (kind == ParamKind::list && labels.size() < 2) return "list parameter '" + name + "' needs at least two labels";
  if (default_value < min || default_value > max) return "parameter '" + name + "' has its default outside its range";
  if (id == 0xffffffffu) return "parameter '" + name + "' uses the reserved id 0xffffffff";
  if (!author_defined) return {};
  // A plugin's own mapping or text: walk the range once here rather than meet a drift in a host.
  const int points = mapping.steps > 0 ? std::min(mapping.steps, 1000) : 256;
  double previous = to_plain(0.0);
  for (int i = 0; i <= points; ++i) {
    const double n = mapping.steps > 0 ? std::round(static_cast<double>(i) * mapping.steps / points) / mapping.steps
                                       : static_cast<double>(i) / points;
    const double plain = to_plain(n);
    if (i > 0 && (mapping.steps > 0 ? plain < previous : !(plain > previous)))
      return "parameter '" + name + "': to_plain is not " + (mapping.steps > 0 ? "" : "strictly ") +
             "increasing near " + param_text::fixed(n, 4);
    previous = plain;
    if (std::abs(to_normalized(plain) - n) > (mapping.steps > 0 ? 1e-9 : 1e-6))
      return "parameter '" + name + "': to_normalized does not invert to_plain near " + param_text::fixed(n, 4);
    const std::string text = to_text(plain);
    const auto back = from_text(text);
    if (!back) return "parameter '" + name + "' cannot read its own text \"" + text + "\"";
    if (to_text(*back) != text)
      return "parameter '" + name + "': \"" + text + "\" reads back as \"" + to_text(*back) + "\"";
  }
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
  held_f_ = {};
  held_d_ = {};
  snap();
}

double Param::smoothing_target() const noexcept { return spec_.to_smoothed(value()); }

}  // namespace plinth

#include "plinth/core/note_expression.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace plinth {
namespace {

// Text for each standard type through the parameter machinery, so parsing accepts what
// parameters accept. Built once, on first use (main thread).
const std::vector<ParamSpec>& specs() {
  static const std::vector<ParamSpec> list = [] {
    std::vector<ParamSpec> s;
    // Volume: normalized 0.25 is 0 dB, gain = 4 * n; plain stays normalized, the text says dB.
    s.push_back(ParamSpec::linear(0, "Volume", 0.0, 1.0, 0.25)
                    .with_text(
                        [](double n) {
                          return n <= 0.0 ? std::string("-inf dB")
                                          : param_text::fixed(20.0 * std::log10(4.0 * n), 1) + " dB";
                        },
                        [](std::string_view t) -> std::optional<double> {
                          if (t.find("inf") != std::string_view::npos) return 0.0;
                          const auto db = param_text::number(t, {"dB"});
                          if (!db) return std::nullopt;
                          return std::pow(10.0, *db / 20.0) / 4.0;
                        }));
    s.push_back(ParamSpec::pan(1, "Pan", 0.0));
    // Tuning: semitones = 240 * (n - 0.5), ten octaves each way.
    s.push_back(ParamSpec::linear(2, "Tuning", -120.0, 120.0, 0.0).with_unit("semitones"));
    s.push_back(ParamSpec::percent(3, "Vibrato", 0.0));
    s.push_back(ParamSpec::percent(4, "Expression", 1.0));
    s.push_back(ParamSpec::percent(5, "Brightness", 0.0, -1.0, 1.0));
    return s;
  }();
  return list;
}

constexpr std::array<std::string_view, expression_count> short_titles{"Vol", "Pan", "Tune", "Vib", "Expr", "Bright"};

}  // namespace

std::optional<ExpressionInfo> expression_info(std::uint32_t type) noexcept {
  if (type >= static_cast<std::uint32_t>(expression_count)) return std::nullopt;
  const ParamSpec& spec = specs()[type];
  const bool bipolar = type == static_cast<std::uint32_t>(Expression::pan) ||
                       type == static_cast<std::uint32_t>(Expression::tuning) ||
                       type == static_cast<std::uint32_t>(Expression::brightness);
  return ExpressionInfo{spec.name, short_titles[type], bipolar, spec};
}

std::string expression_to_text(std::uint32_t type, double normalized) {
  const auto info = expression_info(type);
  if (!info) return {};
  return info->spec.to_text(info->spec.to_plain(std::clamp(normalized, 0.0, 1.0)));
}

std::optional<double> expression_from_text(std::uint32_t type, std::string_view text) {
  const auto info = expression_info(type);
  if (!info) return std::nullopt;
  const auto plain = info->spec.from_text(text);
  if (!plain) return std::nullopt;
  return std::clamp(info->spec.to_normalized(*plain), 0.0, 1.0);
}

}  // namespace plinth

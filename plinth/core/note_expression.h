#pragma once
// Note expression as a plugin declares it: the per-note types its voices answer
// (values reach the voice the note id names, see voices.h), their names and text, and
// what an expressive keyboard's physical controls should drive. Main thread only.
//
//   MySynth() { note_expressions(plinth::standard_expressions, {.x = Expression::tuning,
//                                .y = Expression::brightness, .pressure = Expression::expression}); }

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "plinth/core/events.h"
#include "plinth/core/param.h"

namespace plinth {

// The six standard types, for `note_expressions(plinth::standard_expressions)`.
inline constexpr std::array<Expression, expression_count> standard_expressions{
    Expression::volume,  Expression::pan,        Expression::tuning,
    Expression::vibrato, Expression::expression, Expression::brightness};

// What a key's movements and pressure drive; nullopt: nothing.
struct PhysicalControls {
  std::optional<Expression> x;         // sideways movement on a key (0 left, 1 right)
  std::optional<Expression> y;         // movement along a key (0 near, 1 far)
  std::optional<Expression> pressure;  // 0..1
};

struct ExpressionInfo {
  std::string_view title;
  std::string_view short_title;
  bool bipolar;  // 0.5 = no change
  // Plain values and text: normalized -> spec.to_plain -> spec.to_text, and back.
  // Normalization follows VST 3's conventions (events.h); the unit, if any, is in the text
  // or in spec.unit.
  const ParamSpec& spec;
};

// nullopt for ids beyond the standard six.
std::optional<ExpressionInfo> expression_info(std::uint32_t type) noexcept;
// "−6.0 dB", "L50", "+1.00", "50 %"; empty for an unknown type.
std::string expression_to_text(std::uint32_t type, double normalized);
std::optional<double> expression_from_text(std::uint32_t type, std::string_view text);

}  // namespace plinth

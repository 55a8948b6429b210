#include "plinth/core/state.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace plinth {

namespace {

constexpr std::uint8_t magic[4] = {'P', 'L', 'N', 'T'};

// Writers into a buffer sized up front (GCC 12 misreports growing inserts).
std::uint8_t* put_u32(std::uint8_t* out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) *out++ = static_cast<std::uint8_t>(v >> (8 * i));
  return out;
}
std::uint8_t* put_f64(std::uint8_t* out, double v) {
  const auto bits = std::bit_cast<std::uint64_t>(v);
  for (int i = 0; i < 8; ++i) *out++ = static_cast<std::uint8_t>(bits >> (8 * i));
  return out;
}
std::uint32_t get_u32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[3]} << 24;
}
double get_f64(const std::uint8_t* p) {
  std::uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits |= std::uint64_t{p[i]} << (8 * i);
  return std::bit_cast<double>(bits);
}

struct Parsed {
  std::uint32_t version = 0;
  std::vector<std::pair<std::uint32_t, double>> values;  // sorted by id
  std::span<const std::uint8_t> extra;
};

StateError parse(std::span<const std::uint8_t> data, Parsed& out) {
  if (data.empty()) return StateError::empty;
  if (data.size() > state_max_size) return StateError::too_large;
  std::size_t expected = 0;
  if (StateError e = state_size(data.first(std::min(data.size(), state_header_size)), expected); e != StateError::none)
    return e;
  if (data.size() < expected) return StateError::truncated;
  if (data.size() > expected) return StateError::trailing_bytes;
  out.version = get_u32(data.data() + 4);
  const std::uint32_t count = get_u32(data.data() + 8);
  const std::uint32_t extra = get_u32(data.data() + 12);

  out.values.clear();
  out.values.reserve(count);
  const std::uint8_t* p = data.data() + state_header_size;
  for (std::uint32_t i = 0; i < count; ++i, p += 12) {
    const double v = get_f64(p + 4);
    if (!std::isfinite(v)) return StateError::bad_value;
    // Version 2 holds normalized values: anything outside [0, 1] was not written by us.
    if (out.version >= 2 && !(v >= 0.0 && v <= 1.0)) return StateError::bad_value;
    out.values.emplace_back(get_u32(p), v);
  }
  std::sort(out.values.begin(), out.values.end());
  for (std::size_t i = 1; i < out.values.size(); ++i)
    if (out.values[i].first == out.values[i - 1].first) return StateError::duplicate_param;
  out.extra = data.subspan(expected - extra, extra);
  return StateError::none;
}

void apply(PluginCore& plugin, const Parsed& parsed) {
  for (Param* param : plugin.params()) {
    if (param->spec().flags.read_only) continue;
    auto it = std::lower_bound(parsed.values.begin(), parsed.values.end(), std::make_pair(param->id(), -HUGE_VAL));
    const bool found = it != parsed.values.end() && it->first == param->id();
    if (!found)
      param->set_normalized(param->spec().default_normalized());
    else if (parsed.version >= 2)
      param->set_normalized(it->second);
    else
      param->set_value(it->second);  // version 1: plain values
  }
}

}  // namespace

std::string_view describe(StateError error) noexcept {
  switch (error) {
    case StateError::none: return "ok";
    case StateError::empty: return "the state is empty";
    case StateError::bad_magic: return "the state is not Plinth state (bad magic)";
    case StateError::unsupported_version: return "the state's format version is not supported";
    case StateError::truncated: return "the state is truncated";
    case StateError::too_large: return "the state declares more data than allowed";
    case StateError::duplicate_param: return "the state lists a parameter twice";
    case StateError::bad_value: return "the state holds a non-finite parameter value";
    case StateError::trailing_bytes: return "the state has bytes after its end";
    case StateError::extra_rejected: return "the plugin rejected the state's extra data";
  }
  return "unknown state error";
}

std::vector<std::uint8_t> save_state(const PluginCore& plugin) {
  std::vector<std::uint8_t> extra;
  plugin.save_extra(extra);
  std::uint32_t count = 0;
  for (const Param* p : plugin.params())
    if (!p->spec().flags.read_only) ++count;

  std::vector<std::uint8_t> out(state_header_size + std::size_t{count} * 12 + extra.size());
  std::uint8_t* p = std::copy(magic, magic + 4, out.data());
  p = put_u32(p, state_format_version);
  p = put_u32(p, count);
  p = put_u32(p, static_cast<std::uint32_t>(extra.size()));
  for (const Param* param : plugin.params()) {
    if (param->spec().flags.read_only) continue;
    p = put_u32(p, param->id());
    p = put_f64(p, param->normalized());
  }
  if (!extra.empty()) std::memcpy(p, extra.data(), extra.size());
  return out;
}

StateError load_state(PluginCore& plugin, std::span<const std::uint8_t> data) {
  Parsed parsed;
  if (StateError e = parse(data, parsed); e != StateError::none) return e;
  if (!plugin.load_extra(parsed.extra)) return StateError::extra_rejected;
  apply(plugin, parsed);
  return StateError::none;
}

StateError state_size(std::span<const std::uint8_t> header, std::size_t& total) noexcept {
  if (header.empty()) return StateError::empty;
  if (header.size() < 4 || std::memcmp(header.data(), magic, 4) != 0) return StateError::bad_magic;
  if (header.size() < state_header_size) return StateError::truncated;
  const std::uint32_t version = get_u32(header.data() + 4);
  if (version == 0 || version > state_format_version) return StateError::unsupported_version;
  const std::uint32_t count = get_u32(header.data() + 8);
  const std::uint32_t extra = get_u32(header.data() + 12);
  if (count > state_max_params || extra > state_max_extra) return StateError::too_large;
  total = state_header_size + std::size_t{count} * 12 + extra;
  return StateError::none;
}

}  // namespace plinth

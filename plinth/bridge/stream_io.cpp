#include "plinth/bridge/stream_io.h"

#include <algorithm>
#include <vector>

namespace plinth::bridge {

namespace {

// Appends up to `count` bytes; returns how many arrived before the stream ended. Grows
// the buffer a chunk at a time, so a header that promises megabytes over a stream that
// holds a few bytes costs a few bytes.
std::size_t read_into(abi::IBStream* stream, std::vector<std::uint8_t>& bytes, std::size_t count) {
  constexpr std::size_t chunk = 1 << 20;
  std::size_t done = 0;
  while (done < count) {
    const std::size_t used = bytes.size();
    const std::size_t want = std::min(count - done, chunk);
    bytes.resize(used + want);
    std::int32_t got = 0;
    const abi::tresult r = stream->read(bytes.data() + used, static_cast<std::int32_t>(want), &got);
    const bool broken = got < 0 || static_cast<std::size_t>(got) > want;
    bytes.resize(used + (broken ? 0 : static_cast<std::size_t>(got)));
    if (broken || got == 0) break;  // end of stream, or a stream that lies about what it read
    done += static_cast<std::size_t>(got);
    if (r != abi::kResultOk && static_cast<std::size_t>(got) < want) break;
  }
  return done;
}

}  // namespace

StateError load_state_from(abi::IBStream* stream, PluginCore& plugin) {
  if (stream == nullptr) return StateError::empty;
  std::vector<std::uint8_t> bytes;
  bytes.reserve(state_header_size);
  read_into(stream, bytes, state_header_size);
  std::size_t total = 0;
  if (StateError e = state_size(bytes, total); e != StateError::none) return e;
  // The header's sizes are capped by state_size, so this allocation is bounded.
  read_into(stream, bytes, total - bytes.size());
  if (bytes.size() < total) return StateError::truncated;
  return load_state(plugin, bytes);
}

bool write_all(abi::IBStream* stream, std::span<const std::uint8_t> bytes) {
  if (stream == nullptr) return false;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto want = static_cast<std::int32_t>(std::min<std::size_t>(bytes.size() - done, 1 << 20));
    std::int32_t wrote = 0;
    // IBStream::write takes a non-const pointer; it does not modify the data.
    auto* data = const_cast<std::uint8_t*>(bytes.data() + done);
    if (stream->write(data, want, &wrote) != abi::kResultOk || wrote <= 0 || wrote > want) return false;
    done += static_cast<std::size_t>(wrote);
  }
  return true;
}

}  // namespace plinth::bridge

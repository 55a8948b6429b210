#include "plinth/bridge/stream_io.h"

namespace plinth::bridge {

std::optional<std::vector<std::uint8_t>> read_all(abi::IBStream* stream, std::size_t limit) {
  if (stream == nullptr) return std::nullopt;
  std::vector<std::uint8_t> bytes;
  constexpr std::int32_t chunk = 64 * 1024;
  for (;;) {
    const std::size_t used = bytes.size();
    if (used > limit) return std::nullopt;
    bytes.resize(used + chunk);
    std::int32_t got = 0;
    const abi::tresult r = stream->read(bytes.data() + used, chunk, &got);
    if (got < 0 || got > chunk) return std::nullopt;
    bytes.resize(used + static_cast<std::size_t>(got));
    if (r != abi::kResultOk || got == 0) break;  // end of stream (or an error after a partial read)
  }
  if (bytes.size() > limit) return std::nullopt;
  return bytes;
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

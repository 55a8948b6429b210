// Byte streams the host hands to set_state / get_state.
#pragma once

#include "plinth/abi/base.h"

namespace plinth::abi {

// Slots 3..6.
struct IBStream : FUnknown {
  // Seek origins for seek().
  static constexpr std::int32_t kIBSeekSet = 0;  // from the start
  static constexpr std::int32_t kIBSeekCur = 1;  // from the current position
  static constexpr std::int32_t kIBSeekEnd = 2;  // from the end

  virtual tresult read(void* buffer, std::int32_t num_bytes, std::int32_t* num_bytes_read = nullptr) = 0;
  virtual tresult write(void* buffer, std::int32_t num_bytes, std::int32_t* num_bytes_written = nullptr) = 0;
  virtual tresult seek(std::int64_t pos, std::int32_t mode, std::int64_t* result = nullptr) = 0;
  virtual tresult tell(std::int64_t* pos) = 0;

  static constexpr Iid iid = make_iid(0xC3BF6EA2, 0x30994752, 0x9B6BF990, 0x1EE33E9B);

protected:
  ~IBStream() = default;
};

// Optional extra interface of a stream object. Slots 3..4.
struct ISizeableStream : FUnknown {
  virtual tresult get_stream_size(std::int64_t& size) = 0;
  virtual tresult set_stream_size(std::int64_t size) = 0;

  static constexpr Iid iid = make_iid(0x04F9549E, 0xE02F4E6E, 0x87E86A87, 0x47F4E17F);

protected:
  ~ISizeableStream() = default;
};

}  // namespace plinth::abi

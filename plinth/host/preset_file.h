#pragma once
// .vstpreset files: the layout Steinberg's PresetFile reads and writes, so presets move
// between Plinth, the SDK's samples and hosts. Everything little-endian:
//
//   0   'VST3'                     4 bytes
//   4   format version (1)         int32
//   8   class id                   32 ASCII hex digits (the processor's class)
//   40  offset of the chunk list   int64
//   48  chunk data                 'Comp' (component state), 'Cont' (controller state),
//                                  'Prog', 'Info' (XML meta info) ... back to back
//   ..  'List'  entry count int32, then per entry: id 4 bytes, offset int64, size int64
//
// Pure bytes in, bytes out: no plugin is involved, so tests, the tool and a future
// preset browser share it. Reading checks every offset against the file's size.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace plinth::host {

using ChunkId = std::array<char, 4>;

inline constexpr ChunkId chunk_component{'C', 'o', 'm', 'p'};
inline constexpr ChunkId chunk_controller{'C', 'o', 'n', 't'};
inline constexpr ChunkId chunk_program{'P', 'r', 'o', 'g'};
inline constexpr ChunkId chunk_meta_info{'I', 'n', 'f', 'o'};
inline constexpr std::int32_t preset_format_version = 1;
inline constexpr std::size_t preset_header_size = 48;

struct PresetChunk {
  ChunkId id{};
  std::vector<std::uint8_t> data;
};

struct PresetFile {
  std::int32_t version = preset_format_version;
  std::string class_id;  // 32 hex digits as stored
  std::vector<PresetChunk> chunks;

  // The first chunk with this id, or null.
  [[nodiscard]] const PresetChunk* find(ChunkId id) const noexcept;
};

// A chunk as listed in the file, for `plinth preset list`.
struct PresetListing {
  std::int32_t version = 0;
  std::string class_id;
  std::int64_t list_offset = 0;
  struct Entry {
    ChunkId id{};
    std::int64_t offset = 0;
    std::int64_t size = 0;
  };
  std::vector<Entry> entries;
};

// Parses the header and chunk list; nullopt with `error` (one line) when the file is
// truncated, has the wrong magic, a bad class id, or a chunk outside the file.
std::optional<PresetListing> list_preset(std::span<const std::uint8_t> bytes, std::string& error);
// The listing plus each chunk's bytes.
std::optional<PresetFile> read_preset(std::span<const std::uint8_t> bytes, std::string& error);
// Header, chunks in order, chunk list: the same bytes PresetFile::savePreset writes.
std::vector<std::uint8_t> write_preset(const PresetFile& preset);

std::string chunk_name(const ChunkId& id);

// Whole-file helpers; false / nullopt with `error` set.
std::optional<std::vector<std::uint8_t>> read_file_bytes(const std::string& path, std::string& error);
bool write_file_bytes(const std::string& path, std::span<const std::uint8_t> bytes, std::string& error);

}  // namespace plinth::host

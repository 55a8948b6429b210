#include "plinth/host/preset_file.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

namespace plinth::host {

namespace {

constexpr ChunkId header_id{'V', 'S', 'T', '3'};
constexpr ChunkId list_id{'L', 'i', 's', 't'};
constexpr std::size_t class_id_size = 32;
constexpr std::size_t list_offset_pos = 40;
constexpr std::size_t entry_size = 4 + 8 + 8;

std::uint64_t get_le(const std::uint8_t* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= std::uint64_t{p[i]} << (8 * i);
  return v;
}
void put_le(std::vector<std::uint8_t>& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put_id(std::vector<std::uint8_t>& out, const ChunkId& id) {
  for (char c : id) out.push_back(static_cast<std::uint8_t>(c));
}
ChunkId get_id(const std::uint8_t* p) { return {char(p[0]), char(p[1]), char(p[2]), char(p[3])}; }

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

}  // namespace

std::string chunk_name(const ChunkId& id) {
  std::string name;
  for (char c : id) {
    if (c >= 0x20 && c < 0x7f) {
      name += c;
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(c));
      name += hex;
    }
  }
  return name;
}

const PresetChunk* PresetFile::find(ChunkId id) const noexcept {
  for (const PresetChunk& c : chunks)
    if (c.id == id) return &c;
  return nullptr;
}

std::optional<PresetListing> list_preset(std::span<const std::uint8_t> bytes, std::string& error) {
  const std::uint64_t size = bytes.size();
  if (size < preset_header_size) {
    error = "not a .vstpreset: " + std::to_string(size) + " bytes, shorter than the 48-byte header";
    return std::nullopt;
  }
  if (get_id(bytes.data()) != header_id) {
    error = "not a .vstpreset: the file does not start with 'VST3'";
    return std::nullopt;
  }
  PresetListing listing;
  listing.version = static_cast<std::int32_t>(get_le(bytes.data() + 4, 4));
  listing.class_id.assign(reinterpret_cast<const char*>(bytes.data() + 8), class_id_size);
  for (char c : listing.class_id)
    if (!is_hex(c)) {
      error = "bad .vstpreset: the class id is not 32 hex digits";
      return std::nullopt;
    }
  const std::uint64_t list_offset = get_le(bytes.data() + list_offset_pos, 8);
  listing.list_offset = static_cast<std::int64_t>(list_offset);
  if (list_offset < preset_header_size || list_offset > size || size - list_offset < 8) {
    error = "bad .vstpreset: chunk list offset " + std::to_string(listing.list_offset) + " is outside the file (" +
            std::to_string(size) + " bytes)";
    return std::nullopt;
  }
  const std::uint8_t* list = bytes.data() + list_offset;
  if (get_id(list) != list_id) {
    error = "bad .vstpreset: no 'List' at the chunk list offset";
    return std::nullopt;
  }
  const std::uint64_t count = get_le(list + 4, 4);
  if (count > (size - list_offset - 8) / entry_size) {
    error = "bad .vstpreset: the chunk list claims " + std::to_string(static_cast<std::int32_t>(count)) +
            " entries, more than the file holds";
    return std::nullopt;
  }
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::uint8_t* e = list + 8 + i * entry_size;
    PresetListing::Entry entry{get_id(e), static_cast<std::int64_t>(get_le(e + 4, 8)),
                               static_cast<std::int64_t>(get_le(e + 12, 8))};
    const auto offset = static_cast<std::uint64_t>(entry.offset);
    const auto length = static_cast<std::uint64_t>(entry.size);
    // Unsigned compares: a negative offset or size reads as huge and fails here too.
    if (offset < preset_header_size || offset > size || length > size - offset) {
      error = "bad .vstpreset: chunk '" + chunk_name(entry.id) + "' (offset " + std::to_string(entry.offset) +
              ", size " + std::to_string(entry.size) + ") lies outside the file (" + std::to_string(size) + " bytes)";
      return std::nullopt;
    }
    listing.entries.push_back(entry);
  }
  return listing;
}

std::optional<PresetFile> read_preset(std::span<const std::uint8_t> bytes, std::string& error) {
  auto listing = list_preset(bytes, error);
  if (!listing) return std::nullopt;
  PresetFile preset;
  preset.version = listing->version;
  preset.class_id = listing->class_id;
  for (const auto& e : listing->entries) {
    const auto* begin = bytes.data() + e.offset;
    preset.chunks.push_back({e.id, std::vector<std::uint8_t>(begin, begin + e.size)});
  }
  return preset;
}

std::vector<std::uint8_t> write_preset(const PresetFile& preset) {
  std::vector<std::uint8_t> out;
  put_id(out, header_id);
  put_le(out, static_cast<std::uint32_t>(preset.version), 4);
  std::string cid = preset.class_id;
  cid.resize(class_id_size, '0');
  out.insert(out.end(), cid.begin(), cid.end());
  put_le(out, 0, 8);  // the list offset, known once the chunks are written

  std::vector<PresetListing::Entry> entries;
  for (const PresetChunk& c : preset.chunks) {
    entries.push_back({c.id, static_cast<std::int64_t>(out.size()), static_cast<std::int64_t>(c.data.size())});
    out.insert(out.end(), c.data.begin(), c.data.end());
  }
  const std::uint64_t list_offset = out.size();
  for (int i = 0; i < 8; ++i) out[list_offset_pos + i] = static_cast<std::uint8_t>(list_offset >> (8 * i));
  put_id(out, list_id);
  put_le(out, entries.size(), 4);
  for (const auto& e : entries) {
    put_id(out, e.id);
    put_le(out, static_cast<std::uint64_t>(e.offset), 8);
    put_le(out, static_cast<std::uint64_t>(e.size), 8);
  }
  return out;
}

std::optional<std::vector<std::uint8_t>> read_file_bytes(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open '" + path + "'";
    return std::nullopt;
  }
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    error = "cannot read '" + path + "'";
    return std::nullopt;
  }
  return bytes;
}

bool write_file_bytes(const std::string& path, std::span<const std::uint8_t> bytes, std::string& error) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    error = "cannot write '" + path + "'";
    return false;
  }
  return true;
}

}  // namespace plinth::host

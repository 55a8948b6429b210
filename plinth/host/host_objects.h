#pragma once
// The objects a host hands to a plugin: the application context (which makes
// messages and attribute lists), byte streams for state, parameter changes and
// event lists for process(), and the controller's component handler.
//
// The process-time objects (ParameterChanges, ParamValueQueue, EventList) are
// sized when constructed and never allocate afterwards, so a host can refill
// them on the audio thread.

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "plinth/abi/vst3.h"
#include "plinth/host/com.h"

namespace plinth::host {

// ---------------------------------------------------------------------------
// IAttributeList: named int, float, UTF-16 string and binary values.
class AttributeList final : public RefCounted<abi::IAttributeList> {
public:
  abi::tresult set_int(AttrId id, std::int64_t value) override;
  abi::tresult get_int(AttrId id, std::int64_t& value) override;
  abi::tresult set_float(AttrId id, double value) override;
  abi::tresult get_float(AttrId id, double& value) override;
  abi::tresult set_string(AttrId id, const abi::char16* string) override;
  abi::tresult get_string(AttrId id, abi::char16* string, std::uint32_t size_in_bytes) override;
  abi::tresult set_binary(AttrId id, const void* data, std::uint32_t size_in_bytes) override;
  abi::tresult get_binary(AttrId id, const void*& data, std::uint32_t& size_in_bytes) override;

  [[nodiscard]] std::size_t size() const { return values_.size(); }

private:
  using Value = std::variant<std::int64_t, double, std::u16string, std::vector<std::uint8_t>>;
  std::map<std::string, Value, std::less<>> values_;
};

// ---------------------------------------------------------------------------
// IMessage: an id and an attribute list.
class Message final : public RefCounted<abi::IMessage> {
public:
  Message();
  abi::FIDString get_message_id() override;
  void set_message_id(abi::FIDString id) override;
  abi::IAttributeList* get_attributes() override;

private:
  std::string id_;
  bool has_id_ = false;
  ComPtr<AttributeList> attributes_;
};

// ---------------------------------------------------------------------------
// IHostApplication (+ IPlugInterfaceSupport): the context passed to
// initialize() and IPluginFactory3::set_host_context.
class HostApplication final : public abi::IHostApplication, public abi::IPlugInterfaceSupport {
public:
  explicit HostApplication(std::string name = "Plinth Host");
  HostApplication(const HostApplication&) = delete;
  HostApplication& operator=(const HostApplication&) = delete;
  ~HostApplication() = default;

  abi::tresult query_interface(const char* iid16, void** obj) override;
  std::uint32_t add_ref() override;
  std::uint32_t release() override;

  abi::tresult get_name(abi::char16* name128) override;
  abi::tresult create_instance(char* cid16, char* iid16, void** obj) override;
  abi::tresult is_plug_interface_supported(const char* iid16) override;

  // How many IMessage / IAttributeList objects the plugin asked for.
  [[nodiscard]] int messages_created() const { return messages_created_.load(); }

private:
  std::string name_;
  std::atomic<std::uint32_t> refs_{1};
  std::atomic<int> messages_created_{0};
};

// ---------------------------------------------------------------------------
// IBStream (+ ISizeableStream) over a byte vector. Reads past the end return
// what is there (with num_bytes_read saying how much); seeking past the end is
// allowed and a later write fills the gap with zeros.
class MemoryStream final : public abi::IBStream, public abi::ISizeableStream {
public:
  MemoryStream() = default;
  explicit MemoryStream(std::span<const std::uint8_t> bytes);
  MemoryStream(const MemoryStream&) = delete;
  MemoryStream& operator=(const MemoryStream&) = delete;
  ~MemoryStream() = default;

  abi::tresult query_interface(const char* iid16, void** obj) override;
  std::uint32_t add_ref() override;
  std::uint32_t release() override;

  abi::tresult read(void* buffer, std::int32_t num_bytes, std::int32_t* num_bytes_read) override;
  abi::tresult write(void* buffer, std::int32_t num_bytes, std::int32_t* num_bytes_written) override;
  abi::tresult seek(std::int64_t pos, std::int32_t mode, std::int64_t* result) override;
  abi::tresult tell(std::int64_t* pos) override;
  abi::tresult get_stream_size(std::int64_t& size) override;
  abi::tresult set_stream_size(std::int64_t size) override;

  [[nodiscard]] const std::vector<std::uint8_t>& data() const { return data_; }
  [[nodiscard]] std::int64_t position() const { return pos_; }
  void rewind() { pos_ = 0; }

private:
  std::vector<std::uint8_t> data_;
  std::int64_t pos_ = 0;
  std::atomic<std::uint32_t> refs_{1};
};

// ---------------------------------------------------------------------------
// IParamValueQueue with a fixed number of points. Points stay sorted by
// sample offset; a point at an offset already present replaces its value.
class ParamValueQueue final : public RefCounted<abi::IParamValueQueue> {
public:
  explicit ParamValueQueue(std::int32_t capacity);

  abi::ParamId get_parameter_id() override;
  std::int32_t get_point_count() override;
  abi::tresult get_point(std::int32_t index, std::int32_t& sample_offset, abi::ParamValue& value) override;
  abi::tresult add_point(std::int32_t sample_offset, abi::ParamValue value, std::int32_t& index) override;

  void reset(abi::ParamId id) noexcept {
    id_ = id;
    count_ = 0;
  }
  [[nodiscard]] std::int32_t capacity() const { return static_cast<std::int32_t>(points_.size()); }

private:
  struct Point {
    std::int32_t offset;
    abi::ParamValue value;
  };
  std::vector<Point> points_;  // sized at construction, count_ in use
  std::int32_t count_ = 0;
  abi::ParamId id_ = abi::kNoParamId;
};

// IParameterChanges with a fixed number of queues, each of fixed capacity.
class ParameterChanges final : public RefCounted<abi::IParameterChanges> {
public:
  static constexpr std::int32_t kDefaultQueues = 64;
  static constexpr std::int32_t kDefaultPoints = 256;

  explicit ParameterChanges(std::int32_t max_queues = kDefaultQueues, std::int32_t max_points = kDefaultPoints);

  std::int32_t get_parameter_count() override;
  abi::IParamValueQueue* get_parameter_data(std::int32_t index) override;
  abi::IParamValueQueue* add_parameter_data(const abi::ParamId& id, std::int32_t& index) override;

  // Empties every queue; never allocates.
  void clear() noexcept { count_ = 0; }
  // Adds one point (host side); false when queues or points are full.
  bool add(abi::ParamId id, std::int32_t sample_offset, double value) noexcept;
  [[nodiscard]] std::int32_t max_queues() const { return static_cast<std::int32_t>(queues_.size()); }
  [[nodiscard]] std::int32_t max_points() const { return max_points_; }

private:
  std::vector<ComPtr<ParamValueQueue>> queues_;
  std::int32_t count_ = 0;
  std::int32_t max_points_;
};

// ---------------------------------------------------------------------------
// IEventList with a fixed capacity.
class EventList final : public RefCounted<abi::IEventList> {
public:
  static constexpr std::int32_t kDefaultCapacity = 1024;

  explicit EventList(std::int32_t capacity = kDefaultCapacity);

  std::int32_t get_event_count() override;
  abi::tresult get_event(std::int32_t index, abi::Event& e) override;
  abi::tresult add_event(abi::Event& e) override;

  void clear() noexcept { count_ = 0; }
  [[nodiscard]] std::int32_t capacity() const { return static_cast<std::int32_t>(events_.size()); }

private:
  std::vector<abi::Event> events_;
  std::int32_t count_ = 0;
};

// ---------------------------------------------------------------------------
// IComponentHandler: records what the controller reports and, like a real
// host, forwards every perform_edit to the processor's next process() block
// through a fixed-size single-producer/single-consumer queue.
class ComponentHandler final : public RefCounted<abi::IComponentHandler> {
public:
  enum class Kind { begin, perform, end, restart };
  struct Record {
    Kind kind;
    abi::ParamId id;
    double value;        // perform: the normalized value
    std::int32_t flags;  // restart: the flags
  };
  struct Edit {
    abi::ParamId id;
    double value;
  };
  static constexpr std::size_t kQueueSize = 1024;  // power of two

  abi::tresult begin_edit(abi::ParamId id) override;
  abi::tresult perform_edit(abi::ParamId id, abi::ParamValue value_normalized) override;
  abi::tresult end_edit(abi::ParamId id) override;
  abi::tresult restart_component(std::int32_t flags) override;

  // Main thread: the log of calls so far.
  [[nodiscard]] std::vector<Record> records() const;
  void clear_records();

  // Any thread (one producer): queues an edit for the processor. False when full.
  bool push_edit(abi::ParamId id, double value) noexcept;
  // Audio thread (one consumer): takes the next queued edit.
  bool pop_edit(Edit& out) noexcept;

private:
  mutable std::mutex records_mutex_;
  std::vector<Record> records_;
  std::array<Edit, kQueueSize> queue_{};
  std::atomic<std::size_t> head_{0};  // next to read
  std::atomic<std::size_t> tail_{0};  // next to write
};

}  // namespace plinth::host

#include "plinth/host/host_objects.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "plinth/host/strings.h"

namespace plinth::host {

// ---------------------------------------------------------------------------
// AttributeList

abi::tresult AttributeList::set_int(AttrId id, std::int64_t value) {
  if (id == nullptr) return abi::kInvalidArgument;
  values_[id] = value;
  return abi::kResultOk;
}

abi::tresult AttributeList::get_int(AttrId id, std::int64_t& value) {
  if (id == nullptr) return abi::kInvalidArgument;
  const auto it = values_.find(std::string_view(id));
  if (it == values_.end()) return abi::kResultFalse;
  const auto* v = std::get_if<std::int64_t>(&it->second);
  if (v == nullptr) return abi::kResultFalse;
  value = *v;
  return abi::kResultOk;
}

abi::tresult AttributeList::set_float(AttrId id, double value) {
  if (id == nullptr) return abi::kInvalidArgument;
  values_[id] = value;
  return abi::kResultOk;
}

abi::tresult AttributeList::get_float(AttrId id, double& value) {
  if (id == nullptr) return abi::kInvalidArgument;
  const auto it = values_.find(std::string_view(id));
  if (it == values_.end()) return abi::kResultFalse;
  const auto* v = std::get_if<double>(&it->second);
  if (v == nullptr) return abi::kResultFalse;
  value = *v;
  return abi::kResultOk;
}

abi::tresult AttributeList::set_string(AttrId id, const abi::char16* string) {
  if (id == nullptr || string == nullptr) return abi::kInvalidArgument;
  values_[id] = std::u16string(string);
  return abi::kResultOk;
}

abi::tresult AttributeList::get_string(AttrId id, abi::char16* string, std::uint32_t size_in_bytes) {
  if (id == nullptr || string == nullptr || size_in_bytes < sizeof(abi::char16)) return abi::kInvalidArgument;
  const auto it = values_.find(std::string_view(id));
  if (it == values_.end()) return abi::kResultFalse;
  const auto* v = std::get_if<std::u16string>(&it->second);
  if (v == nullptr) return abi::kResultFalse;
  const std::size_t capacity = size_in_bytes / sizeof(abi::char16);
  const std::size_t n = std::min(v->size(), capacity - 1);
  std::copy_n(v->data(), n, string);
  string[n] = 0;
  return abi::kResultOk;
}

abi::tresult AttributeList::set_binary(AttrId id, const void* data, std::uint32_t size_in_bytes) {
  if (id == nullptr || (data == nullptr && size_in_bytes != 0)) return abi::kInvalidArgument;
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  values_[id] = std::vector<std::uint8_t>(bytes, bytes + size_in_bytes);
  return abi::kResultOk;
}

abi::tresult AttributeList::get_binary(AttrId id, const void*& data, std::uint32_t& size_in_bytes) {
  if (id == nullptr) return abi::kInvalidArgument;
  const auto it = values_.find(std::string_view(id));
  if (it == values_.end()) return abi::kResultFalse;
  const auto* v = std::get_if<std::vector<std::uint8_t>>(&it->second);
  if (v == nullptr) return abi::kResultFalse;
  data = v->data();
  size_in_bytes = static_cast<std::uint32_t>(v->size());
  return abi::kResultOk;
}

// ---------------------------------------------------------------------------
// Message

Message::Message() : attributes_(make_object<AttributeList>()) {}

abi::FIDString Message::get_message_id() { return has_id_ ? id_.c_str() : nullptr; }

void Message::set_message_id(abi::FIDString id) {
  has_id_ = id != nullptr;
  id_ = id != nullptr ? id : "";
}

abi::IAttributeList* Message::get_attributes() { return attributes_.get(); }

// ---------------------------------------------------------------------------
// HostApplication

HostApplication::HostApplication(std::string name) : name_(std::move(name)) {}

abi::tresult HostApplication::query_interface(const char* iid16, void** obj) {
  if (obj == nullptr) return abi::kInvalidArgument;
  *obj = nullptr;
  if (iid16 == nullptr) return abi::kInvalidArgument;
  if (abi::iid_equals(iid16, abi::FUnknown::iid) || abi::iid_equals(iid16, abi::IHostApplication::iid)) {
    *obj = static_cast<abi::IHostApplication*>(this);
  } else if (abi::iid_equals(iid16, abi::IPlugInterfaceSupport::iid)) {
    *obj = static_cast<abi::IPlugInterfaceSupport*>(this);
  } else {
    return abi::kNoInterface;
  }
  add_ref();
  return abi::kResultOk;
}

std::uint32_t HostApplication::add_ref() { return refs_.fetch_add(1, std::memory_order_relaxed) + 1; }

std::uint32_t HostApplication::release() {
  const std::uint32_t left = refs_.fetch_sub(1, std::memory_order_acq_rel) - 1;
  if (left == 0) delete this;
  return left;
}

abi::tresult HostApplication::get_name(abi::char16* name128) {
  if (name128 == nullptr) return abi::kInvalidArgument;
  to_utf16(name_, name128, 128);
  return abi::kResultOk;
}

abi::tresult HostApplication::create_instance(char* cid16, char* iid16, void** obj) {
  if (obj == nullptr) return abi::kInvalidArgument;
  *obj = nullptr;
  if (cid16 == nullptr || iid16 == nullptr) return abi::kInvalidArgument;
  if (abi::iid_equals(cid16, abi::IMessage::iid) && abi::iid_equals(iid16, abi::IMessage::iid)) {
    *obj = static_cast<abi::IMessage*>(new Message());
    messages_created_.fetch_add(1);
    return abi::kResultOk;
  }
  if (abi::iid_equals(cid16, abi::IAttributeList::iid) && abi::iid_equals(iid16, abi::IAttributeList::iid)) {
    *obj = static_cast<abi::IAttributeList*>(new AttributeList());
    return abi::kResultOk;
  }
  return abi::kResultFalse;
}

abi::tresult HostApplication::is_plug_interface_supported(const char* iid16) {
  if (iid16 == nullptr) return abi::kInvalidArgument;
  const abi::Iid supported[] = {
      abi::IComponent::iid,       abi::IAudioProcessor::iid, abi::IEditController::iid,
      abi::IConnectionPoint::iid, abi::IPluginBase::iid,     abi::IProcessContextRequirements::iid,
  };
  for (const auto& id : supported) {
    if (abi::iid_equals(iid16, id)) return abi::kResultOk;
  }
  return abi::kResultFalse;
}

// ---------------------------------------------------------------------------
// MemoryStream

MemoryStream::MemoryStream(std::span<const std::uint8_t> bytes) : data_(bytes.begin(), bytes.end()) {}

abi::tresult MemoryStream::query_interface(const char* iid16, void** obj) {
  if (obj == nullptr) return abi::kInvalidArgument;
  *obj = nullptr;
  if (iid16 == nullptr) return abi::kInvalidArgument;
  if (abi::iid_equals(iid16, abi::FUnknown::iid) || abi::iid_equals(iid16, abi::IBStream::iid)) {
    *obj = static_cast<abi::IBStream*>(this);
  } else if (abi::iid_equals(iid16, abi::ISizeableStream::iid)) {
    *obj = static_cast<abi::ISizeableStream*>(this);
  } else {
    return abi::kNoInterface;
  }
  add_ref();
  return abi::kResultOk;
}

std::uint32_t MemoryStream::add_ref() { return refs_.fetch_add(1, std::memory_order_relaxed) + 1; }

std::uint32_t MemoryStream::release() {
  const std::uint32_t left = refs_.fetch_sub(1, std::memory_order_acq_rel) - 1;
  if (left == 0) delete this;
  return left;
}

abi::tresult MemoryStream::read(void* buffer, std::int32_t num_bytes, std::int32_t* num_bytes_read) {
  if (num_bytes_read != nullptr) *num_bytes_read = 0;
  if (num_bytes < 0 || (buffer == nullptr && num_bytes > 0)) return abi::kInvalidArgument;
  const auto size = static_cast<std::int64_t>(data_.size());
  const std::int64_t available = pos_ < size ? size - pos_ : 0;
  const auto n = static_cast<std::int32_t>(std::min<std::int64_t>(available, num_bytes));
  if (n > 0) {
    std::memcpy(buffer, data_.data() + pos_, static_cast<std::size_t>(n));
    pos_ += n;
  }
  if (num_bytes_read != nullptr) *num_bytes_read = n;
  return abi::kResultOk;
}

abi::tresult MemoryStream::write(void* buffer, std::int32_t num_bytes, std::int32_t* num_bytes_written) {
  if (num_bytes_written != nullptr) *num_bytes_written = 0;
  if (num_bytes < 0 || (buffer == nullptr && num_bytes > 0)) return abi::kInvalidArgument;
  const std::int64_t end = pos_ + num_bytes;
  if (end > static_cast<std::int64_t>(data_.size())) data_.resize(static_cast<std::size_t>(end), 0);
  if (num_bytes > 0) std::memcpy(data_.data() + pos_, buffer, static_cast<std::size_t>(num_bytes));
  pos_ = end;
  if (num_bytes_written != nullptr) *num_bytes_written = num_bytes;
  return abi::kResultOk;
}

abi::tresult MemoryStream::seek(std::int64_t pos, std::int32_t mode, std::int64_t* result) {
  std::int64_t base = 0;
  switch (mode) {
    case kIBSeekSet: base = 0; break;
    case kIBSeekCur: base = pos_; break;
    case kIBSeekEnd: base = static_cast<std::int64_t>(data_.size()); break;
    default: return abi::kInvalidArgument;
  }
  // Refuse positions before the start and absurd ones (overflow, > 2 GiB).
  constexpr std::int64_t kLimit = std::numeric_limits<std::int32_t>::max();
  if ((pos > 0 && base > kLimit - pos) || base + pos < 0 || base + pos > kLimit) return abi::kInvalidArgument;
  pos_ = base + pos;
  if (result != nullptr) *result = pos_;
  return abi::kResultOk;
}

abi::tresult MemoryStream::tell(std::int64_t* pos) {
  if (pos == nullptr) return abi::kInvalidArgument;
  *pos = pos_;
  return abi::kResultOk;
}

abi::tresult MemoryStream::get_stream_size(std::int64_t& size) {
  size = static_cast<std::int64_t>(data_.size());
  return abi::kResultOk;
}

abi::tresult MemoryStream::set_stream_size(std::int64_t size) {
  if (size < 0 || size > std::numeric_limits<std::int32_t>::max()) return abi::kInvalidArgument;
  data_.resize(static_cast<std::size_t>(size), 0);
  return abi::kResultOk;
}

// ---------------------------------------------------------------------------
// ParamValueQueue / ParameterChanges

ParamValueQueue::ParamValueQueue(std::int32_t capacity) : points_(static_cast<std::size_t>(std::max(capacity, 1))) {}

abi::ParamId ParamValueQueue::get_parameter_id() { return id_; }

std::int32_t ParamValueQueue::get_point_count() { return count_; }

abi::tresult ParamValueQueue::get_point(std::int32_t index, std::int32_t& sample_offset, abi::ParamValue& value) {
  if (index < 0 || index >= count_) return abi::kInvalidArgument;
  sample_offset = points_[static_cast<std::size_t>(index)].offset;
  value = points_[static_cast<std::size_t>(index)].value;
  return abi::kResultOk;
}

abi::tresult ParamValueQueue::add_point(std::int32_t sample_offset, abi::ParamValue value, std::int32_t& index) {
  // Find the insertion point keeping offsets ascending.
  std::int32_t at = count_;
  for (std::int32_t i = 0; i < count_; ++i) {
    const auto& p = points_[static_cast<std::size_t>(i)];
    if (p.offset == sample_offset) {
      points_[static_cast<std::size_t>(i)].value = value;
      index = i;
      return abi::kResultOk;
    }
    if (p.offset > sample_offset) {
      at = i;
      break;
    }
  }
  if (count_ >= capacity()) return abi::kResultFalse;
  for (std::int32_t i = count_; i > at; --i) {
    points_[static_cast<std::size_t>(i)] = points_[static_cast<std::size_t>(i - 1)];
  }
  points_[static_cast<std::size_t>(at)] = Point{sample_offset, value};
  ++count_;
  index = at;
  return abi::kResultOk;
}

ParameterChanges::ParameterChanges(std::int32_t max_queues, std::int32_t max_points)
    : max_points_(std::max(max_points, 1)) {
  queues_.reserve(static_cast<std::size_t>(std::max(max_queues, 1)));
  for (std::int32_t i = 0; i < std::max(max_queues, 1); ++i)
    queues_.push_back(make_object<ParamValueQueue>(max_points_));
}

std::int32_t ParameterChanges::get_parameter_count() { return count_; }

abi::IParamValueQueue* ParameterChanges::get_parameter_data(std::int32_t index) {
  if (index < 0 || index >= count_) return nullptr;
  return queues_[static_cast<std::size_t>(index)].get();
}

abi::IParamValueQueue* ParameterChanges::add_parameter_data(const abi::ParamId& id, std::int32_t& index) {
  for (std::int32_t i = 0; i < count_; ++i) {
    if (queues_[static_cast<std::size_t>(i)]->get_parameter_id() == id) {
      index = i;
      return queues_[static_cast<std::size_t>(i)].get();
    }
  }
  if (count_ >= max_queues()) return nullptr;
  auto& queue = queues_[static_cast<std::size_t>(count_)];
  queue->reset(id);
  index = count_++;
  return queue.get();
}

bool ParameterChanges::add(abi::ParamId id, std::int32_t sample_offset, double value) noexcept {
  std::int32_t index = 0;
  abi::IParamValueQueue* queue = add_parameter_data(id, index);
  if (queue == nullptr) return false;
  std::int32_t point = 0;
  return queue->add_point(sample_offset, value, point) == abi::kResultOk;
}

// ---------------------------------------------------------------------------
// EventList

EventList::EventList(std::int32_t capacity) : events_(static_cast<std::size_t>(std::max(capacity, 1))) {}

std::int32_t EventList::get_event_count() { return count_; }

abi::tresult EventList::get_event(std::int32_t index, abi::Event& e) {
  if (index < 0 || index >= count_) return abi::kInvalidArgument;
  e = events_[static_cast<std::size_t>(index)];
  return abi::kResultOk;
}

abi::tresult EventList::add_event(abi::Event& e) {
  if (count_ >= capacity()) return abi::kResultFalse;
  events_[static_cast<std::size_t>(count_++)] = e;
  return abi::kResultOk;
}

// ---------------------------------------------------------------------------
// ComponentHandler

abi::tresult ComponentHandler::begin_edit(abi::ParamId id) {
  std::lock_guard lock(records_mutex_);
  records_.push_back({Kind::begin, id, 0.0, 0});
  return abi::kResultOk;
}

abi::tresult ComponentHandler::perform_edit(abi::ParamId id, abi::ParamValue value_normalized) {
  {
    std::lock_guard lock(records_mutex_);
    records_.push_back({Kind::perform, id, value_normalized, 0});
  }
  return push_edit(id, value_normalized) ? abi::kResultOk : abi::kResultFalse;
}

abi::tresult ComponentHandler::end_edit(abi::ParamId id) {
  std::lock_guard lock(records_mutex_);
  records_.push_back({Kind::end, id, 0.0, 0});
  return abi::kResultOk;
}

abi::tresult ComponentHandler::restart_component(std::int32_t flags) {
  std::lock_guard lock(records_mutex_);
  records_.push_back({Kind::restart, abi::kNoParamId, 0.0, flags});
  return abi::kResultOk;
}

std::vector<ComponentHandler::Record> ComponentHandler::records() const {
  std::lock_guard lock(records_mutex_);
  return records_;
}

void ComponentHandler::clear_records() {
  std::lock_guard lock(records_mutex_);
  records_.clear();
}

bool ComponentHandler::push_edit(abi::ParamId id, double value) noexcept {
  const std::size_t tail = tail_.load(std::memory_order_relaxed);
  const std::size_t head = head_.load(std::memory_order_acquire);
  if (tail - head >= kQueueSize) return false;
  queue_[tail % kQueueSize] = Edit{id, value};
  tail_.store(tail + 1, std::memory_order_release);
  return true;
}

bool ComponentHandler::pop_edit(Edit& out) noexcept {
  const std::size_t head = head_.load(std::memory_order_relaxed);
  const std::size_t tail = tail_.load(std::memory_order_acquire);
  if (head == tail) return false;
  out = queue_[head % kQueueSize];
  head_.store(head + 1, std::memory_order_release);
  return true;
}

}  // namespace plinth::host

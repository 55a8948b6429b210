#include "plinth/bridge/messages.h"

#include <cstring>

#include "plinth/bridge/com.h"

namespace plinth::bridge {

namespace {
constexpr const char* payload = "bytes";
}

bool send_message(abi::IConnectionPoint* peer, abi::FUnknown* host_context, const char* id,
                  std::span<const std::uint8_t> bytes) {
  if (peer == nullptr || host_context == nullptr) return false;
  abi::IHostApplication* host = nullptr;
  if (host_context->query_interface(abi::iid_raw(abi::IHostApplication::iid), reinterpret_cast<void**>(&host)) !=
          abi::kResultOk ||
      host == nullptr)
    return false;
  void* made = nullptr;
  // IHostApplication::createInstance takes non-const ids; it does not modify them.
  char cid[16];
  char iid[16];
  std::memcpy(cid, abi::iid_raw(abi::IMessage::iid), 16);
  std::memcpy(iid, abi::iid_raw(abi::IMessage::iid), 16);
  const abi::tresult r = host->create_instance(cid, iid, &made);
  host->release();
  if (r != abi::kResultOk || made == nullptr) return false;
  auto* message = static_cast<abi::IMessage*>(made);
  message->set_message_id(id);
  if (abi::IAttributeList* attributes = message->get_attributes(); attributes != nullptr)
    attributes->set_binary(payload, bytes.empty() ? "" : static_cast<const void*>(bytes.data()),
                           static_cast<std::uint32_t>(bytes.size()));
  peer->notify(message);
  message->release();
  return true;
}

bool message_is(abi::IMessage* message, const char* id) {
  if (message == nullptr) return false;
  const char* got = message->get_message_id();
  return got != nullptr && std::strcmp(got, id) == 0;
}

std::optional<std::span<const std::uint8_t>> message_bytes(abi::IMessage* message) {
  abi::IAttributeList* attributes = message != nullptr ? message->get_attributes() : nullptr;
  if (attributes == nullptr) return std::nullopt;
  const void* data = nullptr;
  std::uint32_t size = 0;
  if (attributes->get_binary(payload, data, size) != abi::kResultOk) return std::nullopt;
  if (size == 0 || data == nullptr) return std::span<const std::uint8_t>{};
  return std::span<const std::uint8_t>(static_cast<const std::uint8_t*>(data), size);
}

}  // namespace plinth::bridge

// The host-side COM objects: streams, attribute lists, messages, parameter
// changes (pre-sized), event lists and the component handler.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "plinth/host/host_objects.h"

namespace plinth::host {

TEST(MemoryStream, WriteSeekRead) {
  auto s = make_object<MemoryStream>();
  std::uint8_t bytes[] = {1, 2, 3, 4, 5};
  std::int32_t n = 0;
  EXPECT_EQ(s->write(bytes, 5, &n), abi::kResultOk);
  EXPECT_EQ(n, 5);
  std::int64_t pos = -1;
  EXPECT_EQ(s->tell(&pos), abi::kResultOk);
  EXPECT_EQ(pos, 5);
  EXPECT_EQ(s->seek(1, abi::IBStream::kIBSeekSet, &pos), abi::kResultOk);
  EXPECT_EQ(pos, 1);
  std::uint8_t out[8] = {};
  EXPECT_EQ(s->read(out, 2, &n), abi::kResultOk);
  EXPECT_EQ(n, 2);
  EXPECT_EQ(out[0], 2);
  EXPECT_EQ(out[1], 3);
  EXPECT_EQ(s->seek(-1, abi::IBStream::kIBSeekEnd, &pos), abi::kResultOk);
  EXPECT_EQ(pos, 4);
  EXPECT_EQ(s->seek(-2, abi::IBStream::kIBSeekCur, &pos), abi::kResultOk);
  EXPECT_EQ(pos, 2);
}

TEST(MemoryStream, ReadPastEndReturnsWhatIsThere) {
  const std::uint8_t bytes[] = {9, 8, 7};
  auto s = make_object<MemoryStream>(bytes);
  std::uint8_t out[10] = {};
  std::int32_t n = -1;
  EXPECT_EQ(s->read(out, 10, &n), abi::kResultOk);
  EXPECT_EQ(n, 3);
  EXPECT_EQ(out[2], 7);
  EXPECT_EQ(s->read(out, 10, &n), abi::kResultOk);
  EXPECT_EQ(n, 0);
  EXPECT_EQ(s->read(out, 4, nullptr), abi::kResultOk);
}

TEST(MemoryStream, BadArguments) {
  auto s = make_object<MemoryStream>();
  std::uint8_t out[4];
  EXPECT_NE(s->read(out, -1, nullptr), abi::kResultOk);
  EXPECT_NE(s->read(nullptr, 4, nullptr), abi::kResultOk);
  EXPECT_NE(s->write(nullptr, 4, nullptr), abi::kResultOk);
  EXPECT_NE(s->seek(-1, abi::IBStream::kIBSeekSet, nullptr), abi::kResultOk);
  EXPECT_NE(s->seek(0, 17, nullptr), abi::kResultOk);
  EXPECT_NE(s->seek(INT64_MAX, abi::IBStream::kIBSeekSet, nullptr), abi::kResultOk);
  EXPECT_NE(s->tell(nullptr), abi::kResultOk);
}

TEST(MemoryStream, SeekPastEndThenWriteFillsZeros) {
  auto s = make_object<MemoryStream>();
  ASSERT_EQ(s->seek(3, abi::IBStream::kIBSeekSet, nullptr), abi::kResultOk);
  std::uint8_t b = 0xAB;
  ASSERT_EQ(s->write(&b, 1, nullptr), abi::kResultOk);
  ASSERT_EQ(s->data().size(), 4u);
  EXPECT_EQ(s->data()[0], 0);
  EXPECT_EQ(s->data()[3], 0xAB);
  std::int64_t size = 0;
  EXPECT_EQ(s->get_stream_size(size), abi::kResultOk);
  EXPECT_EQ(size, 4);
}

TEST(MemoryStream, Interfaces) {
  auto s = make_object<MemoryStream>();
  auto sizeable = query<abi::ISizeableStream>(static_cast<abi::IBStream*>(s.get()));
  ASSERT_TRUE(sizeable);
  EXPECT_EQ(sizeable->set_stream_size(10), abi::kResultOk);
  EXPECT_EQ(s->data().size(), 10u);
  EXPECT_FALSE(query<abi::IMessage>(static_cast<abi::IBStream*>(s.get())));
}

TEST(AttributeList, TypedValues) {
  auto list = make_object<AttributeList>();
  EXPECT_EQ(list->set_int("i", -42), abi::kResultOk);
  EXPECT_EQ(list->set_float("f", 0.5), abi::kResultOk);
  EXPECT_EQ(list->set_string("s", u"hello"), abi::kResultOk);
  const std::uint8_t blob[] = {1, 2, 3};
  EXPECT_EQ(list->set_binary("b", blob, 3), abi::kResultOk);

  std::int64_t i = 0;
  EXPECT_EQ(list->get_int("i", i), abi::kResultOk);
  EXPECT_EQ(i, -42);
  double f = 0;
  EXPECT_EQ(list->get_float("f", f), abi::kResultOk);
  EXPECT_EQ(f, 0.5);
  char16_t text[16];
  EXPECT_EQ(list->get_string("s", text, sizeof text), abi::kResultOk);
  EXPECT_EQ(std::u16string(text), u"hello");
  const void* data = nullptr;
  std::uint32_t size = 0;
  EXPECT_EQ(list->get_binary("b", data, size), abi::kResultOk);
  ASSERT_EQ(size, 3u);
  EXPECT_EQ(std::memcmp(data, blob, 3), 0);

  // Wrong type, missing key, null id.
  EXPECT_NE(list->get_float("i", f), abi::kResultOk);
  EXPECT_NE(list->get_int("missing", i), abi::kResultOk);
  EXPECT_NE(list->set_int(nullptr, 1), abi::kResultOk);
  // Overwrite with another type.
  EXPECT_EQ(list->set_float("i", 1.5), abi::kResultOk);
  EXPECT_NE(list->get_int("i", i), abi::kResultOk);
}

TEST(AttributeList, StringTruncatesToBufferBytes) {
  auto list = make_object<AttributeList>();
  list->set_string("s", u"abcdefgh");
  char16_t text[4];
  EXPECT_EQ(list->get_string("s", text, sizeof text), abi::kResultOk);
  EXPECT_EQ(std::u16string(text), u"abc");
  EXPECT_NE(list->get_string("s", text, 1), abi::kResultOk);
}

TEST(AttributeList, EmptyBinary) {
  auto list = make_object<AttributeList>();
  EXPECT_EQ(list->set_binary("e", nullptr, 0), abi::kResultOk);
  const void* data = nullptr;
  std::uint32_t size = 99;
  EXPECT_EQ(list->get_binary("e", data, size), abi::kResultOk);
  EXPECT_EQ(size, 0u);
}

TEST(HostApplication, CreatesMessagesAndAttributeLists) {
  auto host = make_object<HostApplication>();
  char16_t name[128];
  EXPECT_EQ(host->get_name(name), abi::kResultOk);
  EXPECT_EQ(std::u16string(name), u"Plinth Host");

  char cid[16];
  char iid[16];
  abi::iid_copy_to(cid, abi::IMessage::iid);
  abi::iid_copy_to(iid, abi::IMessage::iid);
  void* obj = nullptr;
  ASSERT_EQ(host->create_instance(cid, iid, &obj), abi::kResultOk);
  ComPtr<abi::IMessage> message(static_cast<abi::IMessage*>(obj));
  EXPECT_EQ(message->get_message_id(), nullptr);
  message->set_message_id("hello");
  EXPECT_STREQ(message->get_message_id(), "hello");
  ASSERT_NE(message->get_attributes(), nullptr);
  EXPECT_EQ(message->get_attributes()->set_int("x", 1), abi::kResultOk);
  EXPECT_EQ(host->messages_created(), 1);

  abi::iid_copy_to(cid, abi::IAttributeList::iid);
  abi::iid_copy_to(iid, abi::IAttributeList::iid);
  ASSERT_EQ(host->create_instance(cid, iid, &obj), abi::kResultOk);
  ComPtr<abi::IAttributeList> list(static_cast<abi::IAttributeList*>(obj));
  EXPECT_EQ(list->set_float("y", 2.0), abi::kResultOk);

  abi::iid_copy_to(cid, abi::IBStream::iid);
  abi::iid_copy_to(iid, abi::IBStream::iid);
  obj = reinterpret_cast<void*>(1);
  EXPECT_NE(host->create_instance(cid, iid, &obj), abi::kResultOk);
  EXPECT_EQ(obj, nullptr);

  auto support = query<abi::IPlugInterfaceSupport>(static_cast<abi::IHostApplication*>(host.get()));
  ASSERT_TRUE(support);
  EXPECT_EQ(support->is_plug_interface_supported(abi::iid_raw(abi::IAudioProcessor::iid)), abi::kResultOk);
  EXPECT_NE(support->is_plug_interface_supported(abi::iid_raw(abi::IBStream::iid)), abi::kResultOk);
}

TEST(ParameterChanges, CapacityIsFixed) {
  auto changes = make_object<ParameterChanges>(4, 3);
  EXPECT_EQ(changes->max_queues(), 4);
  std::int32_t index = -1;
  for (abi::ParamId id = 0; id < 4; ++id) {
    ASSERT_NE(changes->add_parameter_data(id, index), nullptr);
    EXPECT_EQ(index, static_cast<std::int32_t>(id));
  }
  const abi::ParamId extra = 99;
  EXPECT_EQ(changes->add_parameter_data(extra, index), nullptr);
  EXPECT_EQ(changes->get_parameter_count(), 4);
  // The same id gives the same queue back.
  const abi::ParamId two = 2;
  EXPECT_EQ(changes->add_parameter_data(two, index), changes->get_parameter_data(2));
  EXPECT_EQ(index, 2);
  EXPECT_EQ(changes->get_parameter_data(4), nullptr);
  EXPECT_EQ(changes->get_parameter_data(-1), nullptr);
  changes->clear();
  EXPECT_EQ(changes->get_parameter_count(), 0);
  EXPECT_TRUE(changes->add(7, 0, 0.5));
  EXPECT_EQ(changes->get_parameter_data(0)->get_parameter_id(), 7u);
  EXPECT_EQ(changes->get_parameter_data(0)->get_point_count(), 1);
}

TEST(ParameterChanges, DefaultCapacity) {
  auto changes = make_object<ParameterChanges>();
  EXPECT_EQ(changes->max_queues(), 64);
  EXPECT_EQ(changes->max_points(), 256);
  for (abi::ParamId id = 0; id < 64; ++id) {
    for (int p = 0; p < 256; ++p) ASSERT_TRUE(changes->add(id, p, 0.5));
    EXPECT_FALSE(changes->add(id, 300, 0.5));
  }
  EXPECT_FALSE(changes->add(64, 0, 0.5));
}

TEST(ParamValueQueue, SortedByOffsetAndReplacing) {
  auto queue = make_object<ParamValueQueue>(3);
  queue->reset(5);
  std::int32_t index = -1;
  EXPECT_EQ(queue->add_point(10, 0.1, index), abi::kResultOk);
  EXPECT_EQ(queue->add_point(2, 0.2, index), abi::kResultOk);
  EXPECT_EQ(index, 0);
  EXPECT_EQ(queue->add_point(10, 0.3, index), abi::kResultOk);  // replaces
  EXPECT_EQ(index, 1);
  EXPECT_EQ(queue->get_point_count(), 2);
  EXPECT_EQ(queue->add_point(5, 0.4, index), abi::kResultOk);
  EXPECT_NE(queue->add_point(7, 0.5, index), abi::kResultOk);  // full
  std::int32_t offset = 0;
  double value = 0;
  ASSERT_EQ(queue->get_point(0, offset, value), abi::kResultOk);
  EXPECT_EQ(offset, 2);
  ASSERT_EQ(queue->get_point(1, offset, value), abi::kResultOk);
  EXPECT_EQ(offset, 5);
  ASSERT_EQ(queue->get_point(2, offset, value), abi::kResultOk);
  EXPECT_EQ(offset, 10);
  EXPECT_EQ(value, 0.3);
  EXPECT_NE(queue->get_point(3, offset, value), abi::kResultOk);
  EXPECT_NE(queue->get_point(-1, offset, value), abi::kResultOk);
}

TEST(EventList, CapacityIsFixed) {
  auto list = make_object<EventList>(2);
  abi::Event e{};
  e.type = abi::Event::kNoteOnEvent;
  e.note_on.pitch = 60;
  EXPECT_EQ(list->add_event(e), abi::kResultOk);
  e.note_on.pitch = 61;
  EXPECT_EQ(list->add_event(e), abi::kResultOk);
  EXPECT_NE(list->add_event(e), abi::kResultOk);
  EXPECT_EQ(list->get_event_count(), 2);
  abi::Event out{};
  ASSERT_EQ(list->get_event(1, out), abi::kResultOk);
  EXPECT_EQ(out.note_on.pitch, 61);
  EXPECT_NE(list->get_event(2, out), abi::kResultOk);
  list->clear();
  EXPECT_EQ(list->get_event_count(), 0);
}

TEST(ComponentHandler, RecordsAndQueuesEdits) {
  auto handler = make_object<ComponentHandler>();
  handler->begin_edit(3);
  handler->perform_edit(3, 0.25);
  handler->end_edit(3);
  handler->restart_component(abi::kLatencyChanged);
  const auto records = handler->records();
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[1].kind, ComponentHandler::Kind::perform);
  EXPECT_EQ(records[1].value, 0.25);
  EXPECT_EQ(records[3].flags, abi::kLatencyChanged);
  ComponentHandler::Edit edit{};
  ASSERT_TRUE(handler->pop_edit(edit));
  EXPECT_EQ(edit.id, 3u);
  EXPECT_EQ(edit.value, 0.25);
  EXPECT_FALSE(handler->pop_edit(edit));
  for (std::size_t i = 0; i < ComponentHandler::kQueueSize; ++i) ASSERT_TRUE(handler->push_edit(1, 0.0));
  EXPECT_FALSE(handler->push_edit(1, 0.0));
  handler->clear_records();
  EXPECT_TRUE(handler->records().empty());
}

}  // namespace plinth::host

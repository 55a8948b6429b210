// The module's factory and its three exported entry points. Each registered plugin
// appears as two classes: its processor and its controller.

#include <atomic>
#include <cstring>
#include <string_view>

#include "plinth/abi/vst3.h"
#include "plinth/bridge/class_id.h"
#include "plinth/bridge/com.h"
#include "plinth/bridge/controller.h"
#include "plinth/bridge/export.h"
#include "plinth/bridge/processor.h"

namespace plinth::bridge {

namespace {

template <std::size_t N>
void copy_text(char (&dst)[N], std::string_view src) {
  const std::size_t n = std::min(src.size(), N - 1);
  if (n > 0) std::memcpy(dst, src.data(), n);  // an empty view may hold a null pointer
  dst[n] = 0;
}

template <std::size_t N>
void copy_text(abi::char16 (&dst)[N], std::string_view src) {
  const std::size_t n = std::min(src.size(), N - 1);
  for (std::size_t i = 0; i < n; ++i) dst[i] = static_cast<abi::char16>(static_cast<unsigned char>(src[i]));
  dst[n] = 0;
}

struct ClassRef {
  const PluginEntry* entry = nullptr;
  bool is_controller = false;
};

ClassRef class_at(std::int32_t index) {
  const auto plugins = registered_plugins();
  if (index < 0 || static_cast<std::size_t>(index) >= plugins.size() * 2) return {};
  return {&plugins[static_cast<std::size_t>(index) / 2], index % 2 == 1};
}

class Factory final : public abi::IPluginFactory3 {
public:
  ~Factory();

  abi::tresult query_interface(const char* iid16, void** obj) override {
    return query<Via<abi::FUnknown, abi::IPluginFactory3>, abi::IPluginFactory, abi::IPluginFactory2,
                 abi::IPluginFactory3>(this, iid16, obj);
  }
  std::uint32_t add_ref() override { return refs_.add(); }
  std::uint32_t release() override;

  abi::tresult get_factory_info(abi::PFactoryInfo* info) override {
    if (info == nullptr) return abi::kInvalidArgument;
    *info = abi::PFactoryInfo{};
    const auto plugins = registered_plugins();
    if (!plugins.empty()) {
      copy_text(info->vendor, plugins.front().info->vendor);
      copy_text(info->url, plugins.front().info->url);
      copy_text(info->email, plugins.front().info->email);
    }
    info->flags = abi::PFactoryInfo::kUnicode;
    return abi::kResultOk;
  }

  std::int32_t count_classes() override { return static_cast<std::int32_t>(registered_plugins().size() * 2); }

  abi::tresult get_class_info(std::int32_t index, abi::PClassInfo* info) override {
    const ClassRef c = class_at(index);
    if (c.entry == nullptr || info == nullptr) return abi::kInvalidArgument;
    *info = abi::PClassInfo{};
    fill_common(c, *info);
    return abi::kResultOk;
  }

  abi::tresult get_class_info2(std::int32_t index, abi::PClassInfo2* info) override {
    const ClassRef c = class_at(index);
    if (c.entry == nullptr || info == nullptr) return abi::kInvalidArgument;
    *info = abi::PClassInfo2{};
    fill_extended(c, *info);
    return abi::kResultOk;
  }

  abi::tresult get_class_info_unicode(std::int32_t index, abi::PClassInfoW* info) override {
    const ClassRef c = class_at(index);
    if (c.entry == nullptr || info == nullptr) return abi::kInvalidArgument;
    *info = abi::PClassInfoW{};
    fill_extended(c, *info);  // the same fields; copy_text widens to UTF-16 where needed
    return abi::kResultOk;
  }

  abi::tresult set_host_context(abi::FUnknown* context) override {
    host_context_.reset(context);
    return abi::kResultOk;
  }

  abi::tresult create_instance(abi::FIDString cid, abi::FIDString iid16, void** obj) override {
    if (obj == nullptr) return abi::kInvalidArgument;
    *obj = nullptr;
    if (cid == nullptr || iid16 == nullptr) return abi::kInvalidArgument;
    for (std::int32_t i = 0; i < count_classes(); ++i) {
      const ClassRef c = class_at(i);
      if (std::memcmp(class_id(c).data(), cid, 16) != 0) continue;
      std::unique_ptr<PluginCore> core = c.entry->create();
      if (!core) return abi::kInternalError;
      abi::FUnknown* object =
          c.is_controller
              ? static_cast<abi::IEditController*>(new Controller(std::move(core)))
              : static_cast<abi::FUnknown*>(static_cast<abi::IComponent*>(new Processor(*c.entry, std::move(core))));
      const abi::tresult r = object->query_interface(iid16, obj);
      object->release();  // the query took the caller's reference, or the object goes
      return r;
    }
    return abi::kNoInterface;
  }

private:
  static ClassId class_id(const ClassRef& c) {
    return class_id_from_hex(c.is_controller ? c.entry->info->controller_id : c.entry->info->processor_id);
  }
  static std::string_view category(const ClassRef& c) {
    return c.is_controller ? abi::kVstComponentControllerClass : abi::kVstAudioEffectClass;
  }
  static std::string name(const ClassRef& c) {
    std::string n(c.entry->info->name);
    return c.is_controller ? n + " Controller" : n;
  }
  template <class Info>
  static void fill_common(const ClassRef& c, Info& info) {
    const ClassId id = class_id(c);
    std::memcpy(info.cid, id.data(), 16);
    info.cardinality = abi::kManyInstances;
    copy_text(info.category, category(c));
    copy_text(info.name, name(c));
  }

  // PClassInfo2 and PClassInfoW: the common fields plus flags, sub-categories and versions.
  template <class Info>
  static void fill_extended(const ClassRef& c, Info& info) {
    fill_common(c, info);
    info.class_flags = c.is_controller ? 0 : abi::kDistributable;
    copy_text(info.sub_categories, c.is_controller ? std::string_view{} : c.entry->info->categories);
    copy_text(info.vendor, c.entry->info->vendor);
    copy_text(info.version, c.entry->info->version);
    copy_text(info.sdk_version, abi::kVstVersionString);
  }

  RefCount refs_;
  HostRef<abi::FUnknown> host_context_;
};

// One factory per module, shared by every GetPluginFactory call; it deletes itself when
// the last reference goes.
std::atomic<Factory*> the_factory{nullptr};

Factory::~Factory() { the_factory.store(nullptr); }

std::uint32_t Factory::release() {
  const std::uint32_t left = refs_.remove();
  if (left == 0) delete this;
  return left;
}

}  // namespace

}  // namespace plinth::bridge

PLINTH_EXPORT plinth::abi::IPluginFactory* GetPluginFactory() {
  using plinth::bridge::Factory;
  using plinth::bridge::the_factory;
  Factory* f = the_factory.load();
  if (f != nullptr) {
    f->add_ref();
    return f;
  }
  f = new Factory;
  the_factory.store(f);
  return f;
}

#pragma once
// Loading a VST 3 module: a `.vst3` bundle folder
// (Name.vst3/Contents/x86_64-linux/Name.so) or a shared object directly.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "plinth/abi/vst3.h"
#include "plinth/host/com.h"
#include "plinth/host/host_objects.h"
#include "plinth/host/strings.h"

namespace plinth::host {

struct FactoryInfo {
  std::string vendor;
  std::string url;
  std::string email;
  std::int32_t flags = 0;
};

struct ClassInfo {
  Cid cid{};
  std::string cid_string;  // 32 upper-case hex digits
  std::string name;
  std::string category;                     // "Audio Module Class", "Component Controller Class", ...
  std::vector<std::string> sub_categories;  // "Fx|EQ" split at '|'
  std::string sub_categories_string;        // as the factory reported it
  std::string vendor;
  std::string version;
  std::string sdk_version;
  std::uint32_t class_flags = 0;
  std::int32_t cardinality = 0;
  int index = 0;           // index in the factory
  bool has_info2 = false;  // came from IPluginFactory2/3

  [[nodiscard]] bool is_audio_processor() const { return category == abi::kVstAudioEffectClass; }
};

class Module {
public:
  // Loads a bundle folder or a .so. On failure returns null and sets `error`.
  static std::unique_ptr<Module> load(const std::string& path, std::string& error);

  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;
  // Releases the factory, calls ModuleExit and unloads the library. Every
  // PluginInstance made from this module must be gone by then.
  ~Module();

  [[nodiscard]] const std::string& path() const { return path_; }             // as given
  [[nodiscard]] const std::string& name() const { return name_; }             // bundle / file name without extension
  [[nodiscard]] const std::string& library_path() const { return library_; }  // the .so
  [[nodiscard]] bool is_bundle() const { return is_bundle_; }

  [[nodiscard]] const FactoryInfo& factory_info() const { return factory_info_; }
  [[nodiscard]] const std::vector<ClassInfo>& classes() const { return classes_; }
  [[nodiscard]] std::vector<ClassInfo> audio_processor_classes() const;
  [[nodiscard]] const ClassInfo* find_class(const Cid& cid) const;

  [[nodiscard]] abi::IPluginFactory* factory() const { return factory_.get(); }
  [[nodiscard]] HostApplication* host_application() const { return host_.get(); }

  // createInstance through the factory; empty on failure (result in *result).
  template <class I>
  ComPtr<I> create(const Cid& cid, abi::tresult* result = nullptr) const {
    void* obj = nullptr;
    const abi::tresult r =
        factory_->create_instance(reinterpret_cast<const char*>(cid.data()), abi::iid_raw(I::iid), &obj);
    if (result != nullptr) *result = r;
    if (r != abi::kResultOk || obj == nullptr) return {};
    return ComPtr<I>(static_cast<I*>(obj));
  }

private:
  Module() = default;
  bool read_classes(std::string& error);

  std::string path_;
  std::string name_;
  std::string library_;
  bool is_bundle_ = false;
  void* handle_ = nullptr;
  bool entered_ = false;
  ComPtr<abi::IPluginFactory> factory_;
  ComPtr<HostApplication> host_;
  FactoryInfo factory_info_;
  std::vector<ClassInfo> classes_;
};

// Every .vst3 bundle directly inside `folder`, sorted by path.
std::vector<std::string> find_bundles(const std::string& folder);

}  // namespace plinth::host

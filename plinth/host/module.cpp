#include "plinth/host/module.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "plinth/host/module_platform.h"

namespace plinth::host {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> split_sub_categories(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text) {
    if (c == '|') {
      if (!current.empty()) out.push_back(current);
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

// Paths are UTF-8 strings in the API; on Windows std::filesystem would read a narrow
// string in the ANSI code page, so convert explicitly (a no-op on Linux).
fs::path path_from_utf8(const std::string& text) { return fs::path(std::u8string(text.begin(), text.end())); }
std::string utf8_of(const fs::path& path) {
  const std::u8string text = path.u8string();
  return std::string(text.begin(), text.end());
}

}  // namespace

std::unique_ptr<Module> Module::load(const std::string& path, std::string& error) {
  error.clear();
  std::error_code ec;
  if (path.empty()) {
    error = "no module path given";
    return nullptr;
  }
  const fs::path p = path_from_utf8(path);
  const fs::file_status status = fs::status(p, ec);
  if (ec || !fs::exists(status)) {
    error = "no such file or directory: " + path;
    return nullptr;
  }

  std::unique_ptr<Module> module(new Module());
  module->path_ = path;
  fs::path library;
  if (fs::is_directory(status)) {
    // A bundle: Name.vst3/Contents/x86_64-linux/Name.so (x86_64-win/Name.vst3 on Windows).
    fs::path folder = p;
    if (!folder.has_filename()) folder = folder.parent_path();  // trailing slash
    module->name_ = utf8_of(folder.stem());
    const std::string arch_name = platform::kBundleArchFolder;
    const fs::path arch = folder / "Contents" / arch_name;
    if (!fs::is_directory(arch, ec)) {
      error = path + " is not a VST 3 bundle: it has no Contents/" + arch_name + " folder";
      return nullptr;
    }
    const std::string file_name = module->name_ + platform::kLibraryExtension;
    library = arch / path_from_utf8(file_name);
    if (!fs::is_regular_file(library, ec)) {
      error = "bundle " + path + " has no shared object Contents/" + arch_name + "/" + file_name;
      return nullptr;
    }
    module->is_bundle_ = true;
  } else if (fs::is_regular_file(status)) {
    library = p;
    module->name_ = utf8_of(p.stem());
  } else {
    error = path + " is neither a bundle folder nor a file";
    return nullptr;
  }
  module->library_ = utf8_of(library);

  std::string why;
  module->handle_ = platform::open_library(library, why);
  if (module->handle_ == nullptr) {
    error = "cannot load " + module->library_ + ": " + why;
    return nullptr;
  }

  auto* get_factory = reinterpret_cast<abi::GetFactoryProc>(platform::find_symbol(module->handle_, "GetPluginFactory"));
  if (get_factory == nullptr) {
    error = module->library_ + " is not a VST 3 module: it does not export GetPluginFactory";
    return nullptr;
  }
  if (!platform::enter_module(module->handle_, module->library_, error)) return nullptr;
  module->entered_ = true;

  abi::IPluginFactory* factory = get_factory();
  if (factory == nullptr) {
    error = "GetPluginFactory of " + module->library_ + " returned null";
    return nullptr;
  }
  module->factory_ = ComPtr<abi::IPluginFactory>(factory);
  module->host_ = make_object<HostApplication>();
  if (auto f3 = query<abi::IPluginFactory3>(factory)) {
    f3->set_host_context(static_cast<abi::IHostApplication*>(module->host_.get()));
  }
  if (!module->read_classes(error)) return nullptr;
  return module;
}

bool Module::read_classes(std::string& error) {
  abi::PFactoryInfo fi{};
  if (factory_->get_factory_info(&fi) == abi::kResultOk) {
    factory_info_.vendor = from_fixed(fi.vendor, sizeof fi.vendor);
    factory_info_.url = from_fixed(fi.url, sizeof fi.url);
    factory_info_.email = from_fixed(fi.email, sizeof fi.email);
    factory_info_.flags = fi.flags;
  }
  auto f2 = query<abi::IPluginFactory2>(factory_.get());
  auto f3 = query<abi::IPluginFactory3>(factory_.get());
  const std::int32_t count = factory_->count_classes();
  if (count < 0 || count > 10000) {
    error = "factory of " + library_ + " reports an invalid class count " + std::to_string(count);
    return false;
  }
  for (std::int32_t i = 0; i < count; ++i) {
    ClassInfo info;
    info.index = i;
    abi::PClassInfo basic{};
    if (factory_->get_class_info(i, &basic) != abi::kResultOk) {
      error = "factory of " + library_ + " failed get_class_info(" + std::to_string(i) + ")";
      return false;
    }
    std::memcpy(info.cid.data(), basic.cid, 16);
    info.cardinality = basic.cardinality;
    info.category = from_fixed(basic.category, sizeof basic.category);
    info.name = from_fixed(basic.name, sizeof basic.name);

    abi::PClassInfoW wide{};
    abi::PClassInfo2 info2{};
    if (f3 && f3->get_class_info_unicode(i, &wide) == abi::kResultOk) {
      info.has_info2 = true;
      info.name = to_utf8(wide.name, abi::PClassInfo::kNameSize);
      info.class_flags = wide.class_flags;
      info.sub_categories_string = from_fixed(wide.sub_categories, sizeof wide.sub_categories);
      info.vendor = to_utf8(wide.vendor, abi::PClassInfoW::kVendorSize);
      info.version = to_utf8(wide.version, abi::PClassInfoW::kVersionSize);
      info.sdk_version = to_utf8(wide.sdk_version, abi::PClassInfoW::kVersionSize);
    } else if (f2 && f2->get_class_info2(i, &info2) == abi::kResultOk) {
      info.has_info2 = true;
      info.name = from_fixed(info2.name, sizeof info2.name);
      info.class_flags = info2.class_flags;
      info.sub_categories_string = from_fixed(info2.sub_categories, sizeof info2.sub_categories);
      info.vendor = from_fixed(info2.vendor, sizeof info2.vendor);
      info.version = from_fixed(info2.version, sizeof info2.version);
      info.sdk_version = from_fixed(info2.sdk_version, sizeof info2.sdk_version);
    }
    if (info.vendor.empty()) info.vendor = factory_info_.vendor;
    info.sub_categories = split_sub_categories(info.sub_categories_string);
    info.cid_string = cid_to_hex(info.cid);
    classes_.push_back(std::move(info));
  }
  return true;
}

Module::~Module() {
  classes_.clear();
  factory_.reset();
  if (entered_ && handle_ != nullptr) platform::exit_module(handle_);
  // The host context may still be referenced by the plugin until ModuleExit.
  host_.reset();
  if (handle_ != nullptr) platform::close_library(handle_);
}

std::vector<ClassInfo> Module::audio_processor_classes() const {
  std::vector<ClassInfo> out;
  for (const auto& c : classes_) {
    if (c.is_audio_processor()) out.push_back(c);
  }
  return out;
}

const ClassInfo* Module::find_class(const Cid& cid) const {
  for (const auto& c : classes_) {
    if (c.cid == cid) return &c;
  }
  return nullptr;
}

std::vector<std::string> find_bundles(const std::string& folder) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".vst3") out.push_back(utf8_of(it->path()));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace plinth::host

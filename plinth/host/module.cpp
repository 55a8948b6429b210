#include "plinth/host/module.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <system_error>

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

}  // namespace

std::unique_ptr<Module> Module::load(const std::string& path, std::string& error) {
  error.clear();
  std::error_code ec;
  if (path.empty()) {
    error = "no module path given";
    return nullptr;
  }
  const fs::path p(path);
  const fs::file_status status = fs::status(p, ec);
  if (ec || !fs::exists(status)) {
    error = "no such file or directory: " + path;
    return nullptr;
  }

  std::unique_ptr<Module> module(new Module());
  module->path_ = path;
  fs::path library;
  if (fs::is_directory(status)) {
    // A bundle: Name.vst3/Contents/x86_64-linux/Name.so.
    fs::path folder = p;
    if (!folder.has_filename()) folder = folder.parent_path();  // trailing slash
    module->name_ = folder.stem().string();
    const fs::path arch = folder / "Contents" / "x86_64-linux";
    if (!fs::is_directory(arch, ec)) {
      error = path + " is not a VST 3 bundle: it has no Contents/x86_64-linux folder";
      return nullptr;
    }
    library = arch / (module->name_ + ".so");
    if (!fs::is_regular_file(library, ec)) {
      error = "bundle " + path + " has no shared object Contents/x86_64-linux/" + module->name_ + ".so";
      return nullptr;
    }
    module->is_bundle_ = true;
  } else if (fs::is_regular_file(status)) {
    library = p;
    module->name_ = p.stem().string();
  } else {
    error = path + " is neither a bundle folder nor a file";
    return nullptr;
  }
  module->library_ = library.string();

  // A path with a slash makes dlopen take the file itself, not search the library path.
  std::string open_path = library.is_absolute() ? library.string() : (fs::path(".") / library).string();
  dlerror();
  module->handle_ = dlopen(open_path.c_str(), RTLD_LOCAL | RTLD_NOW);
  if (module->handle_ == nullptr) {
    const char* why = dlerror();
    error = "cannot load " + module->library_ + ": " + (why != nullptr ? why : "unknown dlopen error");
    return nullptr;
  }

  auto* entry = reinterpret_cast<abi::ModuleEntryProc>(dlsym(module->handle_, "ModuleEntry"));
  auto* exit_proc = reinterpret_cast<abi::ModuleExitProc>(dlsym(module->handle_, "ModuleExit"));
  auto* get_factory = reinterpret_cast<abi::GetFactoryProc>(dlsym(module->handle_, "GetPluginFactory"));
  if (get_factory == nullptr) {
    error = module->library_ + " is not a VST 3 module: it does not export GetPluginFactory";
    return nullptr;
  }
  if (entry == nullptr || exit_proc == nullptr) {
    error = module->library_ + " is not a valid VST 3 module for Linux: it does not export " +
            (entry == nullptr ? "ModuleEntry" : "ModuleExit");
    return nullptr;
  }
  if (!entry(module->handle_)) {
    error = "ModuleEntry of " + module->library_ + " returned false";
    return nullptr;
  }
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
  if (entered_ && handle_ != nullptr) {
    if (auto* exit_proc = reinterpret_cast<abi::ModuleExitProc>(dlsym(handle_, "ModuleExit"))) exit_proc();
  }
  // The host context may still be referenced by the plugin until ModuleExit.
  host_.reset();
  if (handle_ != nullptr) dlclose(handle_);
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
    if (it->path().extension() == ".vst3") out.push_back(it->path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace plinth::host

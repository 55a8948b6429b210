// `plinth moduleinfo`: the bundle's moduleinfo.json, with the keys and meaning
// of the VST 3 SDK's moduleinfo format, from what the factory reports.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.h"

namespace plinth::tool {

int moduleinfo(const std::string& bundle, const std::string& output) {
  auto module = load_module(bundle);
  if (!module) return 1;

  using json = nlohmann::ordered_json;
  const auto& fi = module->factory_info();
  json doc;
  doc["Name"] = module->name();
  doc["Version"] = module->classes().empty() ? std::string() : module->classes().front().version;
  doc["Factory Info"] = {
      {"Vendor", fi.vendor},
      {"URL", fi.url},
      {"E-Mail", fi.email},
      {"Flags",
       {
           {"Unicode", (fi.flags & abi::PFactoryInfo::kUnicode) != 0},
           {"Classes Discardable", (fi.flags & abi::PFactoryInfo::kClassesDiscardable) != 0},
           {"Component Non Discardable", (fi.flags & abi::PFactoryInfo::kComponentNonDiscardable) != 0},
       }},
  };
  doc["Compatibility"] = json::array();
  json classes = json::array();
  for (const auto& c : module->classes()) {
    json entry;
    entry["CID"] = c.cid_string;
    entry["Category"] = c.category;
    entry["Name"] = c.name;
    entry["Vendor"] = c.vendor;
    entry["Version"] = c.version;
    entry["SDKVersion"] = c.sdk_version;
    entry["Sub Categories"] = c.sub_categories;
    entry["Class Flags"] = c.class_flags;
    entry["Cardinality"] = c.cardinality;
    entry["Snapshots"] = json::array();
    classes.push_back(std::move(entry));
  }
  doc["Classes"] = std::move(classes);
  const std::string text = doc.dump(2) + "\n";

  if (output.empty()) {
    std::cout << text;
    return std::cout.good() ? 0 : fail("cannot write to standard output");
  }
  // Write beside the target, then rename, so a failed run never leaves half a file.
  namespace fs = std::filesystem;
  const fs::path target(output);
  const fs::path temp = target.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return fail("cannot write " + temp.string());
    out << text;
    if (!out.flush()) return fail("cannot write " + temp.string());
  }
  std::error_code ec;
  fs::rename(temp, target, ec);
  if (ec) {
    fs::remove(temp, ec);
    return fail("cannot write " + output);
  }
  return 0;
}

}  // namespace plinth::tool

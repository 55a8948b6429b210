// The factory: class infos, unknown ids refused.
#include "plinth/host/checks/common.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace plinth::host::checks {

namespace {

void factory_classes(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  const auto& classes = module.classes();
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const auto& c = classes[i];
    ck.expect(c.cid != Cid{}, "class " + std::to_string(i) + " has an all-zero class id");
    ck.expect(!c.name.empty(), "class " + c.cid_string + " has no name");
    ck.expect(!c.category.empty(), "class " + c.cid_string + " has no category");
    for (std::size_t j = i + 1; j < classes.size(); ++j) {
      ck.expect(classes[j].cid != c.cid,
                "classes " + std::to_string(i) + " and " + std::to_string(j) + " share cid " + c.cid_string);
    }
  }
  // Unknown class id and unknown interface id: refused, nothing returned.
  Cid unknown{};
  unknown.fill(0xA5);
  void* obj = nullptr;
  abi::tresult r = module.factory()->create_instance(reinterpret_cast<const char*>(unknown.data()),
                                                     abi::iid_raw(abi::IComponent::iid), &obj);
  ck.expect(r != abi::kResultOk && obj == nullptr,
            "create_instance with an unknown class id returned " + result_name(r));
  if (obj != nullptr) static_cast<abi::FUnknown*>(obj)->release();
  obj = nullptr;
  r = module.factory()->create_instance(reinterpret_cast<const char*>(cls.cid.data()), abi::iid_raw(abi::IBStream::iid),
                                        &obj);
  ck.expect(r != abi::kResultOk && obj == nullptr,
            "create_instance of " + cls.name + " for an interface it lacks (IBStream) returned " + result_name(r));
  if (obj != nullptr) static_cast<abi::FUnknown*>(obj)->release();
  abi::PClassInfo info{};
  r = module.factory()->get_class_info(static_cast<std::int32_t>(classes.size()), &info);
  ck.expect(r != abi::kResultOk, "get_class_info past the last class returned kResultOk");
  r = module.factory()->get_class_info(-1, &info);
  ck.expect(r != abi::kResultOk, "get_class_info(-1) returned kResultOk");
}

// IPluginFactory2 is optional in the VST 3 rules, but without it a host knows no
// sub categories, vendor or version of the class.
void factory_class_info2(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  ck.expect(cls.has_info2, "the factory gives no PClassInfo2/PClassInfoW for " + cls.name +
                               " (sub categories, vendor, version unknown)");
}

}  // namespace

std::vector<Check> factory_checks() {
  return {
      {"factory.classes", "class infos are complete and unique; unknown class and interface ids are refused",
       Severity::required, factory_classes},
      {"factory.class_info2", "the factory describes the class with PClassInfo2 or PClassInfoW", Severity::robustness,
       factory_class_info2},
  };
}

}  // namespace plinth::host::checks

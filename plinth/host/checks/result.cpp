// CheckResult: messages, status, and the byte form an isolated check sends back.
#include <cstdint>
#include <cstring>

#include "plinth/host/checks.h"
#include "plinth/host/checks/common.h"

namespace plinth::host {

const char* severity_name(Severity s) { return s == Severity::required ? "required" : "robustness"; }

const char* status_name(Status s) {
  switch (s) {
    case Status::pass: return "pass";
    case Status::fail: return "fail";
    case Status::warn: return "warn";
    case Status::skip: return "skip";
  }
  return "?";
}

Status status_of(const Check& check, const CheckResult& result) {
  if (result.passed) return result.skipped ? Status::skip : Status::pass;
  if (result.crashed && !check.host_breaks_rules) return Status::fail;
  return check.severity == Severity::required ? Status::fail : Status::warn;
}

std::string CheckResult::message() const {
  std::string out;
  for (const auto& f : failures) out += "FAIL: " + f + "\n";
  if (failure_count > static_cast<int>(failures.size())) {
    out += "... and " + std::to_string(failure_count - static_cast<int>(failures.size())) + " more failures\n";
  }
  for (const auto& n : notes) out += "note: " + n + "\n";
  return out;
}

void CheckResult::fail(const std::string& why) {
  passed = false;
  if (failure_count++ < checks::kKeptFailures) failures.push_back(why);
}

void CheckResult::skip(const std::string& why) {
  skipped = true;
  notes.push_back(why);
}

namespace {

void put_u32(std::string& out, std::uint32_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }

void put_strings(std::string& out, const std::vector<std::string>& strings) {
  put_u32(out, static_cast<std::uint32_t>(strings.size()));
  for (const auto& s : strings) {
    put_u32(out, static_cast<std::uint32_t>(s.size()));
    out += s;
  }
}

// Reads from the front of `in`; false when it runs short.
bool get_u32(std::string_view& in, std::uint32_t& v) {
  if (in.size() < sizeof v) return false;
  std::memcpy(&v, in.data(), sizeof v);
  in.remove_prefix(sizeof v);
  return true;
}

bool get_strings(std::string_view& in, std::vector<std::string>& out) {
  std::uint32_t count = 0;
  if (!get_u32(in, count)) return false;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint32_t size = 0;
    if (!get_u32(in, size) || in.size() < size) return false;
    out.emplace_back(in.substr(0, size));
    in.remove_prefix(size);
  }
  return true;
}

constexpr std::uint32_t kMagic = 0x504C4352;  // "PLCR": a whole result follows

}  // namespace

std::string CheckResult::serialize() const {
  std::string out;
  put_u32(out, kMagic);
  put_u32(out, (passed ? 1u : 0u) | (skipped ? 2u : 0u));
  put_u32(out, static_cast<std::uint32_t>(failure_count));
  put_strings(out, failures);
  put_strings(out, notes);
  return out;
}

std::optional<CheckResult> CheckResult::deserialize(std::string_view bytes) {
  CheckResult r;
  std::uint32_t magic = 0;
  std::uint32_t passed = 0;
  std::uint32_t count = 0;
  if (!get_u32(bytes, magic) || magic != kMagic || !get_u32(bytes, passed) || !get_u32(bytes, count) ||
      !get_strings(bytes, r.failures) || !get_strings(bytes, r.notes) || !bytes.empty()) {
    return std::nullopt;
  }
  if (passed > 3) return std::nullopt;
  r.passed = (passed & 1u) != 0;
  r.skipped = (passed & 2u) != 0;
  r.failure_count = static_cast<int>(count);
  return r;
}

}  // namespace plinth::host

// The record-kind registry and the small schema-checking helpers kinds share.
#include "ledger/kinds.h"

namespace jirga {
namespace {

constexpr std::pair<Role, std::string_view> kRoles[] = {
    {Role::kOperator, "operator"}, {Role::kBelligerent, "belligerent"},
    {Role::kGuarantor, "guarantor"}, {Role::kMediator, "mediator"},
    {Role::kVerifier, "verifier"}, {Role::kObserver, "observer"},
};

// Counts Unicode code points in valid UTF-8 (the JSON parser has already rejected invalid UTF-8).
size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::string_view RoleName(Role role) {
  for (auto& [r, name] : kRoles) {
    if (r == role) return name;
  }
  return "unknown";
}

Result<Role> ParseRole(std::string_view name, bool allow_operator) {
  for (auto& [r, n] : kRoles) {
    if (n == name && (r != Role::kOperator || allow_operator)) return r;
  }
  return InvalidArgument("unknown role \"" + std::string(name) +
                         "\" (roles: belligerent, guarantor, mediator, verifier, observer)");
}

std::string_view VisibilityName(Visibility v) {
  switch (v) {
    case Visibility::kPublic: return "public";
    case Visibility::kParties: return "parties";
    case Visibility::kMechanism: return "mechanism";
    case Visibility::kSealed: return "sealed";
    case Visibility::kPersonal: return "personal";
  }
  return "unknown";
}

Status KindRegistry::Register(KindSpec spec) {
  std::string name = spec.name;
  if (!kinds_.emplace(name, std::move(spec)).second) {
    return AlreadyExists("record kind \"" + name + "\" is already registered");
  }
  return Status::Ok();
}

const KindSpec* KindRegistry::Find(std::string_view name) const {
  auto it = kinds_.find(name);
  return it == kinds_.end() ? nullptr : &it->second;
}

std::vector<std::string> KindRegistry::DefaultKindsFor(Role role) const {
  std::vector<std::string> out;
  for (const auto& [name, spec] : kinds_) {
    if (spec.default_roles.count(role)) out.push_back(name);
  }
  return out;
}

std::vector<const KindSpec*> KindRegistry::All() const {
  std::vector<const KindSpec*> out;
  for (const auto& [_, spec] : kinds_) out.push_back(&spec);
  return out;
}

Status BodyChecker::OnlyFields(std::initializer_list<std::string_view> allowed) const {
  for (auto& [key, _] : body_.items()) {
    bool ok = false;
    for (auto a : allowed) ok = ok || a == key;
    if (!ok) return InvalidArgument("body has unknown field \"" + key + "\"");
  }
  return Status::Ok();
}

Status BodyChecker::String(std::string_view field, bool required, size_t min_len,
                           size_t max_len) const {
  std::string f(field);
  if (!body_.contains(f)) {
    return required ? InvalidArgument("body." + f + " is required") : Status::Ok();
  }
  const Json& v = body_[f];
  if (!v.is_string()) {
    return InvalidArgument("body." + f + " must be a string, not " + std::string(JsonTypeName(v)));
  }
  size_t n = CodePoints(v.get_ref<const std::string&>());
  if (n < min_len || n > max_len) {
    return InvalidArgument("body." + f + " must be " + std::to_string(min_len) + " to " +
                           std::to_string(max_len) + " characters long");
  }
  return Status::Ok();
}

Status BodyChecker::StringArray(std::string_view field, bool required, size_t min_items,
                                size_t max_items) const {
  std::string f(field);
  if (!body_.contains(f)) {
    return required ? InvalidArgument("body." + f + " is required") : Status::Ok();
  }
  const Json& v = body_[f];
  if (!v.is_array()) {
    return InvalidArgument("body." + f + " must be an array, not " + std::string(JsonTypeName(v)));
  }
  if (v.size() < min_items || v.size() > max_items) {
    return InvalidArgument("body." + f + " must have " + std::to_string(min_items) + " to " +
                           std::to_string(max_items) + " items");
  }
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) {
      return InvalidArgument("body." + f + "[" + std::to_string(i) + "] must be a string");
    }
  }
  return Status::Ok();
}

}  // namespace jirga

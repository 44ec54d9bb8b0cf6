// Typed, path-naming field reads shared by the compliance and dialogue body schemas.
#include "compliance/fields.h"

#include <cmath>
#include <set>

#include "ledger/record.h"

namespace jirga::compliance {

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

const Json* Fields::Get(std::string_view name) const {
  auto it = obj_.find(std::string(name));
  return it == obj_.end() ? nullptr : &*it;
}

Status Fields::IsObject() const {
  if (!obj_.is_object()) {
    return InvalidArgument(path_ + " must be an object, not " + std::string(JsonTypeName(obj_)));
  }
  return Status::Ok();
}

Status Fields::Only(std::initializer_list<std::string_view> allowed, std::string_view hint) const {
  for (auto& [key, _] : obj_.items()) {
    bool ok = false;
    for (auto a : allowed) ok = ok || a == key;
    if (!ok) {
      return InvalidArgument(path_ + " has unknown field \"" + key.substr(0, 80) + "\"" +
                             std::string(hint));
    }
  }
  return Status::Ok();
}

Status Fields::String(std::string_view name, bool required, size_t min_len, size_t max_len,
                      std::string* out, bool* present) const {
  const Json* v = Get(name);
  if (present != nullptr) *present = v != nullptr;
  if (v == nullptr) {
    if (required) return InvalidArgument(PathOf(name) + " is required");
    return Status::Ok();
  }
  if (!v->is_string()) {
    return InvalidArgument(PathOf(name) + " must be a string, not " +
                           std::string(JsonTypeName(*v)));
  }
  const std::string& s = v->get_ref<const std::string&>();
  size_t n = CodePoints(s);
  if (n < min_len || n > max_len) {
    return InvalidArgument(PathOf(name) + " must be " + std::to_string(min_len) + " to " +
                           std::to_string(max_len) + " characters long");
  }
  *out = s;
  return Status::Ok();
}

Status Fields::Identifier(std::string_view name, bool required, std::string* out,
                          bool* present) const {
  bool here = false;
  std::string s;
  RETURN_IF_ERROR(String(name, required, 0, 1000, &s, &here));
  if (present != nullptr) *present = here;
  if (!here) return Status::Ok();
  RETURN_IF_ERROR(ValidateIdentifier(PathOf(name), s));
  *out = std::move(s);
  return Status::Ok();
}

Result<std::optional<Date>> Fields::Day(std::string_view name, bool required) const {
  bool here = false;
  std::string s;
  RETURN_IF_ERROR(String(name, required, 0, 100, &s, &here));
  if (!here) return std::optional<Date>();
  auto d = ParseDate(s);
  if (!d.ok()) return InvalidArgument(PathOf(name) + ": " + d.status().message());
  return std::optional<Date>(*d);
}

Result<std::optional<double>> Fields::Number(std::string_view name, bool required) const {
  const Json* v = Get(name);
  if (v == nullptr) {
    if (required) return InvalidArgument(PathOf(name) + " is required");
    return std::optional<double>();
  }
  if (!v->is_number()) {
    return InvalidArgument(PathOf(name) + " must be a number, not " +
                           std::string(JsonTypeName(*v)));
  }
  double x = v->get<double>();
  if (!std::isfinite(x)) return InvalidArgument(PathOf(name) + " must be finite");
  return std::optional<double>(x);
}

Result<std::optional<int64_t>> Fields::Integer(std::string_view name, bool required, int64_t min,
                                               int64_t max) const {
  const Json* v = Get(name);
  if (v == nullptr) {
    if (required) return InvalidArgument(PathOf(name) + " is required");
    return std::optional<int64_t>();
  }
  if (!v->is_number_integer()) {
    return InvalidArgument(PathOf(name) + " must be a whole number, not " +
                           std::string(JsonTypeName(*v)));
  }
  // Unsigned values above INT64_MAX come back negative from get<int64_t>; test them first.
  if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(max)) {
    return InvalidArgument(PathOf(name) + " must be " + std::to_string(min) + " to " +
                           std::to_string(max));
  }
  int64_t x = v->get<int64_t>();
  if (x < min || x > max) {
    return InvalidArgument(PathOf(name) + " must be " + std::to_string(min) + " to " +
                           std::to_string(max));
  }
  return std::optional<int64_t>(x);
}

Result<const Json*> Fields::Array(std::string_view name, bool required, size_t min_items,
                                  size_t max_items) const {
  const Json* v = Get(name);
  if (v == nullptr) {
    if (required) return InvalidArgument(PathOf(name) + " is required");
    return static_cast<const Json*>(nullptr);
  }
  if (!v->is_array()) {
    return InvalidArgument(PathOf(name) + " must be an array, not " +
                           std::string(JsonTypeName(*v)));
  }
  if (v->size() < min_items || v->size() > max_items) {
    return InvalidArgument(PathOf(name) + " must have " + std::to_string(min_items) + " to " +
                           std::to_string(max_items) + " items");
  }
  return v;
}

Result<std::vector<std::string>> Fields::Strings(std::string_view name, bool required,
                                                 size_t min_items, size_t max_items,
                                                 size_t min_len, size_t max_len,
                                                 bool distinct) const {
  ASSIGN_OR_RETURN(const Json* arr, Array(name, required, min_items, max_items));
  std::vector<std::string> out;
  if (arr == nullptr) return out;
  std::set<std::string> seen;
  for (size_t i = 0; i < arr->size(); ++i) {
    std::string where = PathOf(name) + "[" + std::to_string(i) + "]";
    const Json& item = (*arr)[i];
    if (!item.is_string()) {
      return InvalidArgument(where + " must be a string, not " + std::string(JsonTypeName(item)));
    }
    const std::string& s = item.get_ref<const std::string&>();
    size_t n = CodePoints(s);
    if (n < min_len || n > max_len) {
      return InvalidArgument(where + " must be " + std::to_string(min_len) + " to " +
                             std::to_string(max_len) + " characters long");
    }
    if (distinct && !seen.insert(s).second) {
      return InvalidArgument(where + " repeats \"" + s.substr(0, 80) + "\"");
    }
    out.push_back(s);
  }
  return out;
}

Result<std::vector<std::string>> Fields::Identifiers(std::string_view name,
                                                     size_t max_items) const {
  ASSIGN_OR_RETURN(auto ids, Strings(name, false, 0, max_items, 1, 64, true));
  for (size_t i = 0; i < ids.size(); ++i) {
    RETURN_IF_ERROR(
        ValidateIdentifier(PathOf(name) + "[" + std::to_string(i) + "]", ids[i]));
  }
  return ids;
}

}  // namespace jirga::compliance

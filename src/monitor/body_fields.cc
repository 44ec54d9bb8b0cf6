// Path-aware strict field access for record bodies (see body_fields.h).
#include "monitor/body_fields.h"

#include <cmath>

#include "ledger/record.h"
#include "monitor/monitor_kinds.h"

namespace jirga {

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string JoinChoices(const std::vector<std::string_view>& choices) {
  std::string out;
  for (size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) out += i + 1 == choices.size() ? " or " : ", ";
    out += "\"" + std::string(choices[i]) + "\"";
  }
  return out;
}

Result<std::string> EnumValue(const Json& v, const std::string& path,
                              const std::vector<std::string_view>& allowed) {
  if (!v.is_string()) {
    return InvalidArgument(path + " must be a string, not " + std::string(JsonTypeName(v)));
  }
  const std::string& s = v.get_ref<const std::string&>();
  for (auto a : allowed) {
    if (a == s) return s;
  }
  return InvalidArgument(path + " must be one of " + JoinChoices(allowed) + ", not \"" +
                         s.substr(0, 100) + "\"");
}

Result<Fields> Fields::Of(const Json& j, std::string path) {
  if (!j.is_object()) {
    return InvalidArgument(path + " must be an object, not " + std::string(JsonTypeName(j)));
  }
  return Fields(&j, std::move(path));
}

Status Fields::Only(std::initializer_list<std::string_view> allowed) const {
  for (auto& [key, _] : obj_->items()) {
    bool ok = false;
    for (auto a : allowed) ok = ok || a == key;
    if (!ok) return InvalidArgument(path_ + " has unknown field \"" + key.substr(0, 100) + "\"");
  }
  return Status::Ok();
}

Result<const Json*> Fields::Required(std::string_view field) const {
  auto it = obj_->find(std::string(field));
  if (it == obj_->end()) return InvalidArgument(Path(field) + " is required");
  return &*it;
}

Result<std::string> Fields::String(std::string_view field, size_t min_len,
                                   size_t max_len) const {
  ASSIGN_OR_RETURN(const Json* v, Required(field));
  if (!v->is_string()) {
    return InvalidArgument(Path(field) + " must be a string, not " +
                           std::string(JsonTypeName(*v)));
  }
  const std::string& s = v->get_ref<const std::string&>();
  size_t n = CodePointCount(s);
  if (n < min_len || n > max_len) {
    return InvalidArgument(Path(field) + " must be " + std::to_string(min_len) + " to " +
                           std::to_string(max_len) + " characters long");
  }
  return s;
}

Result<std::string> Fields::OptionalString(std::string_view field, size_t min_len,
                                           size_t max_len) const {
  if (!Has(field)) return std::string();
  return String(field, min_len, max_len);
}

Result<std::string> Fields::Enum(std::string_view field,
                                 const std::vector<std::string_view>& allowed) const {
  ASSIGN_OR_RETURN(const Json* v, Required(field));
  return EnumValue(*v, Path(field), allowed);
}

Result<std::string> Fields::Identifier(std::string_view field) const {
  ASSIGN_OR_RETURN(std::string s, String(field, 1, 64));
  RETURN_IF_ERROR(ValidateIdentifier(Path(field), s));
  return s;
}

Result<int64_t> Fields::Count(std::string_view field, int64_t max) const {
  ASSIGN_OR_RETURN(const Json* v, Required(field));
  std::string range = " from 0 to " + std::to_string(max);
  // Parsed text gives unsigned for n >= 0; values built in C++ may hold a signed integer.
  if (v->is_number_integer()) {
    bool neg = !v->is_number_unsigned() && v->get<int64_t>() < 0;
    if (neg || v->get<uint64_t>() > static_cast<uint64_t>(max)) {
      return InvalidArgument(Path(field) + " must be an integer" + range);
    }
    return static_cast<int64_t>(v->get<uint64_t>());
  }
  return InvalidArgument(Path(field) + " must be an integer" + range + ", not " +
                         std::string(JsonTypeName(*v)));
}

Result<double> Fields::Number(std::string_view field, double lo, double hi) const {
  ASSIGN_OR_RETURN(const Json* v, Required(field));
  auto bad = [&] {
    char buf[96];
    std::snprintf(buf, sizeof buf, " must be a number from %g to %g", lo, hi);
    return InvalidArgument(Path(field) + buf);
  };
  if (!v->is_number()) return bad();
  double d = v->get<double>();
  if (!std::isfinite(d) || d < lo || d > hi) return bad();
  return d;
}

Result<int32_t> Fields::Date(std::string_view field, std::string* text) const {
  ASSIGN_OR_RETURN(const Json* v, Required(field));
  if (!v->is_string()) {
    return InvalidArgument(Path(field) + " must be a date YYYY-MM-DD, not " +
                           std::string(JsonTypeName(*v)));
  }
  const std::string& s = v->get_ref<const std::string&>();
  ASSIGN_OR_RETURN(int32_t day, ParseDate(s, Path(field)));
  if (text) *text = s;
  return day;
}

Result<const Json*> Fields::Array(std::string_view field, size_t min_items,
                                  size_t max_items) const {
  ASSIGN_OR_RETURN(const Json* v, Required(field));
  if (!v->is_array()) {
    return InvalidArgument(Path(field) + " must be an array, not " +
                           std::string(JsonTypeName(*v)));
  }
  if (v->size() < min_items || v->size() > max_items) {
    return InvalidArgument(Path(field) + " must have " + std::to_string(min_items) + " to " +
                           std::to_string(max_items) + " items");
  }
  return v;
}

}  // namespace jirga

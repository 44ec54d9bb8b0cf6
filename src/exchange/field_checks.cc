// Typed, strict field readers for the exchange kinds' body schemas.
#include "exchange/field_checks.h"

#include <limits>
#include <set>

#include "base/clock.h"
#include "exchange/exchange_kinds.h"
#include "ledger/record.h"

namespace jirga {
namespace {

// Decodes the next code point of valid UTF-8 (the JSON parser has already refused invalid UTF-8).
char32_t Next(std::string_view s, size_t& i) {
  auto c = static_cast<unsigned char>(s[i++]);
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  char32_t cp = extra == 3 ? c & 0x07 : extra == 2 ? c & 0x0F : extra == 1 ? c & 0x1F : c;
  for (int k = 0; k < extra && i < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  }
  return cp;
}

bool IsArabicScript(char32_t c) {
  return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
         (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
         (c >= 0xFE70 && c <= 0xFEFF);
}

// Arabic-script letters proper (not digits or punctuation such as ، ؟ ٫).
bool IsArabicLetter(char32_t c) {
  return IsArabicScript(c) && !(c >= 0x0660 && c <= 0x0669) && !(c >= 0x06F0 && c <= 0x06F9) &&
         c != 0x060C && c != 0x061B && c != 0x061F && c != 0x066A && c != 0x066B && c != 0x066C;
}

bool IsLatinLetter(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= 0x00C0 && c <= 0x024F && c != 0x00D7 && c != 0x00F7) || (c >= 0x1E00 && c <= 0x1EFF);
}

bool IsBidiControl(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

Status CheckText(std::string_view what, std::string_view s, size_t max_len, bool multiline) {
  const std::string w(what);
  size_t n = 0;
  bool visible = false;
  for (size_t i = 0; i < s.size();) {
    char32_t c = Next(s, i);
    ++n;
    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) {
      if (!(multiline && (c == '\n' || c == '\t'))) {
        return InvalidArgument(w + " contains a control character");
      }
    } else if (IsBidiControl(c)) {
      return InvalidArgument(w +
                             " contains a bidirectional override (U+202A..U+202E or "
                             "U+2066..U+2069)");
    } else if (c != ' ') {
      visible = true;
    }
  }
  if (n == 0 || n > max_len) {
    return InvalidArgument(w + " must be 1 to " + std::to_string(max_len) + " characters long");
  }
  if (!visible) return InvalidArgument(w + " must not be blank");
  return Status::Ok();
}

Status CheckScript(std::string_view what, std::string_view s, Script script) {
  bool arabic = false, latin = false;
  for (size_t i = 0; i < s.size();) {
    char32_t c = Next(s, i);
    arabic |= IsArabicLetter(c);
    latin |= IsLatinLetter(c);
  }
  const std::string w(what);
  switch (script) {
    case Script::kLatin:
      if (arabic) {
        return InvalidArgument(w +
                               " is the Latin-script name and may not contain Arabic-script "
                               "letters (use the _ar field)");
      }
      if (!latin) return InvalidArgument(w + " must contain Latin letters");
      break;
    case Script::kArabic:
      if (latin) {
        return InvalidArgument(w + " is the Arabic-script name and may not contain Latin letters");
      }
      if (!arabic) return InvalidArgument(w + " must contain Arabic-script letters");
      break;
    case Script::kAny:
      if (!arabic && !latin) return InvalidArgument(w + " must contain letters");
      break;
  }
  return Status::Ok();
}

std::string FieldChecker::Name(std::string_view field) const {
  return prefix_ + "." + std::string(field);
}

const Json* FieldChecker::Get(std::string_view field) const {
  auto it = obj_.find(std::string(field));
  return it == obj_.end() ? nullptr : &*it;
}

Status FieldChecker::IsObject() const {
  if (!obj_.is_object()) {
    return InvalidArgument(prefix_ + " must be an object, not " + std::string(JsonTypeName(obj_)));
  }
  return Status::Ok();
}

Status FieldChecker::OnlyFields(std::initializer_list<std::string_view> allowed) const {
  for (auto& [key, _] : obj_.items()) {
    bool ok = false;
    for (auto a : allowed) ok = ok || a == key;
    if (!ok) return InvalidArgument(prefix_ + " has unknown field \"" + key.substr(0, 80) + "\"");
  }
  return Status::Ok();
}

Result<std::string> FieldChecker::StringField(std::string_view field, const Json& v, size_t max_len,
                                              bool multiline) const {
  if (!v.is_string()) {
    return InvalidArgument(Name(field) + " must be a string, not " + std::string(JsonTypeName(v)));
  }
  const std::string& s = v.get_ref<const std::string&>();
  RETURN_IF_ERROR(CheckText(Name(field), s, max_len, multiline));
  return s;
}

Result<std::string> FieldChecker::Identifier(std::string_view field) const {
  ASSIGN_OR_RETURN(std::optional<std::string> id, OptionalIdentifier(field));
  if (!id) return InvalidArgument(Name(field) + " is required");
  return *id;
}

Result<std::optional<std::string>> FieldChecker::OptionalIdentifier(std::string_view field) const {
  const Json* v = Get(field);
  if (v == nullptr) return std::optional<std::string>();
  if (!v->is_string()) {
    return InvalidArgument(Name(field) + " must be a string, not " + std::string(JsonTypeName(*v)));
  }
  const std::string& s = v->get_ref<const std::string&>();
  RETURN_IF_ERROR(ValidateIdentifier(Name(field), s));
  return std::optional<std::string>(s);
}

Result<std::string> FieldChecker::EntryId(std::string_view field) const {
  const Json* v = Get(field);
  if (v == nullptr) return InvalidArgument(Name(field) + " is required");
  if (!v->is_string()) {
    return InvalidArgument(Name(field) + " must be a string, not " + std::string(JsonTypeName(*v)));
  }
  const std::string& s = v->get_ref<const std::string&>();
  bool ok = !s.empty() && s.size() <= 64 && IsAlnum(s[0]);
  for (char c : s) {
    ok = ok && (IsAlnum(c) || c == '.' || c == '_' || c == ':' || c == '/' || c == '-');
  }
  if (!ok) {
    return InvalidArgument(Name(field) +
                           " must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', "
                           "':', '/', '-', starting with a letter or digit");
  }
  return s;
}

Result<std::optional<std::string>> FieldChecker::OptionalName(std::string_view field, Script script,
                                                              size_t max_len) const {
  const Json* v = Get(field);
  if (v == nullptr) return std::optional<std::string>();
  ASSIGN_OR_RETURN(std::string s, StringField(field, *v, max_len, false));
  RETURN_IF_ERROR(CheckScript(Name(field), s, script));
  return std::optional<std::string>(std::move(s));
}

Result<std::vector<std::string>> FieldChecker::NameArray(std::string_view field, size_t max_items,
                                                         size_t max_len) const {
  ASSIGN_OR_RETURN(std::vector<std::string> names, TextArray(field, max_items, max_len));
  for (size_t i = 0; i < names.size(); ++i) {
    RETURN_IF_ERROR(
        CheckScript(Name(field) + "[" + std::to_string(i) + "]", names[i], Script::kAny));
  }
  return names;
}

Result<std::optional<std::string>> FieldChecker::OptionalText(std::string_view field,
                                                              size_t max_len,
                                                              bool multiline) const {
  const Json* v = Get(field);
  if (v == nullptr) return std::optional<std::string>();
  ASSIGN_OR_RETURN(std::string s, StringField(field, *v, max_len, multiline));
  return std::optional<std::string>(std::move(s));
}

Result<std::vector<std::string>> FieldChecker::TextArray(std::string_view field, size_t max_items,
                                                         size_t max_len) const {
  std::vector<std::string> out;
  const Json* v = Get(field);
  if (v == nullptr) return out;
  if (!v->is_array()) {
    return InvalidArgument(Name(field) + " must be an array, not " + std::string(JsonTypeName(*v)));
  }
  if (v->size() > max_items) {
    return InvalidArgument(Name(field) + " must have at most " + std::to_string(max_items) +
                           " items");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < v->size(); ++i) {
    const std::string item = std::string(field) + "[" + std::to_string(i) + "]";
    ASSIGN_OR_RETURN(std::string s, StringField(item, (*v)[i], max_len, false));
    if (!seen.insert(s).second) return InvalidArgument(Name(field) + " lists \"" + s + "\" twice");
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<std::string>> FieldChecker::IdentifierArray(std::string_view field,
                                                               size_t max_items) const {
  ASSIGN_OR_RETURN(std::vector<std::string> ids, TextArray(field, max_items, 64));
  for (size_t i = 0; i < ids.size(); ++i) {
    RETURN_IF_ERROR(ValidateIdentifier(Name(field) + "[" + std::to_string(i) + "]", ids[i]));
  }
  return ids;
}

Result<std::optional<std::string>> FieldChecker::OptionalProvince(std::string_view field) const {
  const Json* v = Get(field);
  if (v == nullptr) return std::optional<std::string>();
  if (!v->is_string()) {
    return InvalidArgument(Name(field) + " must be a string, not " + std::string(JsonTypeName(*v)));
  }
  const std::string& s = v->get_ref<const std::string&>();
  bool ok = s.size() == 6 && s.starts_with("AF-");
  for (size_t i = 3; ok && i < 6; ++i) ok = s[i] >= 'A' && s[i] <= 'Z';
  if (!ok) {
    return InvalidArgument(Name(field) + " must be an ISO 3166-2:AF code such as \"AF-KAB\"");
  }
  return std::optional<std::string>(s);
}

Result<std::optional<YearRange>> FieldChecker::OptionalYearRange(std::string_view field, int min,
                                                                 int max) const {
  const Json* v = Get(field);
  if (v == nullptr) return std::optional<YearRange>();
  const std::string range = std::to_string(min) + ".." + std::to_string(max);
  auto year = [&](const Json& y, const std::string& name) -> Result<int> {
    if (!y.is_number_integer()) {
      return InvalidArgument(name + " must be an integer year, not " +
                             std::string(JsonTypeName(y)));
    }
    const int64_t n = y.get<int64_t>();
    if (n < min || n > max) return InvalidArgument(name + " must be within " + range);
    return static_cast<int>(n);
  };
  YearRange r;
  if (v->is_object()) {
    FieldChecker c(*v, Name(field));
    RETURN_IF_ERROR(c.OnlyFields({"from", "to"}));
    if (!v->contains("from") || !v->contains("to")) {
      return InvalidArgument(Name(field) + " needs both \"from\" and \"to\"");
    }
    ASSIGN_OR_RETURN(r.from, year((*v)["from"], Name(field) + ".from"));
    ASSIGN_OR_RETURN(r.to, year((*v)["to"], Name(field) + ".to"));
    if (r.from > r.to) return InvalidArgument(Name(field) + ".from is after .to");
  } else {
    ASSIGN_OR_RETURN(r.from, year(*v, Name(field)));
    r.to = r.from;
  }
  return std::optional<YearRange>(r);
}

Result<std::optional<bool>> FieldChecker::OptionalBool(std::string_view field) const {
  const Json* v = Get(field);
  if (v == nullptr) return std::optional<bool>();
  if (!v->is_boolean()) {
    return InvalidArgument(Name(field) + " must be true or false, not " +
                           std::string(JsonTypeName(*v)));
  }
  return std::optional<bool>(v->get<bool>());
}

Result<std::optional<std::string>> FieldChecker::OptionalDate(std::string_view field) const {
  const Json* v = Get(field);
  if (v == nullptr) return std::optional<std::string>();
  if (!v->is_string()) {
    return InvalidArgument(Name(field) + " must be a string, not " + std::string(JsonTypeName(*v)));
  }
  const std::string& s = v->get_ref<const std::string&>();
  bool shape = s.size() == 10 && s[4] == '-' && s[7] == '-';
  for (size_t i = 0; shape && i < s.size(); ++i) {
    shape = i == 4 || i == 7 || (s[i] >= '0' && s[i] <= '9');
  }
  if (!shape || !ParseRfc3339(s + "T00:00:00Z").ok()) {
    return InvalidArgument(Name(field) + " must be a calendar date YYYY-MM-DD (1900..2199)");
  }
  return std::optional<std::string>(s);
}

Result<uint64_t> FieldChecker::Index(std::string_view field) const {
  const Json* v = Get(field);
  if (v == nullptr) return InvalidArgument(Name(field) + " is required");
  // Parsed JSON holds non-negative integers as unsigned, values built in C++ as signed.
  if (!v->is_number_integer() || (!v->is_number_unsigned() && v->get<int64_t>() < 0)) {
    return InvalidArgument(
        Name(field) + " must be a record index (a non-negative integer), not " +
        (v->is_number() ? std::string("this number") : std::string(JsonTypeName(*v))));
  }
  const uint64_t n = v->get<uint64_t>();
  if (n > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return InvalidArgument(Name(field) + " is out of range");
  }
  return n;
}

Result<std::vector<uint64_t>> FieldChecker::IndexArray(std::string_view field,
                                                       size_t max_items) const {
  std::vector<uint64_t> out;
  const Json* v = Get(field);
  if (v == nullptr) return out;
  if (!v->is_array()) {
    return InvalidArgument(Name(field) + " must be an array, not " + std::string(JsonTypeName(*v)));
  }
  if (v->size() > max_items) {
    return InvalidArgument(Name(field) + " must have at most " + std::to_string(max_items) +
                           " items");
  }
  std::set<uint64_t> seen;
  for (size_t i = 0; i < v->size(); ++i) {
    const Json holder = {{"i", (*v)[i]}};
    auto n = FieldChecker(holder, Name(field)).Index("i");
    if (!n.ok()) {
      return InvalidArgument(Name(field) + "[" + std::to_string(i) +
                             "] must be a record index (a non-negative integer)");
    }
    if (!seen.insert(*n).second) {
      return InvalidArgument(Name(field) + " lists index " + std::to_string(*n) + " twice");
    }
    out.push_back(*n);
  }
  return out;
}

}  // namespace jirga

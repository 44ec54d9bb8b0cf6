// Typed field readers for the exchange kinds' body schemas: each reads one field of a JSON object
// and either returns its value or InvalidArgument naming "<prefix>.<field>" and the rule broken.
//
// Text rules shared by every string field: length counted in code points; no control characters
// (tab and newline only in free text) and no bidirectional overrides/isolates (U+202A..U+202E,
// U+2066..U+2069), which would let a name display as something it is not. Names have a script:
// a Latin-script field holds no Arabic-script letter, an Arabic-script field holds at least one
// Arabic-script letter and no Latin letter.
//
// Pure functions of their input; thread-safe. The checker borrows the object.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"

namespace jirga {

enum class Script { kLatin, kArabic, kAny };

struct YearRange;

class FieldChecker {
 public:
  FieldChecker(const Json& object, std::string prefix) : obj_(object), prefix_(std::move(prefix)) {}

  Status IsObject() const;
  // Fails on a field not in `allowed`.
  Status OnlyFields(std::initializer_list<std::string_view> allowed) const;

  // Required identifier ([a-z0-9][a-z0-9._-]*, 1..64): list ids, party ids.
  Result<std::string> Identifier(std::string_view field) const;
  Result<std::optional<std::string>> OptionalIdentifier(std::string_view field) const;
  // Required entry id within a list: 1..64 of [A-Za-z0-9._:/-], starting alphanumeric.
  Result<std::string> EntryId(std::string_view field) const;
  Result<std::optional<std::string>> OptionalName(std::string_view field, Script script,
                                                  size_t max_len) const;
  // Optional array (absent = empty) of distinct names of any script.
  Result<std::vector<std::string>> NameArray(std::string_view field, size_t max_items,
                                             size_t max_len) const;
  // Text of 1..max_len code points; tab and newline allowed only if `multiline`.
  Result<std::optional<std::string>> OptionalText(std::string_view field, size_t max_len,
                                                  bool multiline = false) const;
  // Optional array (absent = empty) of distinct one-line texts.
  Result<std::vector<std::string>> TextArray(std::string_view field, size_t max_items,
                                             size_t max_len) const;
  Result<std::vector<std::string>> IdentifierArray(std::string_view field, size_t max_items) const;
  // ISO 3166-2:AF code, "AF-" and three capital letters.
  Result<std::optional<std::string>> OptionalProvince(std::string_view field) const;
  // A year (integer) or {"from": y, "to": y} with min <= from <= to <= max.
  Result<std::optional<YearRange>> OptionalYearRange(std::string_view field, int min,
                                                     int max) const;
  Result<std::optional<bool>> OptionalBool(std::string_view field) const;
  // A calendar date "YYYY-MM-DD" (years 1900..2199).
  Result<std::optional<std::string>> OptionalDate(std::string_view field) const;
  // Required record index: a non-negative integer (not 1.0, not "1") up to 2^63-1.
  Result<uint64_t> Index(std::string_view field) const;
  // Optional array (absent = empty) of distinct record indexes.
  Result<std::vector<uint64_t>> IndexArray(std::string_view field, size_t max_items) const;

 private:
  std::string Name(std::string_view field) const;
  const Json* Get(std::string_view field) const;  // nullptr if absent
  Result<std::string> StringField(std::string_view field, const Json& v, size_t max_len,
                                  bool multiline) const;

  const Json& obj_;
  std::string prefix_;
};

// Checks one string against the text rules (see above); `what` names it in the error.
Status CheckText(std::string_view what, std::string_view s, size_t max_len, bool multiline);
// Checks the script rule of a name.
Status CheckScript(std::string_view what, std::string_view s, Script script);

}  // namespace jirga

// Path-aware field access for strict body parsers: every failure is InvalidArgument naming the
// full path of the field ("body.place.lat must be a number from -90 to 90").
//
// A Fields wraps a JSON object it does not own (the object must outlive it). Thread-compatible.
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

// Counts Unicode code points in UTF-8 text.
size_t CodePointCount(std::string_view s);

class Fields {
 public:
  // InvalidArgument "<path> must be an object, not <type>" unless `j` is an object.
  static Result<Fields> Of(const Json& j, std::string path);

  const std::string& path() const { return path_; }
  std::string Path(std::string_view field) const { return path_ + "." + std::string(field); }

  // "<path> has unknown field \"x\"" for the first field not in `allowed`.
  Status Only(std::initializer_list<std::string_view> allowed) const;
  bool Has(std::string_view field) const { return obj_->contains(std::string(field)); }
  // The field's value; InvalidArgument "<path>.<field> is required" when absent.
  Result<const Json*> Required(std::string_view field) const;

  // A string of min..max code points.
  Result<std::string> String(std::string_view field, size_t min_len, size_t max_len) const;
  // The same, or "" when the field is absent.
  Result<std::string> OptionalString(std::string_view field, size_t min_len,
                                     size_t max_len) const;
  // A string equal to one of `allowed`.
  Result<std::string> Enum(std::string_view field,
                           const std::vector<std::string_view>& allowed) const;
  // An identifier: 1..64 of [a-z0-9._-], starting with a letter or digit.
  Result<std::string> Identifier(std::string_view field) const;
  // A JSON integer (not 1.0) in 0..max.
  Result<int64_t> Count(std::string_view field, int64_t max) const;
  // A JSON number in lo..hi.
  Result<double> Number(std::string_view field, double lo, double hi) const;
  // A "YYYY-MM-DD" date (see ParseDate); returns the day number, and the text in *text.
  Result<int32_t> Date(std::string_view field, std::string* text) const;
  // An array of min..max items.
  Result<const Json*> Array(std::string_view field, size_t min_items, size_t max_items) const;

 private:
  Fields(const Json* obj, std::string path) : obj_(obj), path_(std::move(path)) {}
  const Json* obj_;
  std::string path_;
};

// `value` as a string from `allowed`, naming `path` when it is not.
Result<std::string> EnumValue(const Json& value, const std::string& path,
                              const std::vector<std::string_view>& allowed);
// "a, b or c" for messages.
std::string JoinChoices(const std::vector<std::string_view>& choices);

}  // namespace jirga

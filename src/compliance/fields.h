// Typed reads of a JSON object's fields for the compliance and dialogue body schemas. Every error
// is InvalidArgument naming the field by its full path ("body.points[2].text must be a string").
// Stateless helpers over a borrowed Json; thread-safe.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "compliance/date.h"

namespace jirga::compliance {

class Fields {
 public:
  // `obj` must outlive this; `path` names it in messages ("body", "body.bases[0]").
  Fields(const Json& obj, std::string path) : obj_(obj), path_(std::move(path)) {}

  // InvalidArgument unless `obj` is a JSON object.
  Status IsObject() const;
  // Refuses fields outside `allowed`; `hint` is appended to the message.
  Status Only(std::initializer_list<std::string_view> allowed, std::string_view hint = "") const;
  // Length in code points within [min_len, max_len]. Sets *out only when present (and returns
  // whether it was through `present`, if given).
  Status String(std::string_view name, bool required, size_t min_len, size_t max_len,
                std::string* out, bool* present = nullptr) const;
  // A jirga identifier (party ids, clause ids, kind names: ValidateIdentifier).
  Status Identifier(std::string_view name, bool required, std::string* out,
                    bool* present = nullptr) const;
  // "YYYY-MM-DD", years 1900..2199.
  Result<std::optional<Date>> Day(std::string_view name, bool required) const;
  // A finite JSON number.
  Result<std::optional<double>> Number(std::string_view name, bool required) const;
  // An integral JSON number in [min, max].
  Result<std::optional<int64_t>> Integer(std::string_view name, bool required, int64_t min,
                                         int64_t max) const;
  // An array of max_items items at most (empty when absent); nullptr when absent.
  Result<const Json*> Array(std::string_view name, bool required, size_t min_items,
                            size_t max_items) const;
  // Arrays of strings / identifiers, optionally with distinct items.
  Result<std::vector<std::string>> Strings(std::string_view name, bool required, size_t min_items,
                                           size_t max_items, size_t min_len, size_t max_len,
                                           bool distinct) const;
  Result<std::vector<std::string>> Identifiers(std::string_view name, size_t max_items) const;

  std::string PathOf(std::string_view name) const { return path_ + "." + std::string(name); }
  const std::string& path() const { return path_; }

 private:
  const Json* Get(std::string_view name) const;
  const Json& obj_;
  std::string path_;
};

// Code points of valid UTF-8.
size_t CodePoints(std::string_view s);

}  // namespace jirga::compliance

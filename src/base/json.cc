// Strict JSON parsing: a SAX pass that rejects duplicate keys and deep nesting, then a DOM build.
#include "base/json.h"

#include <set>
#include <string>
#include <vector>

namespace jirga {
namespace {

// Checks structure only; the DOM is built by a second, ordinary parse once this one passes.
class StrictChecker : public nlohmann::json_sax<Json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return Push(true); }
  bool key(string_t& k) override {
    if (!stack_.back().keys.insert(k).second) return Fail("duplicate object key \"" + k + "\"");
    return true;
  }
  bool end_object() override { return Pop(); }
  bool start_array(std::size_t) override { return Push(false); }
  bool end_array() override { return Pop(); }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    std::string what = ex.what();
    // nlohmann's message looks like "[json.exception.parse_error.101] parse error at line 1,
    // column 5: syntax error ..."; keep the part after the bracketed tag.
    auto p = what.find("] ");
    error_ = "malformed JSON at byte " + std::to_string(position) + ": " +
             (p == std::string::npos ? what : what.substr(p + 2));
    return false;
  }
  const std::string& error() const { return error_; }

 private:
  struct Frame {
    bool is_object;
    std::set<std::string> keys;
  };
  bool Push(bool obj) {
    if (stack_.size() >= static_cast<size_t>(kMaxJsonDepth)) {
      return Fail("JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    stack_.push_back(Frame{obj, {}});
    return true;
  }
  bool Pop() {
    stack_.pop_back();
    return true;
  }
  bool Fail(std::string m) {
    error_ = std::move(m);
    return false;
  }
  std::vector<Frame> stack_;
  std::string error_;
};

}  // namespace

Result<Json> ParseJsonStrict(std::string_view text) {
  StrictChecker checker;
  bool ok = Json::sax_parse(text.begin(), text.end(), &checker, nlohmann::detail::input_format_t::json,
                            /*strict=*/true, /*ignore_comments=*/false);
  if (!ok) {
    return InvalidArgument(checker.error().empty() ? "malformed JSON" : checker.error());
  }
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgument("malformed JSON");
  return j;
}

std::string_view JsonTypeName(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "object";
    case Json::value_t::array: return "array";
    case Json::value_t::string: return "string";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "integer";
    case Json::value_t::number_float: return "number";
    default: return "other";
  }
}

}  // namespace jirga

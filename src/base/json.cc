// Strict JSON parsing: one SAX pass that builds the DOM and rejects duplicate keys and deep nesting.
#include "base/json.h"

#include <string>
#include <vector>

namespace jirga {
namespace {

// Builds the DOM in the same pass that checks it (one parse, not a checking pass then a DOM
// parse: JSON parsing is a visible share of the server's time per submission). Keys are checked
// against the object being built, so a duplicate costs one map lookup.
class StrictBuilder : public nlohmann::json_sax<Json> {
 public:
  bool null() override { return Add(nullptr); }
  bool boolean(bool v) override { return Add(v); }
  bool number_integer(number_integer_t v) override { return Add(v); }
  bool number_unsigned(number_unsigned_t v) override { return Add(v); }
  bool number_float(number_float_t v, const string_t&) override { return Add(v); }
  bool string(string_t& v) override { return Add(std::move(v)); }
  bool binary(binary_t& v) override { return Add(Json::binary(std::move(v))); }
  bool start_object(std::size_t) override { return Push(Json::object()); }
  bool key(string_t& k) override {
    auto& object = stack_.back()->get_ref<Json::object_t&>();
    auto [it, inserted] = object.emplace(k, nullptr);
    if (!inserted) return Fail("duplicate object key \"" + k + "\"");
    member_ = &it->second;
    return true;
  }
  bool end_object() override { return Pop(); }
  bool start_array(std::size_t) override { return Push(Json::array()); }
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
  Json& root() { return root_; }

 private:
  // Places a value: the root, the next element of the innermost array, or the value of the key
  // just read. Returns where it went.
  template <typename V>
  Json* Place(V&& v) {
    if (stack_.empty()) {
      root_ = Json(std::forward<V>(v));
      return &root_;
    }
    Json* top = stack_.back();
    if (top->is_array()) {
      top->get_ref<Json::array_t&>().emplace_back(std::forward<V>(v));
      return &top->get_ref<Json::array_t&>().back();
    }
    *member_ = Json(std::forward<V>(v));
    return member_;
  }
  template <typename V>
  bool Add(V&& v) {
    Place(std::forward<V>(v));
    return true;
  }
  bool Push(Json container) {
    if (stack_.size() >= static_cast<size_t>(kMaxJsonDepth)) {
      return Fail("JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    // Containers on the stack stay put: an array only grows after its last element (the
    // container pushed here) has been closed and popped.
    stack_.push_back(Place(std::move(container)));
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
  Json root_;
  std::vector<Json*> stack_;  // borrowed: the open containers inside root_
  Json* member_ = nullptr;    // borrowed: the value slot of the key just read
  std::string error_;
};

}  // namespace

Result<Json> ParseJsonStrict(std::string_view text) {
  StrictBuilder builder;
  bool ok = Json::sax_parse(text.begin(), text.end(), &builder,
                            nlohmann::detail::input_format_t::json,
                            /*strict=*/true, /*ignore_comments=*/false);
  if (!ok) {
    return InvalidArgument(builder.error().empty() ? "malformed JSON" : builder.error());
  }
  return std::move(builder.root());
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

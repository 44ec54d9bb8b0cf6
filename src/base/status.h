// Status and Result<T>: errors that cross module boundaries are values, never exceptions.
//
// A Status is OK or carries one of a few named codes plus a human-readable message. Result<T>
// holds either a T or a non-OK Status (shaped like absl::StatusOr<T>). Both are cheap to move and
// safe to use from any thread (they are plain values).
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace jirga {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,    // the caller's input is malformed or violates a rule
  kNotFound,           // the thing asked for does not exist
  kAlreadyExists,      // creating something that is already there
  kUnauthorized,       // key not registered, not allowed for this kind, wrong party
  kUnauthenticated,    // a request that needs to say who makes it did not (or not validly)
  kPermissionDenied,   // a local file has unsafe permissions
  kFailedPrecondition, // the system is not in a state to do this (e.g. store not initialised)
  kCorruption,         // stored data does not match what it commits to
  kIOError,            // the operating system or the database failed
  kResourceExhausted,  // input larger than a limit
  kInternal,           // a bug
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "Corruption: leaf 12 does not match its record".
  std::string ToString() const;

  // Returns a copy with "context: " prefixed to the message, keeping the code.
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
inline Status Unauthorized(std::string m) { return {StatusCode::kUnauthorized, std::move(m)}; }
inline Status Unauthenticated(std::string m) {
  return {StatusCode::kUnauthenticated, std::move(m)};
}
inline Status PermissionDenied(std::string m) {
  return {StatusCode::kPermissionDenied, std::move(m)};
}
inline Status FailedPrecondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
inline Status IOError(std::string m) { return {StatusCode::kIOError, std::move(m)}; }
inline Status ResourceExhausted(std::string m) {
  return {StatusCode::kResourceExhausted, std::move(m)};
}
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit like StatusOr
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok() && "Result constructed from an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // OK when a value is held.
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }

  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace jirga

#define JIRGA_CONCAT_INNER(a, b) a##b
#define JIRGA_CONCAT(a, b) JIRGA_CONCAT_INNER(a, b)

// Returns from the enclosing function when `expr` (a Status) is not OK.
#define RETURN_IF_ERROR(expr)            \
  do {                                   \
    ::jirga::Status _st = (expr);        \
    if (!_st.ok()) return _st;           \
  } while (0)

// `ASSIGN_OR_RETURN(auto x, F())` binds x to F()'s value or returns its Status.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(JIRGA_CONCAT(_result_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(tmp).value()

// The condition language of commitments (docs/conditions.md): expressions such as
// `troops("us") <= 8600` or `incidents(perpetrator="taliban", window=14d) <= 0.2 *
// baseline("pre-riv")`, and deadlines such as `135 days after event("signature")`.
//
// Parsing is a hand-written recursive descent over a small lexer. Every function call is checked
// against a FunctionRegistry while parsing (name, arity, argument names and types), so an
// expression that parses can only fail at evaluation for lack of data or a division by zero.
// Errors are InvalidArgument "LINE:COLUMN: what was expected" (`1:18: expected ")" after
// arguments`), positions counted in Unicode code points from 1.
//
// Evaluation is deterministic: it reads the world only through an EvalContext, at a day `at` and
// with what was recorded by the end of day `known` (at <= known).
//
// Expressions are immutable after parsing and share their nodes, so copies are cheap and may be
// used from several threads at once (each with its own EvalContext, or a thread-safe one).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/status.h"
#include "compliance/date.h"

namespace jirga::compliance {

enum class Type { kNumber, kBool, kDuration, kDate, kString };
std::string_view TypeName(Type type);  // "number", "boolean", "duration", "date", "string"

// "14d", "2w" (= 14 days) or "14mo": calendar months and days, added to a date months first.
struct Duration {
  int32_t months = 0;
  int32_t days = 0;
  bool operator==(const Duration&) const = default;
};
std::string FormatDuration(Duration d);  // "14d", "14mo"
Date AddDuration(Date d, Duration by);

// A literal: function arguments are literals, so a call's arguments are known at parse time.
using Value = std::variant<double, bool, Duration, Date, std::string>;
Type TypeOf(const Value& v);
// For messages and output: 8600, true, 14d, 2020-03-10, "us".
std::string FormatValue(const Value& v);

// A call with its arguments bound to parameter names (positional arguments take the names of the
// function's parameters in order). Optional parameters that were not given are absent.
struct Call {
  // What the evaluator does with the call: ask the context for a metric, for an event's day, or
  // for whether a clause is met. Set by the parser from the function's name.
  enum class Kind { kMetric, kEvent, kMet };
  std::string function;
  Kind kind = Kind::kMetric;
  std::map<std::string, Value, std::less<>> args;
  int line = 0, column = 0;
  // `troops("us")`, `incidents(perpetrator="taliban", window=14d)`: a canonical spelling, one per
  // distinct call (parameters in declaration order, all named but the first positional one).
  std::string Canonical() const;
  // The string argument `name`, or "" when absent or not a string.
  std::string_view StringArg(std::string_view name) const;
};

struct ParamSpec {
  std::string name;
  Type type;
  bool required = true;
};

struct FunctionSpec {
  std::string name;
  Type result;  // kNumber (a metric) or kBool (event, met)
  std::vector<ParamSpec> params;
  size_t positional = 0;  // how many leading params may be passed without a name
  std::string summary;    // one line for docs and errors
};

// Which functions exist, with their signatures. Immutable once built; thread-safe to share.
class FunctionRegistry {
 public:
  // AlreadyExists if the name is taken.
  Status Register(FunctionSpec spec);
  const FunctionSpec* Find(std::string_view name) const;  // nullptr if unknown
  std::string Names() const;                              // "baseline, event, ..."

 private:
  std::map<std::string, FunctionSpec, std::less<>> fns_;
};

// troops, released, incidents, baseline (numbers) and event, met (booleans); docs/conditions.md §3.
const FunctionRegistry& DefaultFunctions();

struct Node {
  enum class Op {
    kLiteral, kCall,                      // leaves
    kNeg, kNot,                           // one kid
    kAnd, kOr, kAdd, kSub, kMul, kDiv,    // two kids
    kLt, kLe, kGt, kGe, kEq, kNe,         // two kids (comparisons)
  };
  Op op = Op::kLiteral;
  Type type = Type::kNumber;
  int line = 0, column = 0;
  Value literal;  // kLiteral
  Call call;      // kCall
  std::vector<std::shared_ptr<const Node>> kids;
};
std::string_view OpName(Node::Op op);  // "<=", "and", ...
bool IsComparison(Node::Op op);

class Expression {
 public:
  Expression() = default;
  Expression(std::shared_ptr<const Node> root, std::string source);
  bool empty() const { return root_ == nullptr; }
  const Node& root() const { return *root_; }
  Type type() const { return root_->type; }
  const std::string& source() const { return source_; }
  // Every call, in source order (pointers into the shared, immutable nodes).
  const std::vector<const Call*>& Calls() const;

 private:
  std::shared_ptr<const Node> root_;
  std::string source_;
  std::shared_ptr<const std::vector<const Call*>> calls_;  // computed once, shared by copies
};

inline constexpr size_t kMaxExpressionChars = 4000;
inline constexpr int kMaxExpressionDepth = 48;

// Parses `text` and checks it against `fns`; with `want`, the whole expression must have that
// type (metrics and conditions are booleans). InvalidArgument "L:C: ..." on any error;
// ResourceExhausted when longer than kMaxExpressionChars or nested deeper than
// kMaxExpressionDepth.
Result<Expression> ParseExpression(std::string_view text,
                                   const FunctionRegistry& fns = DefaultFunctions(),
                                   std::optional<Type> want = Type::kBool);

// A deadline: a day, or a duration after an event or after a clause is met.
struct Deadline {
  enum class Kind { kDate, kAfterEvent, kAfterMet };
  Kind kind = Kind::kDate;
  Date date;          // kDate
  Duration offset;    // kAfterEvent, kAfterMet
  std::string anchor; // the event id or clause id
  std::string source; // as written
};
// `2020-03-10` | `135 days after event("signature")` | `14 months after met("doha.ian-start")`.
// Errors as for ParseExpression.
Result<Deadline> ParseDeadline(std::string_view text);

// What an expression reads. Implementations decide where the data comes from (views, the log,
// fixtures); the evaluator only asks.
class EvalContext {
 public:
  virtual ~EvalContext() = default;
  // The value of a number-valued call (troops, released, incidents, baseline) on day `at`, from
  // what was recorded by the end of day `known` (at <= known). NotFound naming the call when this
  // context has no source for it.
  virtual Result<double> Metric(const Call& call, Date at, Date known) = 0;
  // The day event `id` happened, as recorded by the end of day `known`; nullopt if not (yet).
  virtual Result<std::optional<Date>> EventDate(std::string_view id, Date known) = 0;
  // met(clause) on day `at`: the day from which the clause has been met without interruption up
  // to `at`, or nullopt if it is not met on `at`. The compliance engine answers this; the default
  // is NotFound.
  virtual Result<std::optional<Date>> MetSince(std::string_view clause, Date at, Date known);
  // Days in [from, to] on which the value of `call` may change (ascending). The engine evaluates
  // conditions only there to find when they began to hold. The default, every day, is always
  // correct; contexts with sparse data return less.
  virtual Result<std::vector<Date>> ChangeDates(const Call& call, Date from, Date to, Date known);
};

// Evaluates `e` on day `at` with what was known by the end of day `known`. Errors: the context's
// (with the call's position prepended), InvalidArgument on division by zero.
Result<Value> Evaluate(const Expression& e, EvalContext& ctx, Date at, Date known);
Result<bool> EvaluateBool(const Expression& e, EvalContext& ctx, Date at, Date known);
Result<double> EvaluateNumber(const Node& n, EvalContext& ctx, Date at, Date known);

}  // namespace jirga::compliance

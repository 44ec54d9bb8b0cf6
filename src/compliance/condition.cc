// The condition language's values, function registry and evaluator (docs/conditions.md).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "compliance/condition.h"

namespace jirga::compliance {

std::string_view TypeName(Type type) {
  switch (type) {
    case Type::kNumber: return "number";
    case Type::kBool: return "boolean";
    case Type::kDuration: return "duration";
    case Type::kDate: return "date";
    case Type::kString: return "string";
  }
  return "unknown";
}

std::string FormatDuration(Duration d) {
  if (d.months != 0 && d.days != 0) {
    return std::to_string(d.months) + "mo" + std::to_string(d.days) + "d";
  }
  if (d.months != 0) return std::to_string(d.months) + "mo";
  return std::to_string(d.days) + "d";
}

Date AddDuration(Date d, Duration by) { return AddDays(AddMonths(d, by.months), by.days); }

Type TypeOf(const Value& v) {
  switch (v.index()) {
    case 0: return Type::kNumber;
    case 1: return Type::kBool;
    case 2: return Type::kDuration;
    case 3: return Type::kDate;
    default: return Type::kString;
  }
}

namespace {

std::string FormatNumber(double x) {
  char buf[64];
  if (x == std::floor(x) && std::fabs(x) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", x);
  } else {
    std::snprintf(buf, sizeof buf, "%.6g", x);
  }
  return buf;
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

std::string FormatValue(const Value& v) {
  switch (TypeOf(v)) {
    case Type::kNumber: return FormatNumber(std::get<double>(v));
    case Type::kBool: return std::get<bool>(v) ? "true" : "false";
    case Type::kDuration: return FormatDuration(std::get<Duration>(v));
    case Type::kDate: return FormatDate(std::get<Date>(v));
    case Type::kString: return Quote(std::get<std::string>(v));
  }
  return "";
}

std::string Call::Canonical() const {
  const FunctionSpec* spec = DefaultFunctions().Find(function);
  std::string out = function + "(";
  bool first = true;
  auto add = [&](const std::string& name, const Value& v, bool positional) {
    if (!first) out += ", ";
    first = false;
    if (!positional) out += name + "=";
    out += FormatValue(v);
  };
  if (spec != nullptr) {
    for (size_t i = 0; i < spec->params.size(); ++i) {
      auto it = args.find(spec->params[i].name);
      if (it != args.end()) add(it->first, it->second, i < spec->positional);
    }
  } else {
    for (const auto& [k, v] : args) add(k, v, false);
  }
  return out + ")";
}

std::string_view Call::StringArg(std::string_view name) const {
  auto it = args.find(name);
  if (it == args.end() || !std::holds_alternative<std::string>(it->second)) return {};
  return std::get<std::string>(it->second);
}

Status FunctionRegistry::Register(FunctionSpec spec) {
  std::string name = spec.name;
  if (!fns_.emplace(name, std::move(spec)).second) {
    return AlreadyExists("function \"" + name + "\" is already registered");
  }
  return Status::Ok();
}

const FunctionSpec* FunctionRegistry::Find(std::string_view name) const {
  auto it = fns_.find(name);
  return it == fns_.end() ? nullptr : &it->second;
}

std::string FunctionRegistry::Names() const {
  std::string out;
  for (const auto& [name, _] : fns_) out += (out.empty() ? "" : ", ") + name;
  return out;
}

const FunctionRegistry& DefaultFunctions() {
  static const FunctionRegistry* fns = [] {
    auto* r = new FunctionRegistry();
    auto add = [&](FunctionSpec s) { (void)r->Register(std::move(s)); };
    add({"troops", Type::kNumber, {{"force", Type::kString, true}}, 1,
         "declared strength of a force on the day (latest troops record as of then)"});
    add({"released", Type::kNumber, {{"list", Type::kString, true}}, 1,
         "prisoners of a list released by the day (exchange view)"});
    add({"incidents",
         Type::kNumber,
         {{"perpetrator", Type::kString, false},
          {"target", Type::kString, false},
          {"province", Type::kString, false},
          {"type", Type::kString, false},
          {"window", Type::kDuration, false}},
         0,
         "incidents matching the filter in the window ending on the day (monitor view)"});
    add({"baseline", Type::kNumber, {{"id", Type::kString, true}}, 1,
         "the value a baseline record defines (monitor view)"});
    add({"event", Type::kBool, {{"id", Type::kString, true}}, 1,
         "whether an event has happened by the day"});
    add({"met", Type::kBool, {{"clause", Type::kString, true}}, 1,
         "whether a clause is met on the day"});
    return r;
  }();
  return *fns;
}

std::string_view OpName(Node::Op op) {
  switch (op) {
    case Node::Op::kLiteral: return "literal";
    case Node::Op::kCall: return "call";
    case Node::Op::kNeg: return "-";
    case Node::Op::kNot: return "not";
    case Node::Op::kAnd: return "and";
    case Node::Op::kOr: return "or";
    case Node::Op::kAdd: return "+";
    case Node::Op::kSub: return "-";
    case Node::Op::kMul: return "*";
    case Node::Op::kDiv: return "/";
    case Node::Op::kLt: return "<";
    case Node::Op::kLe: return "<=";
    case Node::Op::kGt: return ">";
    case Node::Op::kGe: return ">=";
    case Node::Op::kEq: return "==";
    case Node::Op::kNe: return "!=";
  }
  return "?";
}

bool IsComparison(Node::Op op) {
  return op == Node::Op::kLt || op == Node::Op::kLe || op == Node::Op::kGt ||
         op == Node::Op::kGe || op == Node::Op::kEq || op == Node::Op::kNe;
}

Expression::Expression(std::shared_ptr<const Node> root, std::string source)
    : root_(std::move(root)), source_(std::move(source)) {
  auto calls = std::make_shared<std::vector<const Call*>>();
  std::vector<const Node*> stack = {root_.get()};
  while (!stack.empty()) {
    const Node* n = stack.back();
    stack.pop_back();
    if (n->op == Node::Op::kCall) calls->push_back(&n->call);
    for (auto it = n->kids.rbegin(); it != n->kids.rend(); ++it) stack.push_back(it->get());
  }
  calls_ = std::move(calls);
}

const std::vector<const Call*>& Expression::Calls() const {
  static const std::vector<const Call*> kNone;
  return calls_ ? *calls_ : kNone;
}

Result<std::optional<Date>> EvalContext::MetSince(std::string_view clause, Date, Date) {
  return NotFound("met(\"" + std::string(clause) + "\") needs the compliance engine");
}

Result<std::vector<Date>> EvalContext::ChangeDates(const Call&, Date from, Date to, Date) {
  std::vector<Date> out;
  for (Date d = from; d <= to; d = AddDays(d, 1)) out.push_back(d);
  return out;
}

namespace {

std::string At(const Node& n) {
  return std::to_string(n.line) + ":" + std::to_string(n.column) + ": ";
}

Result<Value> Eval(const Node& n, EvalContext& ctx, Date at, Date known);

Result<bool> EvalBoolNode(const Node& n, EvalContext& ctx, Date at, Date known) {
  ASSIGN_OR_RETURN(Value v, Eval(n, ctx, at, known));
  return std::get<bool>(v);
}

Result<Value> EvalCall(const Node& n, EvalContext& ctx, Date at, Date known) {
  const Call& c = n.call;
  if (c.kind == Call::Kind::kEvent) {
    auto d = ctx.EventDate(c.StringArg("id"), known);
    if (!d.ok()) return d.status().WithContext(At(n) + c.Canonical());
    return Value(d->has_value() && **d <= at);
  }
  if (c.kind == Call::Kind::kMet) {
    auto since = ctx.MetSince(c.StringArg("clause"), at, known);
    if (!since.ok()) return since.status().WithContext(At(n) + c.Canonical());
    return Value(since->has_value());
  }
  auto v = ctx.Metric(c, at, known);
  if (!v.ok()) return v.status().WithContext(At(n) + c.Canonical());
  return Value(*v);
}

Result<Value> Eval(const Node& n, EvalContext& ctx, Date at, Date known) {
  using Op = Node::Op;
  switch (n.op) {
    case Op::kLiteral: return n.literal;
    case Op::kCall: return EvalCall(n, ctx, at, known);
    case Op::kNot: {
      ASSIGN_OR_RETURN(bool b, EvalBoolNode(*n.kids[0], ctx, at, known));
      return Value(!b);
    }
    case Op::kAnd:
    case Op::kOr: {
      // Short-circuit: a side that is not needed is not asked for (and cannot fail).
      ASSIGN_OR_RETURN(bool l, EvalBoolNode(*n.kids[0], ctx, at, known));
      if (n.op == Op::kAnd && !l) return Value(false);
      if (n.op == Op::kOr && l) return Value(true);
      ASSIGN_OR_RETURN(bool r, EvalBoolNode(*n.kids[1], ctx, at, known));
      return Value(r);
    }
    case Op::kNeg:
    case Op::kAdd:
    case Op::kSub:
    case Op::kMul:
    case Op::kDiv: {
      ASSIGN_OR_RETURN(double x, EvaluateNumber(n, ctx, at, known));
      return Value(x);
    }
    default: break;
  }
  // Comparisons.
  ASSIGN_OR_RETURN(Value l, Eval(*n.kids[0], ctx, at, known));
  ASSIGN_OR_RETURN(Value r, Eval(*n.kids[1], ctx, at, known));
  int cmp = 0;
  if (std::holds_alternative<double>(l)) {
    double a = std::get<double>(l), b = std::get<double>(r);
    cmp = a < b ? -1 : (a > b ? 1 : 0);
  } else if (std::holds_alternative<Date>(l)) {
    Date a = std::get<Date>(l), b = std::get<Date>(r);
    cmp = a < b ? -1 : (a > b ? 1 : 0);
  } else if (std::holds_alternative<bool>(l)) {
    cmp = std::get<bool>(l) == std::get<bool>(r) ? 0 : 1;
  } else {
    return Internal(At(n) + "comparison of unsupported type");
  }
  switch (n.op) {
    case Op::kLt: return Value(cmp < 0);
    case Op::kLe: return Value(cmp <= 0);
    case Op::kGt: return Value(cmp > 0);
    case Op::kGe: return Value(cmp >= 0);
    case Op::kEq: return Value(cmp == 0);
    case Op::kNe: return Value(cmp != 0);
    default: return Internal(At(n) + "unknown operator");
  }
}

}  // namespace

Result<double> EvaluateNumber(const Node& n, EvalContext& ctx, Date at, Date known) {
  using Op = Node::Op;
  switch (n.op) {
    case Op::kNeg: {
      ASSIGN_OR_RETURN(double x, EvaluateNumber(*n.kids[0], ctx, at, known));
      return -x;
    }
    case Op::kAdd:
    case Op::kSub:
    case Op::kMul:
    case Op::kDiv: {
      ASSIGN_OR_RETURN(double a, EvaluateNumber(*n.kids[0], ctx, at, known));
      ASSIGN_OR_RETURN(double b, EvaluateNumber(*n.kids[1], ctx, at, known));
      if (n.op == Op::kAdd) return a + b;
      if (n.op == Op::kSub) return a - b;
      if (n.op == Op::kMul) return a * b;
      if (b == 0) return InvalidArgument(At(n) + "division by zero");
      return a / b;
    }
    default: break;
  }
  ASSIGN_OR_RETURN(Value v, Eval(n, ctx, at, known));
  if (!std::holds_alternative<double>(v)) {
    return InvalidArgument(At(n) + "expected a number, found a " + std::string(TypeName(TypeOf(v))));
  }
  return std::get<double>(v);
}

Result<Value> Evaluate(const Expression& e, EvalContext& ctx, Date at, Date known) {
  if (e.empty()) return InvalidArgument("empty expression");
  return Eval(e.root(), ctx, at, known);
}

Result<bool> EvaluateBool(const Expression& e, EvalContext& ctx, Date at, Date known) {
  if (e.empty()) return InvalidArgument("empty expression");
  if (e.type() != Type::kBool) {
    return InvalidArgument("expected a boolean expression, found a " +
                           std::string(TypeName(e.type())));
  }
  return EvalBoolNode(e.root(), ctx, at, known);
}

}  // namespace jirga::compliance

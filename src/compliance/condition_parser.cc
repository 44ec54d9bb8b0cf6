// The condition language's lexer and recursive-descent parser (grammar in docs/conditions.md §2),
// with the type and signature checks done while parsing, and the deadline form.
#include <cmath>
#include <cstdlib>

#include "compliance/condition.h"

namespace jirga::compliance {
namespace {

enum class Tok {
  kEnd, kNumber, kIdent, kString, kDate,
  kLParen, kRParen, kComma, kAssign, kPlus, kMinus, kStar, kSlash,
  kLt, kLe, kGt, kGe, kEq, kNe,
};

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;  // as written (the decoded value for strings)
  double number = 0;
  Date date;
  int line = 1, column = 1;
};

constexpr size_t kMaxStringChars = 256;

std::string Where(int line, int column) {
  return std::to_string(line) + ":" + std::to_string(column) + ": ";
}

Status ErrorAt(int line, int column, const std::string& msg) {
  return InvalidArgument(Where(line, column) + msg);
}

// How a token is named in "found ..." messages.
std::string Describe(const Token& t) {
  switch (t.kind) {
    case Tok::kEnd: return "the end of the expression";
    case Tok::kString: return "the string \"" + t.text + "\"";
    case Tok::kNumber: return "the number " + t.text;
    case Tok::kDate: return "the date " + t.text;
    case Tok::kIdent: return "\"" + t.text + "\"";
    default: return "\"" + t.text + "\"";
  }
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || IsDigit(c); }

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  Result<std::vector<Token>> Run() {
    std::vector<Token> out;
    for (;;) {
      SkipSpace();
      Token t;
      t.line = line_;
      t.column = col_;
      if (pos_ >= s_.size()) {
        out.push_back(t);
        return out;
      }
      char c = s_[pos_];
      if (IsDigit(c)) {
        RETURN_IF_ERROR(Number(t));
      } else if (IsIdentStart(c)) {
        size_t b = pos_;
        while (pos_ < s_.size() && IsIdentChar(s_[pos_])) Advance();
        t.kind = Tok::kIdent;
        t.text = std::string(s_.substr(b, pos_ - b));
      } else if (c == '"') {
        RETURN_IF_ERROR(String(t));
      } else {
        RETURN_IF_ERROR(Punct(t));
      }
      out.push_back(std::move(t));
    }
  }

 private:
  void Advance() {
    unsigned char c = static_cast<unsigned char>(s_[pos_++]);
    if (c == '\n') {
      ++line_;
      col_ = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++col_;  // columns count code points: UTF-8 continuation bytes do not advance them
    }
  }
  void SkipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      Advance();
    }
  }

  Status Number(Token& t) {
    size_t b = pos_;
    // A date is exactly DDDD-DD-DD.
    if (s_.size() - pos_ >= 10 && IsDigit(s_[pos_ + 1]) && IsDigit(s_[pos_ + 2]) &&
        IsDigit(s_[pos_ + 3]) && s_[pos_ + 4] == '-' && IsDigit(s_[pos_ + 5]) &&
        IsDigit(s_[pos_ + 6]) && s_[pos_ + 7] == '-' && IsDigit(s_[pos_ + 8]) &&
        IsDigit(s_[pos_ + 9]) && (s_.size() - pos_ == 10 || !IsDigit(s_[pos_ + 10]))) {
      t.text = std::string(s_.substr(pos_, 10));
      auto d = ParseDate(t.text);
      if (!d.ok()) return ErrorAt(t.line, t.column, d.status().message());
      for (int i = 0; i < 10; ++i) Advance();
      t.kind = Tok::kDate;
      t.date = *d;
      return Status::Ok();
    }
    while (pos_ < s_.size() && IsDigit(s_[pos_])) Advance();
    if (pos_ < s_.size() && s_[pos_] == '.') {
      Advance();
      if (pos_ >= s_.size() || !IsDigit(s_[pos_])) {
        return ErrorAt(line_, col_, "expected a digit after the decimal point");
      }
      while (pos_ < s_.size() && IsDigit(s_[pos_])) Advance();
    }
    t.text = std::string(s_.substr(b, pos_ - b));
    if (t.text.size() > 20) return ErrorAt(t.line, t.column, "number " + t.text + " is too long");
    t.kind = Tok::kNumber;
    t.number = std::strtod(t.text.c_str(), nullptr);
    return Status::Ok();
  }

  Status String(Token& t) {
    Advance();  // opening quote
    std::string v;
    size_t chars = 0;
    for (;;) {
      if (pos_ >= s_.size() || s_[pos_] == '\n') {
        return ErrorAt(t.line, t.column, "unterminated string (expected a closing '\"')");
      }
      char c = s_[pos_];
      if (c == '"') {
        Advance();
        break;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        return ErrorAt(line_, col_, "control character in a string");
      }
      if (c == '\\') {
        int l = line_, col = col_;
        Advance();
        if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\\')) {
          return ErrorAt(l, col, "unknown escape in a string (only \\\" and \\\\)");
        }
        c = s_[pos_];
      }
      if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++chars;
      v.push_back(c);
      Advance();
      if (chars > kMaxStringChars) {
        return ErrorAt(t.line, t.column,
                       "string longer than " + std::to_string(kMaxStringChars) + " characters");
      }
    }
    t.kind = Tok::kString;
    t.text = std::move(v);
    return Status::Ok();
  }

  Status Punct(Token& t) {
    char c = s_[pos_];
    char n = pos_ + 1 < s_.size() ? s_[pos_ + 1] : '\0';
    auto one = [&](Tok k) {
      t.kind = k;
      t.text = std::string(1, c);
      Advance();
      return Status::Ok();
    };
    auto two = [&](Tok k) {
      t.kind = k;
      t.text = std::string(s_.substr(pos_, 2));
      Advance();
      Advance();
      return Status::Ok();
    };
    switch (c) {
      case '(': return one(Tok::kLParen);
      case ')': return one(Tok::kRParen);
      case ',': return one(Tok::kComma);
      case '+': return one(Tok::kPlus);
      case '-': return one(Tok::kMinus);
      case '*': return one(Tok::kStar);
      case '/': return one(Tok::kSlash);
      case '<': return n == '=' ? two(Tok::kLe) : one(Tok::kLt);
      case '>': return n == '=' ? two(Tok::kGe) : one(Tok::kGt);
      case '=': return n == '=' ? two(Tok::kEq) : one(Tok::kAssign);
      case '!':
        if (n == '=') return two(Tok::kNe);
        return ErrorAt(t.line, t.column, "unexpected '!' (use \"not\", or \"!=\")");
      default: break;
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      return ErrorAt(t.line, t.column, "unexpected non-ASCII character outside a string");
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return ErrorAt(t.line, t.column, "unexpected control character");
    }
    return ErrorAt(t.line, t.column, std::string("unexpected character '") + c + "'");
  }

  std::string_view s_;
  size_t pos_ = 0;
  int line_ = 1, col_ = 1;
};

// The unit words of durations: days, weeks, months.
std::optional<Duration> UnitOf(const std::string& word, int64_t n) {
  if (word == "d" || word == "day" || word == "days") return Duration{0, static_cast<int32_t>(n)};
  if (word == "w" || word == "week" || word == "weeks") {
    return Duration{0, static_cast<int32_t>(7 * n)};
  }
  if (word == "mo" || word == "month" || word == "months") {
    return Duration{static_cast<int32_t>(n), 0};
  }
  return std::nullopt;
}

constexpr int64_t kMaxDurationCount = 100000;

using NodePtr = std::shared_ptr<const Node>;

class Parser {
 public:
  Parser(std::vector<Token> toks, const FunctionRegistry& fns)
      : toks_(std::move(toks)), fns_(fns) {}

  Result<NodePtr> Expression() {
    ASSIGN_OR_RETURN(NodePtr n, Or());
    if (Peek().kind != Tok::kEnd) {
      const Token& t = Peek();
      if (IsCmp(t.kind) && n->type == Type::kBool && IsComparison(n->op)) {
        return ErrorAt(t.line, t.column,
                       "comparisons do not chain; join them with \"and\" (found \"" + t.text +
                           "\")");
      }
      return ErrorAt(t.line, t.column,
                     "expected an operator or the end of the expression, found " + Describe(t));
    }
    return n;
  }

  // deadline = date | integer unit "after" ( "event" | "met" ) "(" string ")"
  Result<Deadline> ParseDeadline() {
    Deadline d;
    const Token& first = Peek();
    if (first.kind == Tok::kDate) {
      d.kind = Deadline::Kind::kDate;
      d.date = first.date;
      Next();
    } else if (first.kind == Tok::kNumber) {
      ASSIGN_OR_RETURN(d.offset, DurationAfterNumber());
      const Token& after = Peek();
      if (after.kind != Tok::kIdent || after.text != "after") {
        return ErrorAt(after.line, after.column,
                       "expected \"after\" following the duration, found " + Describe(after));
      }
      Next();
      const Token& anchor = Peek();
      if (anchor.kind != Tok::kIdent || (anchor.text != "event" && anchor.text != "met")) {
        return ErrorAt(anchor.line, anchor.column,
                       "expected event(\"id\") or met(\"clause\") after \"after\", found " +
                           Describe(anchor));
      }
      d.kind = anchor.text == "event" ? Deadline::Kind::kAfterEvent : Deadline::Kind::kAfterMet;
      Next();
      RETURN_IF_ERROR(Expect(Tok::kLParen, "\"(\" after " + anchor.text));
      const Token& id = Peek();
      if (id.kind != Tok::kString) {
        return ErrorAt(id.line, id.column,
                       "expected a quoted id inside " + anchor.text + "(), found " + Describe(id));
      }
      if (id.text.empty()) return ErrorAt(id.line, id.column, "the id must not be empty");
      d.anchor = id.text;
      Next();
      RETURN_IF_ERROR(Expect(Tok::kRParen, "\")\" after the id"));
    } else {
      return ErrorAt(first.line, first.column,
                     "expected a date (YYYY-MM-DD) or a duration such as \"135 days after "
                     "event(...)\", found " +
                         Describe(first));
    }
    const Token& end = Peek();
    if (end.kind != Tok::kEnd) {
      return ErrorAt(end.line, end.column,
                     "expected the end of the deadline, found " + Describe(end));
    }
    return d;
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    size_t i = std::min(pos_ + ahead, toks_.size() - 1);
    return toks_[i];
  }
  void Next() {
    if (pos_ + 1 < toks_.size()) ++pos_;
  }
  bool IsKeyword(const Token& t, std::string_view kw) const {
    return t.kind == Tok::kIdent && t.text == kw;
  }
  static bool IsCmp(Tok k) {
    return k == Tok::kLt || k == Tok::kLe || k == Tok::kGt || k == Tok::kGe || k == Tok::kEq ||
           k == Tok::kNe;
  }
  Status Expect(Tok kind, const std::string& what) {
    const Token& t = Peek();
    if (t.kind != kind) return ErrorAt(t.line, t.column, "expected " + what + ", found " + Describe(t));
    Next();
    return Status::Ok();
  }

  // Guards the recursion: each nesting level of the grammar passes through Unary().
  struct DepthGuard {
    explicit DepthGuard(int* d) : d_(d) { ++*d_; }
    ~DepthGuard() { --*d_; }
    int* d_;
  };

  static NodePtr Make(Node::Op op, Type type, const Token& at, std::vector<NodePtr> kids) {
    auto n = std::make_shared<Node>();
    n->op = op;
    n->type = type;
    n->line = at.line;
    n->column = at.column;
    n->kids = std::move(kids);
    return n;
  }

  Status NeedType(const Token& op, const NodePtr& n, Type want, const char* side) {
    if (n->type == want) return Status::Ok();
    return ErrorAt(op.line, op.column,
                   "\"" + op.text + "\" needs a " + std::string(TypeName(want)) + " on the " +
                       side + ", found a " + std::string(TypeName(n->type)));
  }

  Result<NodePtr> Or() {
    ASSIGN_OR_RETURN(NodePtr left, And());
    while (IsKeyword(Peek(), "or")) {
      Token op = Peek();
      Next();
      ASSIGN_OR_RETURN(NodePtr right, And());
      RETURN_IF_ERROR(NeedType(op, left, Type::kBool, "left"));
      RETURN_IF_ERROR(NeedType(op, right, Type::kBool, "right"));
      left = Make(Node::Op::kOr, Type::kBool, op, {left, right});
    }
    return left;
  }

  Result<NodePtr> And() {
    ASSIGN_OR_RETURN(NodePtr left, Not());
    while (IsKeyword(Peek(), "and")) {
      Token op = Peek();
      Next();
      ASSIGN_OR_RETURN(NodePtr right, Not());
      RETURN_IF_ERROR(NeedType(op, left, Type::kBool, "left"));
      RETURN_IF_ERROR(NeedType(op, right, Type::kBool, "right"));
      left = Make(Node::Op::kAnd, Type::kBool, op, {left, right});
    }
    return left;
  }

  Result<NodePtr> Not() {
    if (IsKeyword(Peek(), "not")) {
      DepthGuard g(&depth_);
      RETURN_IF_ERROR(CheckDepth());
      Token op = Peek();
      Next();
      ASSIGN_OR_RETURN(NodePtr kid, Not());
      RETURN_IF_ERROR(NeedType(op, kid, Type::kBool, "right"));
      return Make(Node::Op::kNot, Type::kBool, op, {kid});
    }
    return Comparison();
  }

  Result<NodePtr> Comparison() {
    ASSIGN_OR_RETURN(NodePtr left, Additive());
    if (!IsCmp(Peek().kind)) {
      if (Peek().kind == Tok::kAssign) {
        const Token& t = Peek();
        return ErrorAt(t.line, t.column, "\"=\" names an argument; compare with \"==\"");
      }
      return left;
    }
    Token op = Peek();
    Next();
    ASSIGN_OR_RETURN(NodePtr right, Additive());
    static const std::pair<Tok, Node::Op> kOps[] = {
        {Tok::kLt, Node::Op::kLt}, {Tok::kLe, Node::Op::kLe}, {Tok::kGt, Node::Op::kGt},
        {Tok::kGe, Node::Op::kGe}, {Tok::kEq, Node::Op::kEq}, {Tok::kNe, Node::Op::kNe}};
    Node::Op nop = Node::Op::kEq;
    for (auto& [t, o] : kOps) {
      if (t == op.kind) nop = o;
    }
    bool ordered = nop != Node::Op::kEq && nop != Node::Op::kNe;
    if (left->type != right->type) {
      return ErrorAt(op.line, op.column,
                     "\"" + op.text + "\" compares values of one type; found a " +
                         std::string(TypeName(left->type)) + " and a " +
                         std::string(TypeName(right->type)));
    }
    if (left->type == Type::kString || left->type == Type::kDuration ||
        (ordered && left->type == Type::kBool)) {
      return ErrorAt(op.line, op.column,
                     "\"" + op.text + "\" cannot compare " + std::string(TypeName(left->type)) +
                         "s");
    }
    return Make(nop, Type::kBool, op, {left, right});
  }

  Result<NodePtr> Additive() {
    ASSIGN_OR_RETURN(NodePtr left, Term());
    while (Peek().kind == Tok::kPlus || Peek().kind == Tok::kMinus) {
      Token op = Peek();
      Next();
      ASSIGN_OR_RETURN(NodePtr right, Term());
      RETURN_IF_ERROR(NeedType(op, left, Type::kNumber, "left"));
      RETURN_IF_ERROR(NeedType(op, right, Type::kNumber, "right"));
      left = Make(op.kind == Tok::kPlus ? Node::Op::kAdd : Node::Op::kSub, Type::kNumber, op,
                  {left, right});
    }
    return left;
  }

  Result<NodePtr> Term() {
    ASSIGN_OR_RETURN(NodePtr left, Unary());
    while (Peek().kind == Tok::kStar || Peek().kind == Tok::kSlash) {
      Token op = Peek();
      Next();
      ASSIGN_OR_RETURN(NodePtr right, Unary());
      RETURN_IF_ERROR(NeedType(op, left, Type::kNumber, "left"));
      RETURN_IF_ERROR(NeedType(op, right, Type::kNumber, "right"));
      left = Make(op.kind == Tok::kStar ? Node::Op::kMul : Node::Op::kDiv, Type::kNumber, op,
                  {left, right});
    }
    return left;
  }

  Status CheckDepth() {
    if (depth_ > kMaxExpressionDepth) {
      const Token& t = Peek();
      return ResourceExhausted(Where(t.line, t.column) + "expression nested deeper than " +
                               std::to_string(kMaxExpressionDepth) + " levels");
    }
    return Status::Ok();
  }

  Result<NodePtr> Unary() {
    DepthGuard g(&depth_);
    RETURN_IF_ERROR(CheckDepth());
    if (Peek().kind == Tok::kMinus) {
      Token op = Peek();
      Next();
      ASSIGN_OR_RETURN(NodePtr kid, Unary());
      RETURN_IF_ERROR(NeedType(op, kid, Type::kNumber, "right"));
      return Make(Node::Op::kNeg, Type::kNumber, op, {kid});
    }
    return Primary();
  }

  // A number token followed by a unit word: a duration.
  Result<Duration> DurationAfterNumber() {
    Token num = Peek();
    const Token& unit = Peek(1);
    std::optional<Duration> d;
    bool integer = num.text.find('.') == std::string::npos;
    if (unit.kind == Tok::kIdent && integer && num.number <= kMaxDurationCount) {
      d = UnitOf(unit.text, static_cast<int64_t>(num.number));
    }
    if (!d) {
      if (unit.kind == Tok::kIdent && UnitOf(unit.text, 0) && !integer) {
        return ErrorAt(num.line, num.column, "a duration needs a whole number, not " + num.text);
      }
      if (unit.kind == Tok::kIdent && UnitOf(unit.text, 0)) {
        return ErrorAt(num.line, num.column,
                       "a duration is at most " + std::to_string(kMaxDurationCount) + " units");
      }
      return ErrorAt(unit.line, unit.column,
                     "expected a unit (d, w, mo; or days, weeks, months) after " + num.text +
                         ", found " + Describe(unit));
    }
    Next();
    Next();
    return *d;
  }

  bool NextIsUnit() const {
    return Peek().kind == Tok::kNumber && Peek(1).kind == Tok::kIdent && UnitOf(Peek(1).text, 0);
  }

  // A literal: string | date | true | false | [-] number [unit].
  Result<Value> Literal(const std::string& context) {
    const Token& t = Peek();
    switch (t.kind) {
      case Tok::kString: {
        Value v = t.text;
        Next();
        return v;
      }
      case Tok::kDate: {
        Value v = t.date;
        Next();
        return v;
      }
      case Tok::kNumber: {
        if (NextIsUnit()) {
          ASSIGN_OR_RETURN(Duration d, DurationAfterNumber());
          return Value(d);
        }
        Value v = t.number;
        Next();
        return v;
      }
      case Tok::kMinus:
        if (Peek(1).kind == Tok::kNumber && !(Peek(2).kind == Tok::kIdent && UnitOf(Peek(2).text, 0))) {
          Value v = -Peek(1).number;
          Next();
          Next();
          return v;
        }
        break;
      case Tok::kIdent:
        if (t.text == "true" || t.text == "false") {
          Value v = t.text == "true";
          Next();
          return v;
        }
        break;
      default: break;
    }
    return ErrorAt(t.line, t.column,
                   "expected a literal " + context +
                       " (a string, number, duration or date), found " + Describe(t));
  }

  Result<NodePtr> Primary() {
    const Token t = Peek();
    switch (t.kind) {
      case Tok::kNumber:
      case Tok::kString:
      case Tok::kDate: {
        ASSIGN_OR_RETURN(Value v, Literal(""));
        auto n = std::make_shared<Node>();
        n->op = Node::Op::kLiteral;
        n->type = TypeOf(v);
        n->line = t.line;
        n->column = t.column;
        n->literal = std::move(v);
        return NodePtr(n);
      }
      case Tok::kLParen: {
        Next();
        ASSIGN_OR_RETURN(NodePtr inner, Or());
        const Token& close = Peek();
        if (close.kind != Tok::kRParen) {
          return ErrorAt(close.line, close.column,
                         "expected \")\" to close the \"(\" at " + std::to_string(t.line) + ":" +
                             std::to_string(t.column) + ", found " + Describe(close));
        }
        Next();
        return inner;
      }
      case Tok::kIdent: {
        if (t.text == "true" || t.text == "false") {
          auto n = std::make_shared<Node>();
          n->op = Node::Op::kLiteral;
          n->type = Type::kBool;
          n->line = t.line;
          n->column = t.column;
          n->literal = t.text == "true";
          Next();
          return NodePtr(n);
        }
        if (t.text == "and" || t.text == "or" || t.text == "not") break;
        return CallExpr();
      }
      default: break;
    }
    return ErrorAt(t.line, t.column,
                   "expected a number, string, date, function call or \"(\", found " +
                       Describe(t));
  }

  Result<NodePtr> CallExpr() {
    const Token name = Peek();
    const FunctionSpec* spec = fns_.Find(name.text);
    if (spec == nullptr) {
      return ErrorAt(name.line, name.column,
                     "unknown function \"" + name.text + "\" (functions: " + fns_.Names() + ")");
    }
    Next();
    const Token& open = Peek();
    if (open.kind != Tok::kLParen) {
      return ErrorAt(open.line, open.column,
                     "expected \"(\" after the function name " + name.text + ", found " +
                         Describe(open));
    }
    Next();
    Call call;
    call.function = spec->name;
    call.kind = spec->name == "event" ? Call::Kind::kEvent
                : spec->name == "met" ? Call::Kind::kMet
                                      : Call::Kind::kMetric;
    call.line = name.line;
    call.column = name.column;
    size_t positional = 0;
    bool named_seen = false;
    if (Peek().kind != Tok::kRParen) {
      for (;;) {
        const Token arg = Peek();
        std::string param;
        if (arg.kind == Tok::kIdent && Peek(1).kind == Tok::kAssign) {
          param = arg.text;
          bool known = false;
          for (const auto& p : spec->params) known = known || p.name == param;
          if (!known) {
            std::string names;
            for (const auto& p : spec->params) names += (names.empty() ? "" : ", ") + p.name;
            return ErrorAt(arg.line, arg.column,
                           spec->name + "() has no parameter \"" + param + "\" (parameters: " +
                               names + ")");
          }
          named_seen = true;
          Next();
          Next();
        } else {
          if (named_seen) {
            return ErrorAt(arg.line, arg.column,
                           "a positional argument cannot follow a named one in " + spec->name +
                               "()");
          }
          if (positional >= spec->positional) {
            return ErrorAt(arg.line, arg.column,
                           spec->name + "() takes " + std::to_string(spec->positional) +
                               " positional argument" + (spec->positional == 1 ? "" : "s") +
                               "; name the others (name=value)");
          }
          param = spec->params[positional++].name;
        }
        const Token at = Peek();
        ASSIGN_OR_RETURN(Value v, Literal("as an argument"));
        const ParamSpec* ps = nullptr;
        for (const auto& p : spec->params) {
          if (p.name == param) ps = &p;
        }
        if (TypeOf(v) != ps->type) {
          return ErrorAt(at.line, at.column,
                         spec->name + "() argument \"" + param + "\" must be a " +
                             std::string(TypeName(ps->type)) + ", not a " +
                             std::string(TypeName(TypeOf(v))));
        }
        if (ps->type == Type::kString && std::get<std::string>(v).empty()) {
          return ErrorAt(at.line, at.column,
                         spec->name + "() argument \"" + param + "\" must not be empty");
        }
        if (!call.args.emplace(param, std::move(v)).second) {
          return ErrorAt(arg.line, arg.column,
                         spec->name + "() argument \"" + param + "\" is given twice");
        }
        if (Peek().kind == Tok::kComma) {
          Next();
          continue;
        }
        break;
      }
    }
    const Token& close = Peek();
    if (close.kind != Tok::kRParen) {
      return ErrorAt(close.line, close.column,
                     "expected \")\" after arguments, found " + Describe(close));
    }
    for (const auto& p : spec->params) {
      if (p.required && !call.args.count(p.name)) {
        return ErrorAt(close.line, close.column,
                       spec->name + "() needs the argument \"" + p.name + "\" (a " +
                           std::string(TypeName(p.type)) + ")");
      }
    }
    Next();
    auto n = std::make_shared<Node>();
    n->op = Node::Op::kCall;
    n->type = spec->result;
    n->line = name.line;
    n->column = name.column;
    n->call = std::move(call);
    return NodePtr(n);
  }

  std::vector<Token> toks_;
  size_t pos_ = 0;
  int depth_ = 0;
  const FunctionRegistry& fns_;
};

Result<std::vector<Token>> Lex(std::string_view text) {
  if (text.size() > kMaxExpressionChars) {
    return ResourceExhausted("expression is " + std::to_string(text.size()) +
                             " bytes long; the limit is " + std::to_string(kMaxExpressionChars));
  }
  return Lexer(text).Run();
}

}  // namespace

Result<Expression> ParseExpression(std::string_view text, const FunctionRegistry& fns,
                                   std::optional<Type> want) {
  ASSIGN_OR_RETURN(std::vector<Token> toks, Lex(text));
  if (toks.size() == 1) return ErrorAt(1, 1, "expected an expression, found nothing");
  Parser p(std::move(toks), fns);
  ASSIGN_OR_RETURN(NodePtr root, p.Expression());
  if (want && root->type != *want) {
    return ErrorAt(root->line, root->column,
                   "the expression must be a " + std::string(TypeName(*want)) +
                       (*want == Type::kBool ? " (a comparison such as troops(\"us\") <= 8600)"
                                             : "") +
                       ", not a " + std::string(TypeName(root->type)));
  }
  return Expression(std::move(root), std::string(text));
}

Result<Deadline> ParseDeadline(std::string_view text) {
  ASSIGN_OR_RETURN(std::vector<Token> toks, Lex(text));
  Parser p(std::move(toks), DefaultFunctions());
  ASSIGN_OR_RETURN(Deadline d, p.ParseDeadline());
  d.source = std::string(text);
  return d;
}

}  // namespace jirga::compliance

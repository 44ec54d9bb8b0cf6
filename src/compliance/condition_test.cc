// Scenarios for the condition language: what parses, the exact position and wording of what does
// not, and evaluation at dates against a hand-fed context.
#include "compliance/condition.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compliance/fake_context.h"

namespace jirga::compliance {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string ParseError(std::string_view text) {
  auto e = ParseExpression(text);
  EXPECT_FALSE(e.ok()) << text;
  return e.ok() ? "" : e.status().message();
}

TEST(ConditionParse, DrawdownMetricIsAComparisonOfACallAndANumber) {
  auto e = ParseExpression("troops(\"us\") <= 8600");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->type(), Type::kBool);
  EXPECT_EQ(e->root().op, Node::Op::kLe);
  ASSERT_EQ(e->Calls().size(), 1u);
  EXPECT_EQ(e->Calls()[0]->Canonical(), "troops(\"us\")");
  EXPECT_EQ(e->root().kids[1]->literal, Value(8600.0));
}

TEST(ConditionParse, ReductionOfViolenceWithNamedArgumentsAndArithmetic) {
  auto e = ParseExpression(
      "incidents(perpetrator=\"taliban\", window=14d) <= 0.2 * baseline(\"pre-riv\")");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  auto calls = e->Calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0]->Canonical(), "incidents(perpetrator=\"taliban\", window=14d)");
  EXPECT_EQ(std::get<Duration>(calls[0]->args.at("window")), (Duration{0, 14}));
  EXPECT_EQ(calls[1]->Canonical(), "baseline(\"pre-riv\")");
  EXPECT_EQ(e->root().kids[1]->op, Node::Op::kMul);
}

TEST(ConditionParse, DurationsInWeeksAndMonthsAndSpelledOut) {
  for (auto [text, want] : std::vector<std::pair<const char*, Duration>>{
           {"incidents(window=2w) <= 1", {0, 14}},
           {"incidents(window=3 days) <= 1", {0, 3}},
           {"incidents(window=1mo) <= 1", {1, 0}},
           {"incidents(window=2 months) <= 1", {2, 0}}}) {
    auto e = ParseExpression(text);
    ASSERT_TRUE(e.ok()) << text << ": " << e.status().ToString();
    EXPECT_EQ(std::get<Duration>(e->Calls()[0]->args.at("window")), want) << text;
  }
}

TEST(ConditionParse, BooleanOperatorsBindNotThenAndThenOr) {
  auto e = ParseExpression("event(\"a\") or not event(\"b\") and met(\"c\")");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->root().op, Node::Op::kOr);
  EXPECT_EQ(e->root().kids[1]->op, Node::Op::kAnd);
  EXPECT_EQ(e->root().kids[1]->kids[0]->op, Node::Op::kNot);
}

TEST(ConditionParseError, MissingCloseParenAfterArgumentsNamesThePosition) {
  //                        1234567890123
  EXPECT_EQ(ParseError("troops(\"us\" <= 8600"),
            "1:13: expected \")\" after arguments, found \"<=\"");
  //                     123456789012345678
  EXPECT_EQ(ParseError("released(\"t5000\", 5000) >= 1"),
            "1:19: released() takes 1 positional argument; name the others (name=value)");
}

TEST(ConditionParseError, UnknownFunctionIsNamedWithTheKnownOnes) {
  std::string msg = ParseError("troop(\"us\") <= 8600");
  EXPECT_THAT(msg, StartsWith("1:1: unknown function \"troop\" (functions: baseline, event, "));
  EXPECT_THAT(msg, HasSubstr("troops"));
}

TEST(ConditionParseError, SignatureChecks) {
  EXPECT_EQ(ParseError("troops() <= 1"), "1:8: troops() needs the argument \"force\" (a string)");
  EXPECT_EQ(ParseError("troops(5) <= 1"),
            "1:8: troops() argument \"force\" must be a string, not a number");
  EXPECT_EQ(ParseError("incidents(perp=\"x\") <= 1"),
            "1:11: incidents() has no parameter \"perp\" (parameters: perpetrator, target, "
            "province, type, window)");
  EXPECT_EQ(ParseError("incidents(window=14) <= 1"),
            "1:18: incidents() argument \"window\" must be a duration, not a number");
  EXPECT_EQ(ParseError("incidents(window=1d, window=2d) <= 1"),
            "1:22: incidents() argument \"window\" is given twice");
  EXPECT_EQ(ParseError("troops(\"\") <= 1"), "1:8: troops() argument \"force\" must not be empty");
  EXPECT_EQ(ParseError("troops(force) <= 1"),
            "1:8: expected a literal as an argument (a string, number, duration or date), found "
            "\"force\"");
}

TEST(ConditionParseError, PositionsOnLaterLinesAndAfterNonAsciiText) {
  EXPECT_EQ(ParseError("troops(\"us\") <= 8600\n  and event(ian)"),
            "2:13: expected a literal as an argument (a string, number, duration or date), "
            "found \"ian\"");
  // Columns count characters, not bytes: "ā" is one column.
  EXPECT_EQ(ParseError("event(\"Kābul\") or ?"), "1:19: unexpected character '?'");
}

TEST(ConditionParseError, TypeErrors) {
  EXPECT_EQ(ParseError("troops(\"us\") and event(\"x\")"),
            "1:14: \"and\" needs a boolean on the left, found a number");
  EXPECT_EQ(ParseError("event(\"x\") + 1 > 0"), "1:12: \"+\" needs a number on the left, found a boolean");
  EXPECT_EQ(ParseError("troops(\"us\")"),
            "1:1: the expression must be a boolean (a comparison such as troops(\"us\") <= 8600), "
            "not a number");
  EXPECT_EQ(ParseError("troops(\"us\") <= \"8600\""),
            "1:14: \"<=\" compares values of one type; found a number and a string");
  EXPECT_EQ(ParseError("1 < 2 < 3"),
            "1:7: comparisons do not chain; join them with \"and\" (found \"<\")");
  EXPECT_EQ(ParseError("troops(\"us\") = 8600"), "1:14: \"=\" names an argument; compare with \"==\"");
  EXPECT_EQ(ParseError("event(\"a\") < event(\"b\")"), "1:12: \"<\" cannot compare booleans");
}

TEST(ConditionParseError, LexicalErrors) {
  EXPECT_EQ(ParseError("event(\"abc) or true"),
            "1:7: unterminated string (expected a closing '\"')");
  EXPECT_EQ(ParseError("troops(\"us\") <= 86.e"), "1:20: expected a digit after the decimal point");
  EXPECT_THAT(ParseError("incidents(window=1d) <= 1 and 2020-02-30 < 2020-03-01"),
              StartsWith("1:31: \"2020-02-30\" is not a date: not a calendar day"));
  EXPECT_THAT(ParseError("1899-12-31 < 2020-03-01"), StartsWith("1:1: \"1899-12-31\" is not a date"));
  EXPECT_EQ(ParseError("troops(\"us\") ! 5"), "1:14: unexpected '!' (use \"not\", or \"!=\")");
  EXPECT_EQ(ParseError(""), "1:1: expected an expression, found nothing");
  EXPECT_EQ(ParseError("(event(\"a\")"),
            "1:12: expected \")\" to close the \"(\" at 1:1, found the end of the expression");
  EXPECT_EQ(ParseError("event(\"a\") or"),
            "1:14: expected a number, string, date, function call or \"(\", found the end of the "
            "expression");
  EXPECT_EQ(ParseError("troops(\"us\") <= 8600 8600"),
            "1:22: expected an operator or the end of the expression, found the number 8600");
  EXPECT_EQ(ParseError("incidents(window=1.5d) <= 1"),
            "1:18: a duration needs a whole number, not 1.5");
}

TEST(ConditionParseError, OversizedAndDeeplyNestedInputIsRefused) {
  std::string deep(200, '(');
  deep += "true" + std::string(200, ')');
  auto e = ParseExpression(deep);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(e.status().message(), HasSubstr("nested deeper than"));
  std::string nots;
  for (int i = 0; i < 100; ++i) nots += "not ";
  EXPECT_EQ(ParseExpression(nots + "true").status().code(), StatusCode::kResourceExhausted);
  std::string longexpr = "true";
  while (longexpr.size() <= kMaxExpressionChars) longexpr += " or true";
  EXPECT_EQ(ParseExpression(longexpr).status().code(), StatusCode::kResourceExhausted);
  EXPECT_TRUE(ParseExpression(std::string(40, '(') + "true" + std::string(40, ')')).ok());
}

TEST(ConditionParseError, InjectionLikeInputIsJustAnError) {
  EXPECT_EQ(ParseError("troops(\"us\"); DROP TABLE records; --"),
              "1:13: unexpected character ';'");
  EXPECT_THAT(ParseError(std::string("event(\"a\0b\")", 12)), HasSubstr("control character"));
}

TEST(Deadline, AbsoluteAndRelativeForms) {
  auto a = ParseDeadline("2020-03-10");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->kind, Deadline::Kind::kDate);
  EXPECT_EQ(a->date, D("2020-03-10"));
  auto r = ParseDeadline("135 days after event(\"signature\")");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->kind, Deadline::Kind::kAfterEvent);
  EXPECT_EQ(r->offset, (Duration{0, 135}));
  EXPECT_EQ(r->anchor, "signature");
  auto m = ParseDeadline("14mo after met(\"doha.ian-start\")");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->kind, Deadline::Kind::kAfterMet);
  EXPECT_EQ(m->offset, (Duration{14, 0}));
  EXPECT_EQ(m->anchor, "doha.ian-start");
}

TEST(Deadline, ErrorsSayWhatWasExpected) {
  EXPECT_EQ(ParseDeadline("135 after event(\"s\")").status().message(),
            "1:5: expected a unit (d, w, mo; or days, weeks, months) after 135, found \"after\"");
  EXPECT_EQ(ParseDeadline("135 days before event(\"s\")").status().message(),
            "1:10: expected \"after\" following the duration, found \"before\"");
  EXPECT_EQ(ParseDeadline("135 days after signature").status().message(),
            "1:16: expected event(\"id\") or met(\"clause\") after \"after\", found \"signature\"");
  EXPECT_EQ(ParseDeadline("135 days after event(\"s\"").status().message(),
            "1:25: expected \")\" after the id, found the end of the expression");
  EXPECT_EQ(ParseDeadline("10 March 2020").status().message(),
            "1:4: expected a unit (d, w, mo; or days, weeks, months) after 10, found \"March\"");
  EXPECT_THAT(ParseDeadline("2020-13-01").status().message(), HasSubstr("not a calendar day"));
  EXPECT_EQ(ParseDeadline("2020-03-10 or later").status().message(),
            "1:12: expected the end of the deadline, found \"or\"");
}

TEST(Dates, CalendarArithmetic) {
  EXPECT_EQ(FormatDate(AddMonths(D("2020-02-29"), 14)), "2021-04-29");
  EXPECT_EQ(FormatDate(AddMonths(D("2020-01-31"), 1)), "2020-02-29");
  EXPECT_EQ(FormatDate(AddDays(D("2020-02-29"), 135)), "2020-07-13");
  EXPECT_EQ(FormatDate(AddDuration(D("2020-02-29"), {1, 1})), "2020-03-30");
  EXPECT_EQ(FormatDate(DateOfMicros(-1)), "1969-12-31");
  EXPECT_FALSE(ParseDate("2200-01-01").ok());
  EXPECT_FALSE(ParseDate("2020-3-10").ok());
}

TEST(ConditionEval, DrawdownMetAsTheDeclaredStrengthFalls) {
  FakeContext ctx;
  ctx.SetMetric("troops(\"us\")", D("2020-02-29"), 13000);
  ctx.SetMetric("troops(\"us\")", D("2020-07-13"), 8600);
  auto e = *ParseExpression("troops(\"us\") <= 8600");
  EXPECT_FALSE(*EvaluateBool(e, ctx, D("2020-03-01"), D("2020-03-01")));
  EXPECT_FALSE(*EvaluateBool(e, ctx, D("2020-07-12"), D("2020-07-12")));
  EXPECT_TRUE(*EvaluateBool(e, ctx, D("2020-07-13"), D("2020-07-13")));
  EXPECT_TRUE(*EvaluateBool(e, ctx, D("2020-07-20"), D("2020-07-20")));
}

TEST(ConditionEval, KnowledgeDateHidesLaterReports) {
  FakeContext ctx;
  ctx.SetMetric("troops(\"us\")", D("2020-02-29"), 13000);
  // Reached on 13 July, reported on 1 August.
  ctx.SetMetric("troops(\"us\")", D("2020-07-13"), 8600, D("2020-08-01"));
  auto e = *ParseExpression("troops(\"us\") <= 8600");
  EXPECT_FALSE(*EvaluateBool(e, ctx, D("2020-07-20"), D("2020-07-20")));
  EXPECT_TRUE(*EvaluateBool(e, ctx, D("2020-07-20"), D("2020-08-01")));
  ctx.SetEvent("ian-start", D("2020-09-12"), D("2020-09-13"));
  auto ev = *ParseExpression("event(\"ian-start\")");
  EXPECT_FALSE(*EvaluateBool(ev, ctx, D("2020-09-12"), D("2020-09-12")));
  EXPECT_TRUE(*EvaluateBool(ev, ctx, D("2020-09-12"), D("2020-09-13")));
  EXPECT_FALSE(*EvaluateBool(ev, ctx, D("2020-09-11"), D("2020-09-13")));
}

TEST(ConditionEval, ArithmeticPrecedenceAndReductionAgainstABaseline) {
  FakeContext ctx;
  auto check = [&](const char* text, bool want) {
    auto e = ParseExpression(text);
    ASSERT_TRUE(e.ok()) << text << ": " << e.status().ToString();
    auto v = EvaluateBool(*e, ctx, D("2020-06-01"), D("2020-06-01"));
    ASSERT_TRUE(v.ok()) << text << ": " << v.status().ToString();
    EXPECT_EQ(*v, want) << text;
  };
  check("2 + 3 * 4 == 14", true);
  check("(2 + 3) * 4 == 20", true);
  check("-2 * -3 == 6", true);
  check("10 / 4 == 2.5", true);
  check("10 - 4 - 3 == 3", true);  // left-associative
  check("2020-03-10 < 2020-09-12", true);
  check("not (1 >= 2)", true);
  ctx.SetMetric("incidents(perpetrator=\"taliban\", window=14d)", D("2020-05-01"), 30);
  ctx.SetMetric("baseline(\"pre-riv\")", D("2020-02-01"), 140);
  check("incidents(perpetrator=\"taliban\", window=14d) <= 0.2 * baseline(\"pre-riv\")", false);
  ctx.SetMetric("incidents(perpetrator=\"taliban\", window=14d)", D("2020-05-20"), 28);
  check("incidents(perpetrator=\"taliban\", window=14d) <= 0.2 * baseline(\"pre-riv\")", true);
}

TEST(ConditionEval, MissingDataAndDivisionByZeroAreErrorsWithTheirPosition) {
  FakeContext ctx;
  auto e = *ParseExpression("released(\"taliban-5000\") >= 5000");
  auto v = EvaluateBool(e, ctx, D("2020-03-10"), D("2020-03-10"));
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(v.status().message(), StartsWith("1:1: released(\"taliban-5000\"): no data"));
  auto z = EvaluateBool(*ParseExpression("1 / (2 - 2) > 0"), ctx, D("2020-03-10"), D("2020-03-10"));
  ASSERT_FALSE(z.ok());
  EXPECT_EQ(z.status().message(), "1:3: division by zero");
}

TEST(ConditionEval, AndOrShortCircuitSoAnUnneededMetricIsNotAsked) {
  FakeContext ctx;
  ctx.SetEvent("ian-start", D("2020-09-12"));
  auto e = *ParseExpression("event(\"ian-start\") or released(\"x\") >= 1");
  auto v = EvaluateBool(e, ctx, D("2020-10-01"), D("2020-10-01"));
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_TRUE(*v);
  EXPECT_EQ(ctx.metric_calls, 0);
  EXPECT_FALSE(EvaluateBool(e, ctx, D("2020-09-01"), D("2020-10-01")).ok());  // now it is asked
}

TEST(ConditionEval, MetAsksTheContextAndDefaultsToNotFound) {
  FakeContext ctx;
  ctx.SetMetSince("doha.ian-start", D("2020-09-12"));
  auto e = *ParseExpression("met(\"doha.ian-start\")");
  EXPECT_FALSE(*EvaluateBool(e, ctx, D("2020-09-11"), D("2020-12-01")));
  EXPECT_TRUE(*EvaluateBool(e, ctx, D("2020-09-12"), D("2020-12-01")));
  struct Bare : EvalContext {
    Result<double> Metric(const Call&, Date, Date) override { return 0.0; }
    Result<std::optional<Date>> EventDate(std::string_view, Date) override {
      return std::optional<Date>();
    }
  } bare;
  EXPECT_EQ(EvaluateBool(e, bare, D("2020-09-12"), D("2020-09-12")).status().code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace jirga::compliance

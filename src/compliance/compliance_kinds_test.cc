// Scenarios for the compliance and dialogue record kinds: each body rule, and the cross-record
// checks run by the log's writer (nothing is appended when they refuse).
#include "compliance/compliance_kinds.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "dialogue/session.h"
#include "kinds/all_kinds.h"
#include "ledger/log.h"
#include "store/memory_store.h"
#include "testing/gated_store.h"

namespace jirga::compliance {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

Json Drawdown() {
  return Json{{"id", "doha.us-drawdown-8600"},
              {"text", "The United States will reduce its forces to 8,600 within 135 days."},
              {"obligor", "us"},
              {"obligee", "iea"},
              {"metric", "troops(\"us\") <= 8600"},
              {"deadline", "135 days after event(\"signature\")"},
              {"evidence_kinds", {"troops"}}};
}

std::string BodyError(Result<Commitment> r) { return r.ok() ? "" : r.status().message(); }

TEST(CommitmentBody, TheDrawdownClauseParses) {
  auto c = ParseCommitmentBody(Drawdown());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->id, "doha.us-drawdown-8600");
  EXPECT_EQ(c->metric.source(), "troops(\"us\") <= 8600");
  ASSERT_TRUE(c->deadline.has_value());
  EXPECT_EQ(c->deadline->anchor, "signature");
  EXPECT_EQ(c->evidence_kinds, std::vector<std::string>{"troops"});
}

TEST(CommitmentBody, EachRuleNamesItsField) {
  auto with = [](const char* field, Json value) {
    Json b = Drawdown();
    b[field] = std::move(value);
    return ParseCommitmentBody(b);
  };
  auto without = [](const char* field) {
    Json b = Drawdown();
    b.erase(field);
    return ParseCommitmentBody(b);
  };
  EXPECT_EQ(BodyError(without("id")), "body.id is required");
  EXPECT_EQ(BodyError(without("obligor")), "body.obligor is required");
  EXPECT_EQ(BodyError(without("text")), "body.text is required");
  EXPECT_THAT(BodyError(with("id", "Doha US")), StartsWith("body.id \"Doha US\" may only contain"));
  EXPECT_EQ(BodyError(with("text", "")), "body.text must be 1 to 20000 characters long");
  EXPECT_EQ(BodyError(with("obligor", 5)), "body.obligor must be a string, not integer");
  EXPECT_EQ(BodyError(with("metric", "troops(\"us\" <= 8600")),
            "body.metric: 1:13: expected \")\" after arguments, found \"<=\"");
  EXPECT_THAT(BodyError(with("metric", "troop(\"us\") <= 8600")),
              StartsWith("body.metric: 1:1: unknown function \"troop\""));
  EXPECT_THAT(BodyError(with("metric", "troops(\"us\")")),
              StartsWith("body.metric: 1:1: the expression must be a boolean"));
  EXPECT_EQ(BodyError(with("metric", Json::array())), "body.metric must be a string, not array");
  EXPECT_EQ(BodyError(with("deadline", "135 after event(\"signature\")")),
            "body.deadline: 1:5: expected a unit (d, w, mo; or days, weeks, months) after 135, "
            "found \"after\"");
  EXPECT_THAT(BodyError(with("deadline", "2020-02-30")), HasSubstr("not a calendar day"));
  EXPECT_THAT(BodyError(with("deadline", "1899-12-31")), HasSubstr("the year must be 1900 to 2199"));
  EXPECT_EQ(BodyError(with("target", "8600")), "body.target must be a number, not string");
  EXPECT_EQ(BodyError(with("conditions", {"event(\"a\")", "event(b)"})),
            "body.conditions[1]: 1:7: expected a literal as an argument (a string, number, "
            "duration or date), found \"b\"");
  EXPECT_EQ(BodyError(with("conditions", "event(\"a\")")),
            "body.conditions must be an array, not string");
  EXPECT_EQ(BodyError(with("depends_on", {"doha.a", "doha.a"})),
            "body.depends_on[1] repeats \"doha.a\"");
  EXPECT_EQ(BodyError(with("depends_on", {"doha.us-drawdown-8600"})),
            "body.depends_on[0] names the clause itself");
  EXPECT_EQ(BodyError(with("metric", "met(\"doha.us-drawdown-8600\")")),
            "body.metric: met(\"doha.us-drawdown-8600\") refers to the clause itself");
  EXPECT_EQ(BodyError(with("deadline", "30d after met(\"doha.us-drawdown-8600\")")),
            "body.deadline: met(\"doha.us-drawdown-8600\") refers to the clause itself");
  EXPECT_EQ(BodyError(with("speaker", "x")), "body has unknown field \"speaker\"");
  Json no_metric = Drawdown();
  no_metric.erase("metric");
  no_metric["target"] = 8600;
  EXPECT_EQ(BodyError(ParseCommitmentBody(no_metric)),
            "body.target needs a body.metric to measure progress against");
  EXPECT_EQ(BodyError(ParseCommitmentBody(Json::array())), "body must be an object, not array");
}

TEST(CommitmentBody, ReferencesCollectDependenciesMetCallsAndDeadlineAnchors) {
  Json b = Drawdown();
  b["depends_on"] = {"doha.a"};
  b["conditions"] = {"met(\"doha.b\") or event(\"x\")"};
  b["deadline"] = "30 days after met(\"doha.c\")";
  b["violation"] = "not met(\"doha.d\")";
  auto c = ParseCommitmentBody(b);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->References(), (std::vector<std::string>{"doha.a", "doha.b", "doha.c", "doha.d"}));
}

TEST(FulfilmentBody, Rules) {
  Json ok = {{"clause", "doha.x"}, {"claim", "done"}, {"date", "2020-07-13"}, {"evidence", {3, 4}}};
  auto f = ParseFulfilmentBody(ok);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->evidence, (std::vector<uint64_t>{3, 4}));
  auto err = [&](Json b) {
    auto r = ParseFulfilmentBody(b);
    return r.ok() ? "" : r.status().message();
  };
  EXPECT_EQ(err({{"claim", "x"}}), "body.clause or body.event is required");
  EXPECT_EQ(err({{"event", "signature"}}), "body.claim is required");
  EXPECT_TRUE(ParseFulfilmentBody({{"event", "signature"}, {"claim", "signed"}}).ok());
  EXPECT_EQ(err({{"clause", "a"}, {"claim", "x"}, {"evidence", {-1}}}),
            "body.evidence[0] must be a record index (a whole number >= 0)");
  EXPECT_EQ(err({{"clause", "a"}, {"claim", "x"}, {"evidence", {"3"}}}),
            "body.evidence[0] must be a record index (a whole number >= 0)");
  EXPECT_EQ(err({{"clause", "a"}, {"claim", "x"}, {"evidence", {3, 3}}}),
            "body.evidence[1] repeats index 3");
  EXPECT_THAT(err({{"clause", "a"}, {"claim", "x"}, {"date", "13/07/2020"}}),
              StartsWith("body.date: \"13/07/2020\" is not a date"));
  EXPECT_EQ(err({{"clause", "a"}, {"claim", "x"}, {"by", "us"}}), "body has unknown field \"by\"");
}

TEST(TroopsBody, Rules) {
  Json ok = {{"force", "us"},
             {"strength", 8600},
             {"as_of", "2020-07-13"},
             {"bases", {{{"base", "Bagram"}, {"strength", 5000}}, {{"base", "Kandahar"}, {"strength", 1000}}}}};
  auto t = ParseTroopsBody(ok);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->strength, 8600);
  EXPECT_EQ(t->bases.size(), 2u);
  auto err = [&](Json b) {
    auto r = ParseTroopsBody(b);
    return r.ok() ? "" : r.status().message();
  };
  Json b = ok;
  b["strength"] = -1;
  EXPECT_EQ(err(b), "body.strength must be 0 to 10000000");
  b["strength"] = 86.5;
  EXPECT_EQ(err(b), "body.strength must be a whole number, not number");
  b["strength"] = 18446744073709551615ULL;
  EXPECT_EQ(err(b), "body.strength must be 0 to 10000000");
  b = ok;
  b["bases"][1]["strength"] = 4000;
  EXPECT_EQ(err(b), "body.bases add up to 9000, more than body.strength 8600");
  b = ok;
  b["bases"][1]["base"] = "Bagram";
  EXPECT_EQ(err(b), "body.bases[1].base repeats \"Bagram\"");
  b = ok;
  b["bases"][0]["commander"] = "x";
  EXPECT_EQ(err(b), "body.bases[0] has unknown field \"commander\"");
  b = ok;
  b.erase("as_of");
  EXPECT_EQ(err(b), "body.as_of is required");
}

Json HasSession() {
  return Json{{"date", "2020-08-04"},
              {"title", "Efforts to put the negotiations on track"},
              {"organiser", "Heart of Asia Society"},
              {"partners", {"CHS Doha", "NYU CIC"}},
              {"participants",
               {{"countries", {"Afghanistan", "Pakistan", "Qatar"}},
                {"institutions", {"Heart of Asia Society"}}}},
              {"points", {{{"text", "Levels of violence need to subside."}}}},
              {"recommendations",
               {{{"text", "A regional mechanism against terrorism."},
                 {"follow_ups", {"Raise at the next session."}}}}}};
}

TEST(SessionBody, ChathamHouseRuleLeavesNoPlaceForASpeaker) {
  ASSERT_TRUE(dialogue::ParseSessionBody(HasSession()).ok());
  for (const char* attribution : {"speaker", "by", "said_by", "participant", "country"}) {
    Json b = HasSession();
    b["points"][0][attribution] = "Pakistan";
    auto r = dialogue::ParseSessionBody(b);
    ASSERT_FALSE(r.ok()) << attribution;
    EXPECT_EQ(r.status().message(),
              "body.points[0] has unknown field \"" + std::string(attribution) +
                  "\" (points are unattributed under the Chatham House rule: only \"text\")");
  }
  Json b = HasSession();
  b["recommendations"][0]["proposed_by"] = "Qatar";
  EXPECT_THAT(dialogue::ParseSessionBody(b).status().message(),
              StartsWith("body.recommendations[0] has unknown field \"proposed_by\""));
  b = HasSession();
  b["participants"]["persons"] = {"A. Person"};
  EXPECT_THAT(dialogue::ParseSessionBody(b).status().message(),
              HasSubstr("never persons"));
  b = HasSession();
  b["points"] = {"a bare string"};
  EXPECT_EQ(dialogue::ParseSessionBody(b).status().message(),
            "body.points[0] must be an object, not string");
  b = HasSession();
  b["points"] = Json::array();
  EXPECT_EQ(dialogue::ParseSessionBody(b).status().message(),
            "body.points must have 1 to 500 items");
  b = HasSession();
  b.erase("participants");
  EXPECT_EQ(dialogue::ParseSessionBody(b).status().message(), "body.participants is required");
}

TEST(SessionBody, OutputKeepsParticipantsAndPointsApart) {
  auto s = dialogue::ParseSessionBody(HasSession());
  ASSERT_TRUE(s.ok());
  Json out = dialogue::SessionJson(*s, 7);
  EXPECT_EQ(out["index"], 7);
  EXPECT_EQ(out["date"], "2020-08-04");
  ASSERT_TRUE(out["points"].is_array());
  for (const auto& p : out["points"]) EXPECT_TRUE(p.is_string());
  EXPECT_EQ(out["participants"]["countries"][1], "Pakistan");
}

TEST(Registry, ComplianceKindsAreRegisteredWithTheirHooks) {
  for (const char* k : {"commitment", "fulfilment", "troops", "session"}) {
    const KindSpec* spec = AllKinds().Find(k);
    ASSERT_NE(spec, nullptr) << k;
    EXPECT_TRUE(spec->validate_in_log) << k;
  }
  auto mediator = AllKinds().DefaultKindsFor(Role::kMediator);
  EXPECT_NE(std::find(mediator.begin(), mediator.end(), "commitment"), mediator.end());
}

// ---- Cross-record checks in the log's writer -------------------------------------------------

using testing::GatedStore;  // records enqueued while it holds an append form one batch

constexpr int64_t kNow = 1601424000LL * 1000000;  // 2020-09-30T00:00:00Z

class ComplianceLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    LogOptions opts;
    opts.clock = &clock_;
    auto store = std::make_unique<GatedStore>();
    store_ = store.get();
    auto log = Log::Create(std::move(store), "test/log", log_key_, op_key_, "Operator", AllKinds(),
                           opts);
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(*log);
    Record r = Rec("party", "operator",
                   {{"id", "qatar"},
                    {"name", "Qatar"},
                    {"role", "mediator"},
                    {"vkeys", {med_key_.verifier().ToVkey()}},
                    {"kinds", {"commitment", "fulfilment", "troops", "session", "redaction"}}});
    ASSERT_TRUE(log_->Append(SignRecord(SerializeRecord(r), op_key_)).ok());
  }

  Record Rec(const std::string& kind, const std::string& party, Json body,
             const std::string& time = "2020-09-01T00:00:00Z") {
    Record r;
    r.kind = kind;
    r.party = party;
    r.time = time;
    r.body = std::move(body);
    return r;
  }
  Submission Sign(const std::string& kind, Json body,
                  const std::string& time = "2020-09-01T00:00:00Z") {
    return SignRecord(SerializeRecord(Rec(kind, "qatar", std::move(body), time)), med_key_);
  }
  Result<Appended> Submit(const std::string& kind, Json body,
                          const std::string& time = "2020-09-01T00:00:00Z") {
    return log_->Append(Sign(kind, std::move(body), time));
  }
  static Json Clause(const std::string& id, std::vector<std::string> deps = {}) {
    Json b = {{"id", id}, {"text", "clause " + id}, {"obligor", "us"}};
    if (!deps.empty()) b["depends_on"] = deps;
    return b;
  }
  // Expects `r` refused with a message containing `want`, and the log unchanged.
  void ExpectRefused(const Result<Appended>& r, uint64_t size_before, const std::string& want) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(r.status().message(), HasSubstr(want));
    EXPECT_EQ(log_->Size(), size_before);
  }

  FakeClock clock_{kNow};
  SigningKey log_key_ = *SigningKey::FromSeed("test/log", std::string(32, 'L'));
  SigningKey op_key_ = *SigningKey::FromSeed("operator", std::string(32, 'O'));
  SigningKey med_key_ = *SigningKey::FromSeed("qatar", std::string(32, 'Q'));
  GatedStore* store_ = nullptr;
  std::unique_ptr<Log> log_;
};

TEST_F(ComplianceLogTest, ARedactedClauseIsAsIfNeverMadeForTheChecksOfLaterRecords) {
  auto a = Submit("commitment", Clause("doha.a"));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(Submit("redaction", {{"index", a->index}, {"reason", "erasure requested"}}).ok());
  // Its content is gone: a clause depending on it, or a fulfilment of it, names no earlier
  // clause (refused as such, not as a corrupt log), and the id can be committed again.
  uint64_t n = log_->Size();
  ExpectRefused(Submit("commitment", Clause("doha.b", {"doha.a"})), n, "clause \"doha.a\"");
  ExpectRefused(Submit("fulfilment", {{"clause", "doha.a"}, {"claim", "done"}}), n,
                "clause \"doha.a\"");
  EXPECT_TRUE(Submit("commitment", Clause("doha.a")).ok());
  EXPECT_TRUE(Submit("commitment", Clause("doha.b", {"doha.a"})).ok());
}

TEST_F(ComplianceLogTest, AClauseReferringToAnUnknownClauseIsRefusedAndNothingAppended) {
  uint64_t n = log_->Size();
  ExpectRefused(Submit("commitment", Clause("doha.b", {"doha.a"})), n,
                "commitment record: body refers to clause \"doha.a\", which no earlier "
                "commitment defines");
  Json b = Clause("doha.c");
  b["metric"] = "met(\"doha.nope\")";
  ExpectRefused(Submit("commitment", b), n, "clause \"doha.nope\"");
  b = Clause("doha.c");
  b["deadline"] = "30 days after met(\"doha.nope\")";
  ExpectRefused(Submit("commitment", b), n, "clause \"doha.nope\"");
  ASSERT_TRUE(Submit("commitment", Clause("doha.a")).ok());
  EXPECT_TRUE(Submit("commitment", Clause("doha.b", {"doha.a"})).ok());
  EXPECT_EQ(log_->Size(), n + 2);
}

TEST_F(ComplianceLogTest, AnAmendmentThatWouldMakeACycleIsRefusedNamingTheCycle) {
  ASSERT_TRUE(Submit("commitment", Clause("doha.a")).ok());
  ASSERT_TRUE(Submit("commitment", Clause("doha.b", {"doha.a"})).ok());
  ASSERT_TRUE(Submit("commitment", Clause("doha.c", {"doha.b"})).ok());
  uint64_t n = log_->Size();
  ExpectRefused(Submit("commitment", Clause("doha.a", {"doha.c"})), n,
                "body makes a dependency cycle: doha.a -> doha.c -> doha.b -> doha.a");
  // An amendment that keeps the graph acyclic is fine.
  EXPECT_TRUE(Submit("commitment", Clause("doha.c", {"doha.a"})).ok());
}

TEST_F(ComplianceLogTest, AFulfilmentMustNameAKnownClauseEarlierEvidenceAndNoFutureDate) {
  ASSERT_TRUE(Submit("commitment", Clause("doha.a")).ok());
  uint64_t n = log_->Size();
  ExpectRefused(Submit("fulfilment", {{"clause", "doha.z"}, {"claim", "done"}}), n,
                "body.clause \"doha.z\" names no earlier commitment");
  ExpectRefused(Submit("fulfilment", {{"clause", "doha.a"}, {"claim", "done"}, {"evidence", {n}}}),
                n, "body.evidence[0] is index " + std::to_string(n) + ", not an earlier record");
  ExpectRefused(
      Submit("fulfilment", {{"clause", "doha.a"}, {"claim", "done"}, {"date", "2020-09-02"}}), n,
      "body.date 2020-09-02 lies after the record's own day 2020-09-01");
  EXPECT_TRUE(Submit("fulfilment", {{"clause", "doha.a"}, {"claim", "done"}, {"evidence", {n - 1}},
                                    {"date", "2020-09-01"}})
                  .ok());
  // An event needs no clause.
  EXPECT_TRUE(Submit("fulfilment", {{"event", "signature"}, {"claim", "signed"}}).ok());
}

TEST_F(ComplianceLogTest, TroopsAndSessionsCannotBeDatedAfterTheirRecord) {
  uint64_t n = log_->Size();
  ExpectRefused(Submit("troops", {{"force", "us"}, {"strength", 1}, {"as_of", "2020-09-05"}}), n,
                "body.as_of 2020-09-05 lies after the record's own day 2020-09-01");
  Json s = HasSession();
  s["date"] = "2021-01-01";
  ExpectRefused(Submit("session", s), n, "body.date 2021-01-01 lies after");
  EXPECT_TRUE(Submit("troops", {{"force", "us"}, {"strength", 1}, {"as_of", "2020-09-01"}}).ok());
  EXPECT_TRUE(Submit("session", HasSession()).ok());
}

TEST_F(ComplianceLogTest, AClauseEarlierInTheSameBatchCountsAndARefusalSparesTheRest) {
  // Hold the writer on a first record so that the next ones reach it as one batch.
  store_->Close();
  auto blocker = log_->Enqueue(*log_->Prepare(Sign("commitment", Clause("doha.first"))));
  store_->WaitUntilHeld();
  auto fa = log_->Enqueue(*log_->Prepare(Sign("commitment", Clause("doha.a"))));
  auto fb = log_->Enqueue(*log_->Prepare(Sign("commitment", Clause("doha.b", {"doha.a"}))));
  auto fbad = log_->Enqueue(*log_->Prepare(Sign("commitment", Clause("doha.c", {"doha.zz"}))));
  auto ff = log_->Enqueue(
      *log_->Prepare(Sign("fulfilment", {{"clause", "doha.b"}, {"claim", "done"}})));
  store_->Open();
  ASSERT_TRUE(blocker.get().ok());
  auto a = fa.get(), b = fb.get(), bad = fbad.get(), f = ff.get();
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(b->index, a->index + 1);
  EXPECT_EQ(f->index, b->index + 1);  // the refused record took no index
  EXPECT_THAT(bad.status().message(), HasSubstr("\"doha.zz\""));
}

}  // namespace
}  // namespace jirga::compliance

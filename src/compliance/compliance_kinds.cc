// The body schemas and cross-record checks of `commitment`, `fulfilment` and `troops`, and the
// registration of the compliance and dialogue kinds.
#include "compliance/compliance_kinds.h"

#include <functional>
#include <map>
#include <set>

#include "compliance/fields.h"
#include "dialogue/session.h"
#include "kinds/all_kinds.h"

namespace jirga::compliance {
namespace {

constexpr size_t kMaxText = 20000;
constexpr size_t kMaxConditions = 16;
constexpr size_t kMaxDependencies = 64;

// Parses a boolean expression held in a string field; errors name the field by `path`.
Result<Expression> ExpressionField(const std::string& path, const Json& value) {
  if (!value.is_string()) {
    return InvalidArgument(path + " must be a string, not " + std::string(JsonTypeName(value)));
  }
  auto e = ParseExpression(value.get_ref<const std::string&>());
  if (!e.ok()) return Status(e.status().code(), path + ": " + e.status().message());
  return e;
}

Status NoSelfReference(const Expression& e, const std::string& id, const std::string& path) {
  for (const Call* c : e.Calls()) {
    if (c->function == "met" && c->StringArg("clause") == id) {
      return InvalidArgument(path + ": met(\"" + id + "\") refers to the clause itself");
    }
  }
  return Status::Ok();
}

std::vector<std::string> CollectReferences(const Commitment& clause) {
  std::set<std::string> refs(clause.depends_on.begin(), clause.depends_on.end());
  auto add_met = [&](const Expression& e) {
    for (const Call* call : e.Calls()) {
      if (call->kind == Call::Kind::kMet) refs.insert(std::string(call->StringArg("clause")));
    }
  };
  add_met(clause.metric);
  add_met(clause.violation);
  for (const auto& cond : clause.conditions) add_met(cond);
  if (clause.deadline && clause.deadline->kind == Deadline::Kind::kAfterMet) {
    refs.insert(clause.deadline->anchor);
  }
  return {refs.begin(), refs.end()};
}

}  // namespace

Result<Commitment> ParseCommitmentBody(const Json& body) {
  Fields f(body, "body");
  RETURN_IF_ERROR(f.IsObject());
  RETURN_IF_ERROR(f.Only({"id", "text", "obligor", "obligee", "metric", "target", "deadline",
                          "conditions", "depends_on", "evidence_kinds", "violation"}));
  Commitment c;
  RETURN_IF_ERROR(f.Identifier("id", true, &c.id));
  RETURN_IF_ERROR(f.String("text", true, 1, kMaxText, &c.text));
  RETURN_IF_ERROR(f.Identifier("obligor", true, &c.obligor));
  RETURN_IF_ERROR(f.Identifier("obligee", false, &c.obligee));
  if (body.contains("metric")) {
    ASSIGN_OR_RETURN(c.metric, ExpressionField("body.metric", body["metric"]));
    RETURN_IF_ERROR(NoSelfReference(c.metric, c.id, "body.metric"));
  }
  ASSIGN_OR_RETURN(c.target, f.Number("target", false));
  if (c.target && c.metric.empty()) {
    return InvalidArgument("body.target needs a body.metric to measure progress against");
  }
  std::string deadline;
  bool has_deadline = false;
  RETURN_IF_ERROR(f.String("deadline", false, 1, kMaxExpressionChars, &deadline, &has_deadline));
  if (has_deadline) {
    auto d = ParseDeadline(deadline);
    if (!d.ok()) return Status(d.status().code(), "body.deadline: " + d.status().message());
    if (d->kind == Deadline::Kind::kAfterMet && d->anchor == c.id) {
      return InvalidArgument("body.deadline: met(\"" + c.id + "\") refers to the clause itself");
    }
    c.deadline = *d;
  }
  ASSIGN_OR_RETURN(const Json* conds, f.Array("conditions", false, 0, kMaxConditions));
  if (conds != nullptr) {
    for (size_t i = 0; i < conds->size(); ++i) {
      std::string path = "body.conditions[" + std::to_string(i) + "]";
      ASSIGN_OR_RETURN(Expression e, ExpressionField(path, (*conds)[i]));
      RETURN_IF_ERROR(NoSelfReference(e, c.id, path));
      c.conditions.push_back(std::move(e));
    }
  }
  ASSIGN_OR_RETURN(c.depends_on, f.Identifiers("depends_on", kMaxDependencies));
  for (size_t i = 0; i < c.depends_on.size(); ++i) {
    if (c.depends_on[i] == c.id) {
      return InvalidArgument("body.depends_on[" + std::to_string(i) + "] names the clause itself");
    }
  }
  ASSIGN_OR_RETURN(c.evidence_kinds, f.Identifiers("evidence_kinds", 16));
  if (body.contains("violation")) {
    ASSIGN_OR_RETURN(c.violation, ExpressionField("body.violation", body["violation"]));
    RETURN_IF_ERROR(NoSelfReference(c.violation, c.id, "body.violation"));
  }
  c.references = CollectReferences(c);
  return c;
}

Result<Fulfilment> ParseFulfilmentBody(const Json& body) {
  Fields f(body, "body");
  RETURN_IF_ERROR(f.IsObject());
  RETURN_IF_ERROR(f.Only({"clause", "event", "claim", "date", "evidence"}));
  Fulfilment out;
  bool has_clause = false, has_event = false;
  RETURN_IF_ERROR(f.Identifier("clause", false, &out.clause, &has_clause));
  RETURN_IF_ERROR(f.Identifier("event", false, &out.event, &has_event));
  if (!has_clause && !has_event) return InvalidArgument("body.clause or body.event is required");
  RETURN_IF_ERROR(f.String("claim", true, 1, kMaxText, &out.claim));
  ASSIGN_OR_RETURN(out.date, f.Day("date", false));
  ASSIGN_OR_RETURN(const Json* ev, f.Array("evidence", false, 0, 256));
  if (ev != nullptr) {
    std::set<uint64_t> seen;
    for (size_t i = 0; i < ev->size(); ++i) {
      const Json& x = (*ev)[i];
      std::string path = "body.evidence[" + std::to_string(i) + "]";
      if (!x.is_number_unsigned() && !(x.is_number_integer() && x.get<int64_t>() >= 0)) {
        return InvalidArgument(path + " must be a record index (a whole number >= 0)");
      }
      uint64_t idx = x.get<uint64_t>();
      if (!seen.insert(idx).second) {
        return InvalidArgument(path + " repeats index " + std::to_string(idx));
      }
      out.evidence.push_back(idx);
    }
  }
  return out;
}

Result<TroopsDeclaration> ParseTroopsBody(const Json& body) {
  Fields f(body, "body");
  RETURN_IF_ERROR(f.IsObject());
  RETURN_IF_ERROR(f.Only({"force", "strength", "as_of", "bases", "source"}));
  TroopsDeclaration t;
  RETURN_IF_ERROR(f.Identifier("force", true, &t.force));
  ASSIGN_OR_RETURN(auto strength, f.Integer("strength", true, 0, kMaxStrength));
  t.strength = *strength;
  ASSIGN_OR_RETURN(auto as_of, f.Day("as_of", true));
  t.as_of = *as_of;
  RETURN_IF_ERROR(f.String("source", false, 1, 2000, &t.source));
  ASSIGN_OR_RETURN(const Json* bases, f.Array("bases", false, 0, 1000));
  if (bases != nullptr) {
    std::set<std::string> seen;
    int64_t sum = 0;
    for (size_t i = 0; i < bases->size(); ++i) {
      Fields b((*bases)[i], "body.bases[" + std::to_string(i) + "]");
      RETURN_IF_ERROR(b.IsObject());
      RETURN_IF_ERROR(b.Only({"base", "strength"}));
      std::string name;
      RETURN_IF_ERROR(b.String("base", true, 1, 200, &name));
      ASSIGN_OR_RETURN(auto n, b.Integer("strength", true, 0, kMaxStrength));
      if (!seen.insert(name).second) {
        return InvalidArgument(b.PathOf("base") + " repeats \"" + name.substr(0, 80) + "\"");
      }
      sum += *n;
      t.bases.emplace_back(name, *n);
    }
    if (sum > t.strength) {
      return InvalidArgument("body.bases add up to " + std::to_string(sum) +
                             ", more than body.strength " + std::to_string(t.strength));
    }
  }
  return t;
}

Status CheckNotAfterRecord(const Record& record, Date day, const std::string& field) {
  Date rec_day = DateOfMicros(record.time_micros);
  if (day > rec_day) {
    return InvalidArgument(field + " " + FormatDate(day) + " lies after the record's own day " +
                           FormatDate(rec_day));
  }
  return Status::Ok();
}

Status CheckCommitmentInLog(const Record& record, uint64_t, const PriorRecords& prior) {
  ASSIGN_OR_RETURN(Commitment c, ParseCommitmentBody(record.body));
  // The clauses as of this record: the latest commitment of each id (a later one amends).
  std::map<std::string, std::vector<std::string>> refs;
  Status bad;
  RETURN_IF_ERROR(prior.Scan("commitment", [&](uint64_t idx, const Record& r) {
    auto pc = ParseCommitmentBody(r.body);
    if (!pc.ok()) {
      bad = Corruption("commitment record " + std::to_string(idx) + " is invalid: " +
                       pc.status().message());
      return false;
    }
    refs[pc->id] = pc->References();
    return true;
  }));
  RETURN_IF_ERROR(bad);
  std::vector<std::string> mine = c.References();
  for (const auto& id : mine) {
    if (!refs.count(id)) {
      return InvalidArgument("body refers to clause \"" + id +
                             "\", which no earlier commitment defines");
    }
  }
  refs[c.id] = mine;
  // A cycle through the new clause: depth-first search from it, back to it.
  std::vector<std::string> path = {c.id};
  std::set<std::string> done;
  std::function<bool(const std::string&)> visit = [&](const std::string& at) -> bool {
    for (const auto& next : refs[at]) {
      if (next == c.id) {
        path.push_back(next);
        return true;
      }
      if (done.count(next)) continue;
      path.push_back(next);
      if (visit(next)) return true;
      path.pop_back();
      done.insert(next);
    }
    return false;
  };
  if (visit(c.id)) {
    std::string cycle;
    for (const auto& p : path) cycle += (cycle.empty() ? "" : " -> ") + p;
    return InvalidArgument("body makes a dependency cycle: " + cycle);
  }
  return Status::Ok();
}

Status CheckFulfilmentInLog(const Record& record, uint64_t index, const PriorRecords& prior) {
  ASSIGN_OR_RETURN(Fulfilment f, ParseFulfilmentBody(record.body));
  if (f.date) RETURN_IF_ERROR(CheckNotAfterRecord(record, *f.date, "body.date"));
  for (size_t i = 0; i < f.evidence.size(); ++i) {
    if (f.evidence[i] >= index) {
      return InvalidArgument("body.evidence[" + std::to_string(i) + "] is index " +
                             std::to_string(f.evidence[i]) +
                             ", not an earlier record (this record would be " +
                             std::to_string(index) + ")");
    }
  }
  if (f.clause.empty()) return Status::Ok();
  bool found = false;
  RETURN_IF_ERROR(prior.Scan("commitment", [&](uint64_t, const Record& r) {
    auto id = r.body.find("id");
    found = id != r.body.end() && id->is_string() && *id == f.clause;
    return !found;
  }));
  if (!found) {
    return InvalidArgument("body.clause \"" + f.clause + "\" names no earlier commitment");
  }
  return Status::Ok();
}

}  // namespace jirga::compliance

namespace jirga {

void RegisterComplianceKinds(KindRegistry& registry) {
  using namespace compliance;
  Status st = registry.Register(KindSpec{
      .name = "commitment",
      .summary = "a clause of an agreement: obligor, metric, deadline, conditions, dependencies",
      .default_roles = {Role::kMediator},
      .visibility = Visibility::kPublic,
      .view = "compliance",
      .validate_body = [](const Json& body) { return ParseCommitmentBody(body).status(); },
      .validate_in_log = CheckCommitmentInLog,
  });
  st = registry.Register(KindSpec{
      .name = "fulfilment",
      .summary = "a claim that a clause is met or an event happened, with evidence",
      .default_roles = {Role::kBelligerent, Role::kGuarantor, Role::kMediator},
      .visibility = Visibility::kPublic,
      .view = "compliance",
      .validate_body = [](const Json& body) { return ParseFulfilmentBody(body).status(); },
      .validate_in_log = CheckFulfilmentInLog,
  });
  st = registry.Register(KindSpec{
      .name = "troops",
      .summary = "a force's declared strength on a day, optionally per base",
      .default_roles = {Role::kBelligerent, Role::kGuarantor},
      .visibility = Visibility::kPublic,
      .view = "compliance",
      .validate_body = [](const Json& body) { return ParseTroopsBody(body).status(); },
      .validate_in_log =
          [](const Record& record, uint64_t, const PriorRecords&) {
            ASSIGN_OR_RETURN(TroopsDeclaration t, ParseTroopsBody(record.body));
            return CheckNotAfterRecord(record, t.as_of, "body.as_of");
          },
  });
  st = registry.Register(KindSpec{
      .name = "session",
      .summary = "a Track 2 session under the Chatham House rule: unattributed points",
      .default_roles = {Role::kMediator, Role::kObserver},
      .visibility = Visibility::kPublic,
      .view = "dialogue",
      .validate_body = [](const Json& body) { return dialogue::ParseSessionBody(body).status(); },
      .validate_in_log =
          [](const Record& record, uint64_t, const PriorRecords&) {
            ASSIGN_OR_RETURN(dialogue::Session s, dialogue::ParseSessionBody(record.body));
            return CheckNotAfterRecord(record, s.date, "body.date");
          },
  });
  (void)st;
}

}  // namespace jirga

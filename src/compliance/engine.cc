// The compliance engine: clause states, deadlines, Peace Accords Matrix scores and projections on
// a day, from what was known by then (docs/compliance.md).
#include "compliance/engine.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

namespace jirga::compliance {
namespace {

// How far back the start of a run (when a condition began to hold) is searched.
constexpr int kSearchDays = 3660;
// The window of recent history a projection's rate is measured over.
constexpr int kLookbackDays = 28;

std::string Amount(double x) {
  // 2100 -> "2,100"; 0.5 -> "0.5".
  double r = std::round(x);
  if (std::fabs(x - r) > 1e-9 || std::fabs(x) >= 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", x);
    return buf;
  }
  std::string digits = std::to_string(static_cast<long long>(std::fabs(r)));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return (r < 0 ? "-" : "") + out;
}

class Engine : public EvalContext {
 public:
  Engine(const Inputs& in, EvalContext& ctx, Date at) : in_(in), ctx_(ctx), at_(at) {}

  Status Prepare() {
    for (const auto& c : in_.clauses) {
      if (c.recorded > at_) continue;
      auto [it, fresh] = idx_.emplace(c.clause.id, static_cast<int>(latest_.size()));
      if (fresh) {
        latest_.push_back(&c);
        first_recorded_.push_back(c.recorded);
      } else {
        latest_[it->second] = &c;
      }
    }
    const size_t n = latest_.size();
    refs_.assign(n, {});
    for (size_t i = 0; i < n; ++i) {
      for (const auto& ref : latest_[i]->clause.References()) {
        auto it = idx_.find(ref);
        if (it == idx_.end()) {
          return InvalidArgument("clause \"" + latest_[i]->clause.id + "\" refers to clause \"" +
                                 ref + "\", which no commitment known on " + FormatDate(at_) +
                                 " defines");
        }
        refs_[i].push_back(it->second);
      }
    }
    // Cycles: depth-first search with colours; the stack names the cycle.
    std::vector<int> colour(n, 0);  // 0 new, 1 on the stack, 2 done
    std::vector<int> stack;
    std::function<Status(int)> visit = [&](int i) -> Status {
      colour[i] = 1;
      stack.push_back(i);
      for (int ref : refs_[i]) {
        if (colour[ref] == 1) {
          std::string cycle;
          auto from = std::find(stack.begin(), stack.end(), ref);
          for (auto k = from; k != stack.end(); ++k) cycle += latest_[*k]->clause.id + " -> ";
          return InvalidArgument("clause references form a cycle: " + cycle +
                                 latest_[ref]->clause.id);
        }
        if (colour[ref] == 0) RETURN_IF_ERROR(visit(ref));
      }
      stack.pop_back();
      colour[i] = 2;
      return Status::Ok();
    };
    for (size_t i = 0; i < n; ++i) {
      if (colour[i] == 0) RETURN_IF_ERROR(visit(static_cast<int>(i)));
    }
    claims_.assign(n, {});
    findings_.assign(n, {});
    for (const auto& f : in_.fulfilments) {
      if (f.recorded > at_ || f.date() > at_) continue;
      if (!f.fulfilment.clause.empty()) {
        if (auto it = idx_.find(f.fulfilment.clause); it != idx_.end()) {
          claims_[it->second].push_back(&f);
        }
      }
      if (!f.fulfilment.event.empty()) {
        auto [it, fresh] = events_.emplace(f.fulfilment.event, f.date());
        if (!fresh && f.date() < it->second) it->second = f.date();
      }
    }
    for (const auto& v : in_.findings) {
      if (v.recorded > at_ || v.date > at_) continue;
      if (auto it = idx_.find(v.clause); it != idx_.end()) findings_[it->second].push_back(&v);
    }
    return Status::Ok();
  }

  size_t size() const { return latest_.size(); }

  ClauseStatus Evaluate(int id) {
    const ClauseRecord& rec = *latest_[id];
    const Commitment& c = rec.clause;
    ClauseStatus s;
    s.id = c.id;
    s.text = c.text;
    s.metric = c.metric.empty() ? "" : c.metric.source();
    s.obligor = c.obligor;
    s.obligee = c.obligee;
    s.index = rec.index;
    s.recorded = first_recorded_[id];
    if (c.deadline) s.deadline_source = c.deadline->source;
    for (const FulfilmentRecord* f : claims_[id]) {
      s.evidence.push_back(f->index);
      for (uint64_t e : f->fulfilment.evidence) s.evidence.push_back(e);
    }
    for (const ViolationFinding* v : findings_[id]) {
      s.evidence.push_back(v->index);
      if (!s.breached_on || v->date < *s.breached_on) s.breached_on = v->date;
    }
    std::sort(s.evidence.begin(), s.evidence.end());
    s.evidence.erase(std::unique(s.evidence.begin(), s.evidence.end()), s.evidence.end());
    Status st = Fill(id, c, s);
    if (!st.ok()) {
      s.state = ClauseState::kUnknown;
      s.error = st.ToString();
      s.score = -1;
      s.projection.reset();
    }
    return s;
  }

  // EvalContext: the engine answers events reported by fulfilments and met(), and passes the
  // rest to the caller's context.
  Result<double> Metric(const Call& call, Date at, Date known) override {
    return ctx_.Metric(call, at, known);
  }
  Result<std::optional<Date>> EventDate(std::string_view id, Date known) override {
    auto it = events_.find(id);
    if (it != events_.end()) return std::optional<Date>(it->second);
    ASSIGN_OR_RETURN(std::optional<Date> d, ctx_.EventDate(id, known));
    if (d && *d > known) d.reset();
    return d;
  }
  Result<std::optional<Date>> MetSince(std::string_view clause, Date at, Date) override {
    auto it = idx_.find(clause);
    if (it == idx_.end()) return NotFound("no clause \"" + std::string(clause) + "\"");
    return MetSinceAt(it->second, at);
  }
  Result<std::vector<Date>> ChangeDates(const Call& call, Date from, Date to, Date known) override {
    return ctx_.ChangeDates(call, from, to, known);
  }

 private:
  Status Fill(int id, const Commitment& c, ClauseStatus& s) {
    // In force: the dependencies met and the conditions holding, on D.
    auto in_force_at = [&](Date t) -> Result<bool> {
      for (const auto& dep : c.depends_on) {
        ASSIGN_OR_RETURN(auto since, MetSinceAt(idx_.find(dep)->second, t));
        if (!since) return false;
      }
      for (const auto& cond : c.conditions) {
        ASSIGN_OR_RETURN(bool ok, EvaluateBool(cond, *this, t, at_));
        if (!ok) return false;
      }
      return true;
    };
    ASSIGN_OR_RETURN(bool in_force, in_force_at(at_));
    if (in_force) {
      if (c.depends_on.empty() && c.conditions.empty()) {
        s.in_force_since = s.recorded;
      } else {
        auto cands = [&](Date lo, Date hi, std::vector<Date>& out) -> Status {
          for (const auto& dep : c.depends_on) {
            RETURN_IF_ERROR(AddMetCandidates(idx_.find(dep)->second, lo, hi, out));
          }
          for (const auto& cond : c.conditions) RETURN_IF_ERROR(AddCandidates(cond, lo, hi, out));
          return Status::Ok();
        };
        ASSIGN_OR_RETURN(s.in_force_since, RunStart(in_force_at, cands, at_));
      }
    }
    if (c.deadline) {
      switch (c.deadline->kind) {
        case Deadline::Kind::kDate: s.deadline = c.deadline->date; break;
        case Deadline::Kind::kAfterEvent: {
          ASSIGN_OR_RETURN(auto d, EventDate(c.deadline->anchor, at_));
          if (d) s.deadline = AddDuration(*d, c.deadline->offset);
          break;
        }
        case Deadline::Kind::kAfterMet: {
          ASSIGN_OR_RETURN(auto d, MetSinceAt(idx_.find(c.deadline->anchor)->second, at_));
          if (d) s.deadline = AddDuration(*d, c.deadline->offset);
          break;
        }
      }
    }
    ASSIGN_OR_RETURN(s.met_since, MetSinceAt(id, at_));
    if (s.breached_on) {
      s.state = ClauseState::kBreached;
    } else if (s.met_since) {
      s.state = ClauseState::kMet;
    } else if (!in_force) {
      s.state = ClauseState::kNotInForce;
    } else if (s.deadline && at_ > *s.deadline) {
      s.state = ClauseState::kOverdue;
    } else {
      s.state = ClauseState::kPending;
    }
    s.late = s.met_since && s.deadline && *s.met_since > *s.deadline;
    if (!c.violation.empty()) {
      auto v = EvaluateBool(c.violation, *this, at_, at_);
      if (v.ok()) s.violation_suspected = *v;
    }
    RETURN_IF_ERROR(Progress(c, s));
    // Peace Accords Matrix score (docs/compliance.md §2).
    if (s.met_since) {
      s.score = 3;
    } else if (!in_force || !s.fraction || *s.fraction <= 0) {
      s.score = 0;
    } else {
      s.score = *s.fraction < 0.5 ? 1 : 2;
    }
    return Status::Ok();
  }

  Status Progress(const Commitment& c, ClauseStatus& s) {
    if (c.metric.empty()) return Status::Ok();
    const Node& root = c.metric.root();
    bool up = root.op == Node::Op::kGe || root.op == Node::Op::kGt;
    bool down = root.op == Node::Op::kLe || root.op == Node::Op::kLt;
    if ((!up && !down) || root.kids[0]->type != Type::kNumber) return Status::Ok();
    const Node& lhs = *root.kids[0];
    ASSIGN_OR_RETURN(double value, EvaluateNumber(lhs, *this, at_, at_));
    s.value = value;
    if (c.target) {
      s.target = *c.target;
    } else {
      ASSIGN_OR_RETURN(double t, EvaluateNumber(*root.kids[1], *this, at_, at_));
      s.target = t;
    }
    Date start = s.in_force_since.value_or(s.recorded);
    if (start > at_) start = at_;
    auto v0 = EvaluateNumber(lhs, *this, start, at_);
    std::optional<double> start_value;
    if (v0.ok()) {
      start_value = *v0;
    } else if (up) {
      start_value = 0;  // nothing counted yet
    }
    if (start_value) {
      double span = up ? *s.target - *start_value : *start_value - *s.target;
      double done = up ? value - *start_value : *start_value - value;
      if (span > 0) {
        s.fraction = std::clamp(done / span, 0.0, 1.0);
      } else {
        s.fraction = s.met_since ? 1.0 : 0.0;
      }
    }
    if (s.state != ClauseState::kPending && s.state != ClauseState::kOverdue) return Status::Ok();
    // Projection at the rate of the last kLookbackDays (or since the clause came into force).
    Date from = std::max(start, AddDays(at_, -kLookbackDays));
    int days = at_.days - from.days;
    if (days <= 0) return Status::Ok();
    auto before = EvaluateNumber(lhs, *this, from, at_);
    if (!before.ok()) return Status::Ok();
    Projection p;
    p.lookback_days = days;
    p.per_day = (up ? value - *before : *before - value) / days;
    p.remaining = up ? *s.target - value : value - *s.target;
    if (p.per_day > 0) {
      int64_t need = static_cast<int64_t>(std::ceil(p.remaining / p.per_day));
      p.date = AddDays(at_, need);
      p.text = "at " + Amount(p.per_day * 14) + " every two weeks the remaining " +
               Amount(p.remaining) + " are reached by " + FormatDate(*p.date);
    } else {
      p.text = "no progress in the last " + std::to_string(days) + " days: at this rate the " +
               "remaining " + Amount(p.remaining) + " are never reached";
    }
    s.projection = p;
    return Status::Ok();
  }

  using Candidates = std::function<Status(Date lo, Date hi, std::vector<Date>& out)>;

  // The first day of the run of days, ending on `t`, on which `holds` is true throughout,
  // given that it is true on `t` and that what it reads changes only on the days `cands` gives.
  // It walks back over those days in windows that double (32, 64, ... days), so the work grows
  // with the length of the run, not of the history. A day whose evaluation fails counts as not
  // holding (there is no data before it).
  Result<Date> RunStart(const std::function<Result<bool>(Date)>& holds, const Candidates& cands,
                        Date t) {
    const Date floor = AddDays(at_, -kSearchDays);
    Date start = t;
    Date hi = t;
    int span = 32;
    std::vector<Date> days;
    while (hi >= floor) {
      Date lo = std::max(floor, AddDays(hi, -(span - 1)));
      days.clear();
      RETURN_IF_ERROR(cands(lo, hi, days));
      if (!std::is_sorted(days.begin(), days.end())) std::sort(days.begin(), days.end());
      days.erase(std::unique(days.begin(), days.end()), days.end());
      for (auto it = days.rbegin(); it != days.rend(); ++it) {
        if (*it < lo || *it > hi || *it >= t) continue;
        auto h = holds(*it);
        if (!h.ok() || !*h) return start;
        start = *it;
      }
      hi = AddDays(lo, -1);
      span = std::min(span * 2, 1 << 14);
    }
    return start;
  }

  // The days in [lo, hi] on which what `e` reads may change.
  Status AddCandidates(const Expression& e, Date lo, Date hi, std::vector<Date>& out) {
    if (e.empty()) return Status::Ok();
    for (const Call* call : e.Calls()) {
      if (call->kind == Call::Kind::kEvent) {
        ASSIGN_OR_RETURN(auto d, EventDate(call->StringArg("id"), at_));
        if (d && *d >= lo && *d <= hi) out.push_back(*d);
      } else if (call->kind == Call::Kind::kMet) {
        auto it = idx_.find(call->StringArg("clause"));
        if (it != idx_.end()) RETURN_IF_ERROR(AddMetCandidates(it->second, lo, hi, out));
      } else {
        ASSIGN_OR_RETURN(std::vector<Date> ds, ctx_.ChangeDates(*call, lo, hi, at_));
        out.insert(out.end(), ds.begin(), ds.end());
      }
    }
    return Status::Ok();
  }

  // The days in [lo, hi] on which whether clause `id` is met may change.
  Status AddMetCandidates(int id, Date lo, Date hi, std::vector<Date>& out) {
    const Commitment& c = latest_[id]->clause;
    RETURN_IF_ERROR(AddCandidates(c.metric, lo, hi, out));
    for (const FulfilmentRecord* f : claims_[id]) {
      if (f->date() >= lo && f->date() <= hi) out.push_back(f->date());
    }
    return Status::Ok();
  }

  // Whether clause `id` is met on day t (with what was known on D): the start of the run, or
  // nullopt. A clause with a metric is met while the metric holds; one without, from the day of
  // its earliest fulfilment claim.
  Result<std::optional<Date>> MetSinceAt(int id, Date t) {
    uint64_t key = (static_cast<uint64_t>(id) << 32) | static_cast<uint32_t>(t.days);
    if (auto it = met_memo_.find(key); it != met_memo_.end()) return it->second;
    Result<std::optional<Date>> r = ComputeMetSince(id, t);
    met_memo_.emplace(key, r);
    return r;
  }

  Result<std::optional<Date>> ComputeMetSince(int id, Date t) {
    const Commitment& c = latest_[id]->clause;
    if (c.metric.empty()) {
      std::optional<Date> first;
      for (const FulfilmentRecord* f : claims_[id]) {
        if (f->date() <= t && (!first || f->date() < *first)) first = f->date();
      }
      return first;
    }
    auto holds = [&](Date d) { return EvaluateBool(c.metric, *this, d, at_); };
    auto now = holds(t);
    if (!now.ok()) return now.status().WithContext("clause \"" + c.id + "\" metric");
    if (!*now) return std::optional<Date>();
    auto cands = [&](Date lo, Date hi, std::vector<Date>& out) {
      return AddMetCandidates(id, lo, hi, out);
    };
    ASSIGN_OR_RETURN(Date start, RunStart(holds, cands, t));
    return std::optional<Date>(start);
  }

  const Inputs& in_;
  EvalContext& ctx_;
  const Date at_;
  // Clauses known on D by dense id, in the order of their first records.
  std::map<std::string, int, std::less<>> idx_;
  std::vector<const ClauseRecord*> latest_;
  std::vector<Date> first_recorded_;
  std::vector<std::vector<int>> refs_;
  std::vector<std::vector<const FulfilmentRecord*>> claims_;
  std::vector<std::vector<const ViolationFinding*>> findings_;
  std::map<std::string, Date, std::less<>> events_;
  std::unordered_map<uint64_t, Result<std::optional<Date>>> met_memo_;
};

Json OptDate(const std::optional<Date>& d) { return d ? Json(FormatDate(*d)) : Json(nullptr); }
// Whole numbers print as integers (8600, not 8600.0).
Json OptNum(const std::optional<double>& x) {
  if (!x) return nullptr;
  if (std::fabs(*x) < 9e15 && *x == std::floor(*x)) return static_cast<int64_t>(*x);
  return *x;
}

}  // namespace

std::string_view ClauseStateName(ClauseState s) {
  switch (s) {
    case ClauseState::kNotInForce: return "not-in-force";
    case ClauseState::kPending: return "pending";
    case ClauseState::kMet: return "met";
    case ClauseState::kOverdue: return "overdue";
    case ClauseState::kBreached: return "breached";
    case ClauseState::kUnknown: return "unknown";
  }
  return "unknown";
}

Result<std::vector<ClauseStatus>> EvaluateClauses(const Inputs& in, EvalContext& ctx, Date at) {
  Engine engine(in, ctx, at);
  RETURN_IF_ERROR(engine.Prepare());
  std::vector<ClauseStatus> out;
  for (size_t i = 0; i < engine.size(); ++i) out.push_back(engine.Evaluate(static_cast<int>(i)));
  return out;
}

Json ClauseStatusJson(const ClauseStatus& s) {
  Json j = {{"id", s.id},
            {"text", s.text},
            {"obligor", s.obligor},
            {"obligee", s.obligee.empty() ? Json(nullptr) : Json(s.obligee)},
            {"metric", s.metric.empty() ? Json(nullptr) : Json(s.metric)},
            {"deadline", OptDate(s.deadline)},
            {"deadline_rule", s.deadline_source.empty() ? Json(nullptr) : Json(s.deadline_source)},
            {"status", ClauseStateName(s.state)},
            {"late", s.late},
            {"score", s.score < 0 ? Json(nullptr) : Json(s.score)},
            {"progress", {{"value", OptNum(s.value)}, {"target", OptNum(s.target)},
                          {"fraction", OptNum(s.fraction)}}},
            {"evidence", s.evidence},
            {"in_force_since", OptDate(s.in_force_since)},
            {"met_since", OptDate(s.met_since)},
            {"record", s.index}};
  if (s.breached_on) j["breached_on"] = FormatDate(*s.breached_on);
  if (s.violation_suspected) j["violation_suspected"] = *s.violation_suspected;
  if (s.projection) {
    j["projection"] = {{"per_day", s.projection->per_day},
                       {"lookback_days", s.projection->lookback_days},
                       {"remaining", s.projection->remaining},
                       {"date", OptDate(s.projection->date)},
                       {"text", s.projection->text}};
  }
  if (!s.error.empty()) j["error"] = s.error;
  return j;
}

Json ClauseTimelineJson(const ClauseStatus& s) {
  return Json{{"id", s.id},
              {"obligor", s.obligor},
              {"status", ClauseStateName(s.state)},
              {"recorded", FormatDate(s.recorded)},
              {"in_force", OptDate(s.in_force_since)},
              {"deadline", OptDate(s.deadline)},
              {"met", OptDate(s.met_since)},
              {"late", s.late},
              {"breached", OptDate(s.breached_on)},
              {"projected", s.projection ? OptDate(s.projection->date) : Json(nullptr)}};
}

}  // namespace jirga::compliance

// The compliance and dialogue answers of a log, as the CLI and the HTTP routes print them.
#include "compliance/report.h"

#include <algorithm>
#include <map>
#include <string>

namespace jirga::compliance {

Result<std::vector<ClauseStatus>> EvaluateSource(const LogSource& src, Date at) {
  LogContext ctx(src);
  return EvaluateClauses(src.inputs, ctx, at);
}

Result<std::vector<ClauseStatus>> ReadAndEvaluate(Store& store, Date at) {
  ASSIGN_OR_RETURN(LogSource src, ReadLogSource(store));
  return EvaluateSource(src, at);
}

Json StatusListJson(const std::vector<ClauseStatus>& clauses) {
  Json out = Json::array();
  for (const auto& c : clauses) out.push_back(ClauseStatusJson(c));
  return out;
}

Json TimelineListJson(const std::vector<ClauseStatus>& clauses) {
  Json out = Json::array();
  for (const auto& c : clauses) out.push_back(ClauseTimelineJson(c));
  return out;
}

Json ReleaseSchedulesJson(const LogSource& src, const std::vector<ClauseStatus>& clauses) {
  // The lists each clause counts releases of, from its version in force on the day (a later
  // record with the same id amends it, so the last one known wins — the one whose index the
  // status names).
  std::map<uint64_t, std::vector<std::string>> lists_of_record;
  for (const ClauseRecord& c : src.inputs.clauses) {
    if (c.clause.metric.empty()) continue;
    for (const Call* call : c.clause.metric.Calls()) {
      if (call->function != "released") continue;
      std::string list(call->StringArg("list"));
      auto& lists = lists_of_record[c.index];
      if (!list.empty() && std::find(lists.begin(), lists.end(), list) == lists.end()) {
        lists.push_back(std::move(list));
      }
    }
  }
  Json out = Json::object();
  for (const ClauseStatus& s : clauses) {
    auto it = lists_of_record.find(s.index);
    if (it == lists_of_record.end()) continue;
    for (const std::string& list : it->second) {
      if (!out.contains(list)) out[list] = Json::array();
      out[list].push_back(ClauseStatusJson(s));
    }
  }
  return out;
}

Json PartySummaryJson(const std::vector<ClauseStatus>& clauses) {
  struct Tally {
    int clauses = 0, in_force = 0, met = 0, late = 0, pending = 0, overdue = 0, breached = 0,
        not_in_force = 0, unknown = 0, score_sum = 0;
  };
  std::map<std::string, Tally> by_party;
  for (const auto& c : clauses) {
    Tally& t = by_party[c.obligor];
    ++t.clauses;
    switch (c.state) {
      case ClauseState::kMet: ++t.met; break;
      case ClauseState::kPending: ++t.pending; break;
      case ClauseState::kOverdue: ++t.overdue; break;
      case ClauseState::kBreached: ++t.breached; break;
      case ClauseState::kNotInForce: ++t.not_in_force; break;
      case ClauseState::kUnknown: ++t.unknown; break;
    }
    if (c.late) ++t.late;
    if (c.state != ClauseState::kNotInForce && c.state != ClauseState::kUnknown) {
      ++t.in_force;
      t.score_sum += c.score;
    }
  }
  Json out = Json::array();
  for (const auto& [party, t] : by_party) {
    out.push_back({{"obligor", party},
                   {"clauses", t.clauses},
                   {"in_force", t.in_force},
                   {"met", t.met},
                   {"late", t.late},
                   {"pending", t.pending},
                   {"overdue", t.overdue},
                   {"breached", t.breached},
                   {"not_in_force", t.not_in_force},
                   {"unknown", t.unknown},
                   {"score", t.in_force == 0 ? Json(nullptr)
                                             : Json(static_cast<double>(t.score_sum) /
                                                    static_cast<double>(t.in_force))}});
  }
  return out;
}

Json SessionListJson(const LogSource& src) {
  auto sessions = src.sessions;
  std::stable_sort(sessions.begin(), sessions.end(),
                   [](const auto& a, const auto& b) { return a.second.date < b.second.date; });
  Json out = Json::array();
  for (const auto& [index, s] : sessions) out.push_back(dialogue::SessionJson(s, index));
  return out;
}

}  // namespace jirga::compliance

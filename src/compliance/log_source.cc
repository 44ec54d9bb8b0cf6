// Reads the compliance, dialogue and exchange records from a store, and answers troops() and
// released() from them.
#include "compliance/log_source.h"

#include <algorithm>
#include <set>

#include "exchange/exchange_kinds.h"
#include "ledger/record.h"

namespace jirga::compliance {

Result<LogSource> ReadLogSource(Store& store) {
  LogSource src;
  bool any = false;
  auto note_day = [&](Date d) {
    if (!any || d < src.first_day) src.first_day = d;
    if (!any || d > src.last_day) src.last_day = d;
    any = true;
  };
  Status bad;
  auto scan = [&](const char* kind, const std::function<Status(uint64_t, const Record&)>& use) {
    RETURN_IF_ERROR(store.ScanRecords(RecordFilter{.kind = kind}, [&](const StoredRecord& row) {
      auto rec = ParseRecord(row.record);
      if (rec.ok()) {
        note_day(DateOfMicros(rec->time_micros));
        bad = use(row.index, *rec);
      } else {
        bad = rec.status();
      }
      if (!bad.ok()) {
        bad = Corruption(std::string(kind) + " record " + std::to_string(row.index) +
                         " is invalid: " + bad.message());
      }
      return bad.ok();
    }));
    return bad;
  };
  RETURN_IF_ERROR(scan("commitment", [&](uint64_t index, const Record& r) -> Status {
    ASSIGN_OR_RETURN(Commitment c, ParseCommitmentBody(r.body));
    src.inputs.clauses.push_back({std::move(c), index, DateOfMicros(r.time_micros)});
    return Status::Ok();
  }));
  RETURN_IF_ERROR(scan("fulfilment", [&](uint64_t index, const Record& r) -> Status {
    ASSIGN_OR_RETURN(Fulfilment f, ParseFulfilmentBody(r.body));
    src.inputs.fulfilments.push_back({std::move(f), index, DateOfMicros(r.time_micros)});
    return Status::Ok();
  }));
  RETURN_IF_ERROR(scan("troops", [&](uint64_t index, const Record& r) -> Status {
    ASSIGN_OR_RETURN(TroopsDeclaration t, ParseTroopsBody(r.body));
    src.troops[t.force].push_back({t.as_of, DateOfMicros(r.time_micros), index, t.strength});
    return Status::Ok();
  }));
  RETURN_IF_ERROR(scan("session", [&](uint64_t index, const Record& r) -> Status {
    ASSIGN_OR_RETURN(dialogue::Session s, dialogue::ParseSessionBody(r.body));
    src.sessions.emplace_back(index, std::move(s));
    return Status::Ok();
  }));
  // The exchange: which list each prisoner record is on, then the releases. Redacted records
  // have no content left and count for nothing; they do not move first_day/last_day either.
  std::map<uint64_t, std::pair<std::string, std::string>> entry_of;  // prisoner index -> list, entry
  auto scan_exchange = [&](const char* kind,
                           const std::function<Status(uint64_t, const Record&)>& use) -> Status {
    RETURN_IF_ERROR(store.ScanRecords(RecordFilter{.kind = kind}, [&](const StoredRecord& row) {
      if (row.redacted_by != 0) return true;
      auto rec = ParseRecord(row.record);
      bad = rec.ok() ? use(row.index, *rec) : rec.status();
      if (!bad.ok()) {
        bad = Corruption(std::string(kind) + " record " + std::to_string(row.index) +
                         " is invalid: " + bad.message());
      }
      return bad.ok();
    }));
    return bad;
  };
  auto note_list = [&](const std::string& list, Date day) {
    auto [it, fresh] = src.lists.emplace(list, day);
    if (!fresh && day < it->second) it->second = day;
  };
  RETURN_IF_ERROR(scan_exchange("prisoner", [&](uint64_t index, const Record& r) -> Status {
    ASSIGN_OR_RETURN(Prisoner p, ParsePrisoner(r.body));
    note_list(p.list, DateOfMicros(r.time_micros));
    entry_of[index] = {p.list, p.entry};
    return Status::Ok();
  }));
  RETURN_IF_ERROR(scan_exchange("release", [&](uint64_t index, const Record& r) -> Status {
    ASSIGN_OR_RETURN(Release rel, ParseRelease(r.body));
    ASSIGN_OR_RETURN(Date date, ParseDate(rel.date));
    const Date recorded = DateOfMicros(r.time_micros);
    auto add = [&](const std::string& list, const std::string& entry) {
      note_list(list, recorded);
      src.releases[list].push_back({date, recorded, entry});
    };
    for (uint64_t p : rel.prisoners) {
      auto it = entry_of.find(p);
      if (it != entry_of.end() && p < index) add(it->second.first, it->second.second);
    }
    for (const ListEntryRef& e : rel.entries) add(e.list, e.entry);
    return Status::Ok();
  }));
  return src;
}

Result<double> LogContext::Metric(const Call& call, Date at, Date known) {
  if (call.function == "troops") {
    std::string force(call.StringArg("force"));
    auto it = src_.troops.find(force);
    const TroopsPoint* best = nullptr;
    if (it != src_.troops.end()) {
      // The latest as_of on or before `at`, among records known by `known`; for the same as_of
      // the later record wins.
      for (const auto& p : it->second) {
        if (p.as_of <= at && p.recorded <= known &&
            (best == nullptr || p.as_of > best->as_of ||
             (p.as_of == best->as_of && p.index > best->index))) {
          best = &p;
        }
      }
    }
    if (best == nullptr) {
      return NotFound("no troops record for force \"" + force + "\" as of " + FormatDate(at) +
                      " or earlier, known by " + FormatDate(known));
    }
    return static_cast<double>(best->strength);
  }
  if (call.function == "released") {
    std::string list(call.StringArg("list"));
    auto known_list = src_.lists.find(list);
    if (known_list == src_.lists.end() || known_list->second > known) {
      return NotFound("no prisoner or release record names list \"" + list + "\", known by " +
                      FormatDate(known));
    }
    std::set<std::string> people;
    auto it = src_.releases.find(list);
    if (it != src_.releases.end()) {
      for (const ReleasePoint& p : it->second) {
        if (p.date <= at && p.recorded <= known) people.insert(p.entry);
      }
    }
    return static_cast<double>(people.size());
  }
  if (call.function == "incidents" || call.function == "baseline") {
    return NotFound(call.function +
                    "() is answered by the monitor view, which this build does not have yet");
  }
  return NotFound("no source for " + call.function + "()");
}

Result<std::optional<Date>> LogContext::EventDate(std::string_view, Date) {
  // Events reported by fulfilment records are answered by the engine itself.
  return std::optional<Date>();
}

Result<std::vector<Date>> LogContext::ChangeDates(const Call& call, Date from, Date to,
                                                  Date known) {
  std::vector<Date> out;
  if (call.function == "released") {
    auto rel = src_.releases.find(std::string(call.StringArg("list")));
    if (rel == src_.releases.end()) return out;
    for (const ReleasePoint& p : rel->second) {
      if (p.date >= from && p.date <= to && p.recorded <= known) out.push_back(p.date);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  if (call.function != "troops") return out;  // no data: evaluation fails before a search
  auto it = src_.troops.find(std::string(call.StringArg("force")));
  if (it == src_.troops.end()) return out;
  for (const auto& p : it->second) {
    if (p.as_of >= from && p.as_of <= to && p.recorded <= known) out.push_back(p.as_of);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace jirga::compliance

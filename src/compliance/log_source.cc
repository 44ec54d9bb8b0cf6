// Reads the compliance and dialogue records from a store, and answers troops() from them.
#include "compliance/log_source.h"

#include <algorithm>

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
    return NotFound("released() is answered by the exchange view, which this build does not have "
                    "yet");
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

// Turns the latest prisoner record of each entry of a list into a screening query.
#include "screening/prisoner_queries.h"

#include <map>

#include "exchange/exchange_kinds.h"
#include "ledger/record.h"

namespace jirga::screening {

Result<std::vector<PrisonerQuery>> PrisonerQueries(Log& log, const std::string& list) {
  std::vector<PrisonerQuery> out;
  std::map<std::string, size_t> slot;  // entry id → position in out
  Status inner;
  RecordFilter filter;
  filter.kind = "prisoner";
  RETURN_IF_ERROR(log.store().ScanRecords(filter, [&](const StoredRecord& sr) {
    if (sr.redacted_by != 0 || sr.record.empty()) return true;  // erased: nothing to screen
    auto rec = ParseRecord(sr.record);
    auto p = rec.ok() ? ParsePrisoner(rec->body) : Result<Prisoner>(rec.status());
    if (!p.ok()) {
      inner =
          Corruption("prisoner record " + std::to_string(sr.index) + ": " + p.status().message());
      return false;
    }
    if (p->list != list) return true;
    PrisonerQuery q;
    q.index = sr.index;
    q.person.id = p->entry;
    q.person.name = p->name ? *p->name : *p->name_ar;
    if (p->name && p->name_ar) q.other_names.push_back(*p->name_ar);
    for (const std::string& a : p->aliases) q.other_names.push_back(a);
    q.person.father_name = p->father_name ? *p->father_name : p->father_name_ar.value_or("");
    q.person.grandfather_name =
        p->grandfather_name ? *p->grandfather_name : p->grandfather_name_ar.value_or("");
    q.person.tribe = p->tribe.value_or("");
    if (p->birth_year) q.person.birth_year = (p->birth_year->from + p->birth_year->to) / 2;
    auto [it, fresh] = slot.emplace(p->entry, out.size());
    if (fresh) {
      out.push_back(std::move(q));
    } else {
      out[it->second] = std::move(q);
    }
    return true;
  }));
  RETURN_IF_ERROR(inner);
  if (out.empty()) return NotFound("no prisoner entries of list \"" + list + "\" in the log");
  return out;
}

}  // namespace jirga::screening

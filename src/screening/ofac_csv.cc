// Parses OFAC's legacy sdn.csv / alt.csv / add.csv into one reference list.
#include "screening/ofac_csv.h"

#include <map>
#include <set>

#include "match/normalize.h"
#include "screening/csv_rows.h"

namespace jirga::screening {
namespace {

// OFAC's empty marker is "-0-", usually followed by a space.
std::string Value(const std::string& field) {
  std::string v = CollapseSpace(field);
  return v == "-0-" ? "" : v;
}

Result<std::vector<CsvRecord>> ReadRows(const SourceFile& f) {
  if (f.bytes.size() > kMaxListFileBytes) {
    return ResourceExhausted(f.name + ": " + std::to_string(f.bytes.size()) + " bytes (limit " +
                             std::to_string(kMaxListFileBytes) + ")");
  }
  ASSIGN_OR_RETURN(std::vector<CsvRecord> rows, ParseCsvRows(f.bytes, f.name));
  if (rows.empty()) return InvalidArgument(f.name + ": no records");
  return rows;
}

std::string KindOfColumns(size_t n) {
  switch (n) {
    case 12:
      return "sdn";
    case 5:
      return "alt";
    case 6:
      return "add";
  }
  return "";
}

Result<std::string> KindOfRows(const SourceFile& f, const std::vector<CsvRecord>& rows) {
  std::string kind = KindOfColumns(rows[0].fields.size());
  if (kind.empty()) {
    return InvalidArgument(f.name + " line 1: " + std::to_string(rows[0].fields.size()) +
                           " columns; OFAC's sdn.csv has 12, alt.csv 5 and add.csv 6");
  }
  return kind;
}

Result<long long> EntNum(const SourceFile& f, const CsvRecord& r) {
  const std::string v = Value(r.fields[0]);
  long long n = 0;
  bool ok = !v.empty() && v.size() <= 12;
  for (char c : v) {
    ok = ok && c >= '0' && c <= '9';
    if (ok) n = n * 10 + (c - '0');
  }
  if (!ok || n <= 0) {
    return InvalidArgument(f.name + " line " + std::to_string(r.line) + ": ent_num \"" +
                           v.substr(0, 40) + "\" is not a positive whole number");
  }
  return n;
}

Status CheckName(const SourceFile& f, const CsvRecord& r, const std::string& name,
                 std::string_view column) {
  if (name.empty()) {
    return InvalidArgument(f.name + " line " + std::to_string(r.line) + ": empty " +
                           std::string(column));
  }
  if (name.size() > match::kMaxNameBytes) {
    return ResourceExhausted(f.name + " line " + std::to_string(r.line) + ": " +
                             std::string(column) + " is " + std::to_string(name.size()) +
                             " bytes long (limit " + std::to_string(match::kMaxNameBytes) + ")");
  }
  return Status::Ok();
}

// Four-digit years in the "DOB ..." parts of an SDN remark ("DOB 01 Jan 1962; alt. DOB 1963").
std::vector<int> DobYears(std::string_view remarks) {
  std::set<int> years;
  size_t start = 0;
  while (start < remarks.size()) {
    size_t end = remarks.find(';', start);
    if (end == std::string_view::npos) end = remarks.size();
    std::string_view part = remarks.substr(start, end - start);
    if (part.find("DOB") != std::string_view::npos) {
      for (size_t i = 0; i + 4 <= part.size(); ++i) {
        auto digit = [&](size_t k) { return k < part.size() && part[k] >= '0' && part[k] <= '9'; };
        if (digit(i) && digit(i + 1) && digit(i + 2) && digit(i + 3) && !digit(i + 4) &&
            (i == 0 || !digit(i - 1))) {
          int y = std::stoi(std::string(part.substr(i, 4)));
          if (y >= 1900 && y <= 2100) years.insert(y);
        }
      }
    }
    start = end + 1;
  }
  return {years.begin(), years.end()};
}

}  // namespace

Result<std::string> OfacFileKind(const SourceFile& file) {
  ASSIGN_OR_RETURN(std::vector<CsvRecord> rows, ReadRows(file));
  return KindOfRows(file, rows);
}

Result<ReferenceList> ParseOfac(const std::vector<SourceFile>& files) {
  std::map<std::string, std::pair<const SourceFile*, std::vector<CsvRecord>>> by_kind;
  for (const SourceFile& f : files) {
    ASSIGN_OR_RETURN(std::vector<CsvRecord> rows, ReadRows(f));
    ASSIGN_OR_RETURN(std::string kind, KindOfRows(f, rows));
    if (by_kind.count(kind)) {
      return InvalidArgument(f.name + " and " + by_kind[kind].first->name + " are both " + kind +
                             " files");
    }
    by_kind[kind] = {&f, std::move(rows)};
  }
  if (!by_kind.count("sdn")) {
    return InvalidArgument("no sdn.csv among the files (the one with 12 columns)");
  }
  ReferenceList list;
  list.format = "ofac";
  std::map<long long, size_t> entry_of;
  {
    const auto& [f, rows] = by_kind["sdn"];
    for (const CsvRecord& r : rows) {
      ASSIGN_OR_RETURN(long long num, EntNum(*f, r));
      if (entry_of.count(num)) {
        return InvalidArgument(f->name + " line " + std::to_string(r.line) + ": ent_num " +
                               std::to_string(num) + " is listed twice");
      }
      ListEntry e;
      e.id = e.reference = std::to_string(num);
      std::string name = Value(r.fields[1]);
      RETURN_IF_ERROR(CheckName(*f, r, name, "SDN_Name"));
      e.names.push_back({std::move(name), NameKind::kPrimary});
      e.type = Value(r.fields[2]);
      if (e.type.empty()) e.type = "entity";
      e.program = Value(r.fields[3]);
      e.birth_years = DobYears(Value(r.fields[11]));
      if (list.entries.size() >= kMaxListEntries) {
        return ResourceExhausted(f->name + ": more than " + std::to_string(kMaxListEntries) +
                                 " entries");
      }
      entry_of[num] = list.entries.size();
      list.entries.push_back(std::move(e));
    }
  }
  auto entry_for = [&](const SourceFile& f, const CsvRecord& r) -> Result<ListEntry*> {
    ASSIGN_OR_RETURN(long long num, EntNum(f, r));
    auto it = entry_of.find(num);
    if (it == entry_of.end()) {
      return InvalidArgument(f.name + " line " + std::to_string(r.line) + ": ent_num " +
                             std::to_string(num) + " is not in " + by_kind["sdn"].first->name);
    }
    return &list.entries[it->second];
  };
  if (by_kind.count("alt")) {
    const auto& [f, rows] = by_kind["alt"];
    for (const CsvRecord& r : rows) {
      ASSIGN_OR_RETURN(ListEntry * e, entry_for(*f, r));
      std::string name = Value(r.fields[3]);
      RETURN_IF_ERROR(CheckName(*f, r, name, "alt_name"));
      const std::string type = Value(r.fields[2]), remarks = Value(r.fields[4]);
      const bool weak =
          type.find("weak") != std::string::npos || remarks.find("weak") != std::string::npos;
      if (e->names.size() >= kMaxNamesPerEntry) {
        return ResourceExhausted(f->name + " line " + std::to_string(r.line) + ": entry " +
                                 e->reference + " has more than " +
                                 std::to_string(kMaxNamesPerEntry) + " names");
      }
      e->names.push_back({std::move(name), weak ? NameKind::kLowAlias : NameKind::kAlias});
    }
  }
  if (by_kind.count("add")) {
    const auto& [f, rows] = by_kind["add"];
    for (const CsvRecord& r : rows) {
      ASSIGN_OR_RETURN(ListEntry * e, entry_for(*f, r));
      std::string address;
      for (size_t k : {2, 3, 4}) {
        std::string v = Value(r.fields[k]);
        if (v.empty()) continue;
        if (!address.empty()) address += ", ";
        address += v;
      }
      if (!address.empty()) e->addresses.push_back(std::move(address));
    }
  }
  return list;
}

}  // namespace jirga::screening

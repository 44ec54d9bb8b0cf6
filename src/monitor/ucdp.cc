// The UCDP GED row mapper: one GED row (49 columns, header optional) to an incident body.
#include "monitor/ucdp.h"

#include <algorithm>
#include <map>
#include <vector>

#include "monitor/gazetteer.h"
#include "monitor/row_mapper.h"

namespace jirga {
namespace {

// Column indexes in kUcdpColumns.
enum UcdpCol : size_t {
  kId = 0, kTypeOfViolence = 5, kSideA = 14, kSideB = 17, kSourceArticle = 19,
  kSourceHeadline = 22, kWherePrec = 24, kWhereCoordinates = 25, kAdm1 = 27, kAdm2 = 28,
  kLatitude = 29, kLongitude = 30, kCountry = 33, kDatePrec = 37, kDateStart = 38,
  kDateEnd = 39, kDeathsA = 40, kDeathsB = 41, kDeathsCivilians = 42, kDeathsUnknown = 43,
  kBest = 44, kHigh = 45, kLow = 46,
};

constexpr std::array<std::string_view, 5> kDatePrecisions = {"day", "days", "week", "month",
                                                             "year"};

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

Json Actor(std::string_view name, std::string_view type) {
  Json a = {{"name", FitText(name, 300)}};
  if (!type.empty()) a["type"] = std::string(type);
  return a;
}

class UcdpMapper : public RowMapper {
 public:
  UcdpMapper(const Country& country, std::string version)
      : country_(country), version_(std::move(version)) {
    for (size_t i = 0; i < kUcdpColumns.size(); ++i) col_[i] = i;
  }

  std::string_view dataset() const override { return kUcdpGed; }

  Result<bool> ReadHeader(const CsvRecord& first) override {
    if (first.size() != kUcdpColumns.size()) {
      return InvalidArgument("line " + std::to_string(first.line()) + ": " +
                             std::to_string(first.size()) + " fields, a UCDP GED row has " +
                             std::to_string(kUcdpColumns.size()));
    }
    // A header names the columns; no data row has a field "id" or "date_start".
    bool header = false;
    for (size_t i = 0; i < first.size(); ++i) header |= first[i] == "id" || first[i] == "date_start";
    if (!header) return false;  // no header: the columns are in GED order
    std::map<std::string_view, size_t> where;
    for (size_t i = 0; i < first.size(); ++i) {
      if (!where.emplace(first[i], i).second) {
        return InvalidArgument("line 1: column \"" + std::string(first[i]) + "\" appears twice");
      }
    }
    for (size_t c = 0; c < kUcdpColumns.size(); ++c) {
      auto it = where.find(kUcdpColumns[c]);
      if (it == where.end()) {
        return InvalidArgument("line 1: the header lacks the UCDP GED column \"" +
                               std::string(kUcdpColumns[c]) + "\"");
      }
      col_[c] = it->second;
    }
    return true;
  }

  Result<ImportedRow> Map(const CsvRecord& row) const override {
    auto f = [&](UcdpCol c) { return Trim(row[col_[c]]); };
    auto name = [](UcdpCol c) { return kUcdpColumns[c]; };
    ImportedRow out;
    out.id = std::string(f(kId));
    if (out.id.empty() || out.id.size() > 64 ||
        out.id.find_first_not_of("0123456789") != std::string::npos) {
      return InvalidArgument("id: \"" + out.id.substr(0, 80) + "\" is not a GED event id");
    }
    out.version = version_;
    if (f(kCountry) != country_.name) {
      return InvalidArgument("country: \"" + std::string(f(kCountry)) + "\" is not " +
                             std::string(country_.name) + " (--country " +
                             std::string(country_.alpha2) + ")");
    }
    ASSIGN_OR_RETURN(int64_t tov, ParseInteger(name(kTypeOfViolence), f(kTypeOfViolence), 1, 3));
    ASSIGN_OR_RETURN(int64_t date_prec, ParseInteger(name(kDatePrec), f(kDatePrec), 1, 5));
    ASSIGN_OR_RETURN(int64_t where_prec, ParseInteger(name(kWherePrec), f(kWherePrec), 1, 7));
    ASSIGN_OR_RETURN(std::string start, ParseEventDate(name(kDateStart), f(kDateStart)));
    std::string end = start;
    if (!f(kDateEnd).empty()) {
      ASSIGN_OR_RETURN(end, ParseEventDate(name(kDateEnd), f(kDateEnd)));
      if (end < start) {
        return InvalidArgument("date_end: \"" + end + "\" is before date_start \"" + start +
                               "\"");
      }
    }
    Json date = {{"start", start}};
    if (end != start) date["end"] = end;
    date["precision"] = std::string(kDatePrecisions[date_prec - 1]);

    Json place = {{"country", std::string(country_.alpha2)}};
    if (!f(kAdm1).empty()) {
      auto p = ResolveProvince(f(kAdm1));
      if (!p.ok()) return InvalidArgument("adm_1: " + p.status().message());
      place["admin1"] = std::string((*p)->iso);
      place["pcode"] = std::string((*p)->pcode);
    }
    if (!f(kAdm2).empty()) place["admin2"] = FitText(f(kAdm2), 300);
    if (!f(kWhereCoordinates).empty()) place["location"] = FitText(f(kWhereCoordinates), 300);
    if (!f(kLatitude).empty() || !f(kLongitude).empty()) {
      ASSIGN_OR_RETURN(double lat, ParseDecimal(name(kLatitude), f(kLatitude), -90, 90));
      ASSIGN_OR_RETURN(double lon, ParseDecimal(name(kLongitude), f(kLongitude), -180, 180));
      place["lat"] = lat;
      place["lon"] = lon;
    }
    place["precision"] = where_prec;

    Json event = tov == 3 ? Json{{"type", "Violence against civilians"}, {"subtype", "Attack"}}
                          : Json{{"type", "Battles"}, {"subtype", "Armed clash"}};

    const std::string_view side_a = f(kSideA), side_b = f(kSideB);
    if (side_a.empty()) return InvalidArgument("side_a: is empty (the perpetrator is required)");
    auto type_of = [&](std::string_view side, bool is_b) -> std::string_view {
      if (StartsWith(side, "Government of ")) return "state-forces";
      if (side == "Civilians") return "civilians";
      // In state-based conflict (type 1) the non-government side is an organised armed group.
      if (is_b && tov == 1) return "rebel-group";
      return "";
    };
    Json actors = {{"perpetrator", Actor(side_a, type_of(side_a, false))}};
    if (!side_b.empty()) actors["target"] = Actor(side_b, type_of(side_b, true));

    // Deaths: empty = not given (that category is left out).
    constexpr std::array<UcdpCol, 4> kDeathCols = {kDeathsA, kDeathsB, kDeathsCivilians,
                                                   kDeathsUnknown};
    std::array<int64_t, 4> best{};
    std::array<bool, 4> present{};
    int64_t sum = 0;
    for (size_t i = 0; i < 4; ++i) {
      if (f(kDeathCols[i]).empty()) continue;
      ASSIGN_OR_RETURN(best[i], ParseInteger(name(kDeathCols[i]), f(kDeathCols[i]), 0, 1000000));
      present[i] = true;
      sum += best[i];
    }
    int64_t total = sum;
    if (!f(kBest).empty()) {
      ASSIGN_OR_RETURN(total, ParseInteger(name(kBest), f(kBest), 0, 1000000));
      const bool any = present[0] || present[1] || present[2] || present[3];
      if (!any) {
        best[3] = total, present[3] = true;  // only a total: all of it is "unknown"
      } else if (total != sum) {
        return InvalidArgument("best: " + std::to_string(total) +
                               " is not deaths_a + deaths_b + deaths_civilians + "
                               "deaths_unknown (" + std::to_string(sum) + ")");
      }
    } else if (!(present[0] || present[1] || present[2] || present[3])) {
      return InvalidArgument("best: is empty and so are all the deaths columns");
    }
    int64_t low = total, high = total;
    if (!f(kLow).empty()) {
      ASSIGN_OR_RETURN(low, ParseInteger(name(kLow), f(kLow), 0, 1000000));
    }
    if (!f(kHigh).empty()) {
      ASSIGN_OR_RETURN(high, ParseInteger(name(kHigh), f(kHigh), 0, 1000000));
    }
    // GED's low and high do not always bracket best (7 of the 135 Afghan rows of GED 23.1's
    // sample): the range kept is the envelope of the three estimates UCDP gives.
    const int64_t lo = std::min({low, high, total}), hi = std::max({low, high, total});

    Json body = {{"date", std::move(date)},
                 {"place", std::move(place)},
                 {"event", std::move(event)},
                 {"actors", std::move(actors)},
                 {"fatalities", SplitFatalities(best, present, lo, hi)}};
    Json sources = Json::array();
    for (std::string& s : SplitList(f(kSourceArticle), ';')) {
      sources.push_back({{"name", FitText(s, 300)}});
    }
    if (sources.size() > 64) {
      return InvalidArgument("source_article: more than 64 sources");
    }
    if (!sources.empty()) body["sources"] = std::move(sources);
    if (!f(kSourceHeadline).empty()) body["notes"] = FitText(f(kSourceHeadline), 20000);
    body["import"] = {{"dataset", std::string(kUcdpGed)}, {"id", out.id}, {"version", version_}};
    out.incident = std::move(body);
    out.time_micros = DateMicros(end);
    return out;
  }

  int CompareVersions(std::string_view a, std::string_view b) const override {
    return CompareDottedVersions(a, b);
  }

 private:
  const Country& country_;
  const std::string version_;
  std::array<size_t, kUcdpColumns.size()> col_{};
};

}  // namespace

Json SplitFatalities(const std::array<int64_t, 4>& best, const std::array<bool, 4>& present,
                     int64_t low, int64_t high) {
  int64_t sum = 0;
  for (size_t i = 0; i < 4; ++i) sum += present[i] ? best[i] : 0;
  std::array<int64_t, 4> lows{}, highs{};
  std::array<bool, 4> have = present;
  // Shares `delta` in proportion to best; `cap`: a share may not exceed the category's best.
  auto share = [&](int64_t delta, bool cap) {
    std::array<int64_t, 4> out{};
    if (delta == 0) return out;
    if (sum == 0) {
      out[3] = delta;
      have[3] = true;
      return out;
    }
    int64_t given = 0;
    std::vector<std::pair<int64_t, size_t>> rest;  // (remainder, category)
    for (size_t i = 0; i < 4; ++i) {
      if (!present[i]) continue;
      out[i] = delta * best[i] / sum;
      given += out[i];
      rest.emplace_back(delta * best[i] % sum, i);
    }
    std::stable_sort(rest.begin(), rest.end(),
                     [](const auto& x, const auto& y) { return x.first > y.first; });
    for (size_t k = 0; given < delta; k = (k + 1) % rest.size()) {
      const size_t i = rest[k].second;
      if (cap && out[i] >= best[i]) continue;
      ++out[i];
      ++given;
    }
    return out;
  };
  const auto down = share(sum - low, /*cap=*/true);
  const auto up = share(high - sum, /*cap=*/false);
  Json f = Json::object();
  for (size_t i = 0; i < 4; ++i) {
    if (!have[i]) continue;
    const int64_t b = present[i] ? best[i] : 0;
    lows[i] = b - down[i];
    highs[i] = b + up[i];
    f[std::string(kFatalityCategories[i])] = {{"low", lows[i]}, {"best", b}, {"high", highs[i]}};
  }
  return f;
}

std::unique_ptr<RowMapper> NewUcdpMapper(const Country& country, std::string version) {
  return std::make_unique<UcdpMapper>(country, std::move(version));
}

int CompareDigitStrings(std::string_view a, std::string_view b) {
  auto strip = [](std::string_view s) {
    while (s.size() > 1 && s[0] == '0') s.remove_prefix(1);
    return s;
  };
  a = strip(a), b = strip(b);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

int CompareDottedVersions(std::string_view a, std::string_view b) {
  while (!a.empty() || !b.empty()) {
    const size_t pa = a.find('.'), pb = b.find('.');
    const int c = CompareDigitStrings(a.substr(0, pa), b.substr(0, pb));
    if (c != 0) return c;
    a = pa == std::string_view::npos ? std::string_view() : a.substr(pa + 1);
    b = pb == std::string_view::npos ? std::string_view() : b.substr(pb + 1);
  }
  return 0;
}

}  // namespace jirga

// Field parsers shared by the ACLED and UCDP GED row mappers (docs/import-formats.md): dates,
// counts, coordinates, actor types, countries, and the imported row they produce.
//
// Every parser returns InvalidArgument naming the column and quoting the value
// ("fatalities: \"ten\" is not a whole number"). All functions are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"

namespace jirga {

// One dataset row mapped to an incident body (monitor-schema: "incident").
struct ImportedRow {
  std::string id;          // the dataset's event id
  std::string version;     // ACLED timestamp digits, or the GED version ("23.1")
  Json incident;           // the incident body, with "import" filled in
  int64_t time_micros = 0; // the record time: a fixed function of the row (importer.h)
};

// The datasets' names in import.dataset.
inline constexpr std::string_view kAcled = "acled";
inline constexpr std::string_view kUcdpGed = "ucdp-ged";

// A country the importers know: ISO 3166-1 alpha-2 and alpha-3, the English name the datasets
// write, ACLED's numeric ISO code and UCDP's Gleditsch-Ward number.
struct Country {
  std::string_view alpha2, alpha3, name;
  int iso_numeric, gwno;
};
// The country for an alpha-2 or alpha-3 code (case-insensitive); NotFound naming it. Only
// Afghanistan for now: the gazetteer has no other country's provinces.
Result<const Country*> FindCountry(std::string_view code);

// "2019-09-28", "28 September 2019", "28 Sep 2019", and "2019-09-28 00:00:00[.000]" (GED files
// written by some tools) → "2019-09-28". Years 1900..2100, real calendar dates only.
Result<std::string> ParseEventDate(std::string_view column, std::string_view value);
// Midnight UTC of a "YYYY-MM-DD" date (already validated), in microseconds since the epoch.
int64_t DateMicros(std::string_view date);

// A whole number in [min, max] ("-0", "+1", "1.0", " 1" and empty are refused).
Result<int64_t> ParseInteger(std::string_view column, std::string_view value, int64_t min,
                             int64_t max);
// A decimal number in [min, max] (finite; "1e3", hex and empty refused).
Result<double> ParseDecimal(std::string_view column, std::string_view value, double min,
                            double max);

// The actor type of the schema for an ACLED inter code: "1".."8" or its text ("State forces",
// "Rebel group(s)", "Political militia(s)", "Identity militia(s)", "Rioters", "Protesters",
// "Civilians", "External/Other forces"; case-insensitive). "" and "0" (no actor) give nullopt.
Result<std::optional<std::string>> ActorTypeFromInter(std::string_view column,
                                                      std::string_view value);
// The inter code (1..8) of a schema actor type; 0 for an unknown or empty type.
int InterFromActorType(std::string_view type);

// Splits on `sep`, trims spaces, drops empty parts.
std::vector<std::string> SplitList(std::string_view s, char sep);
std::string_view Trim(std::string_view s);

// `s` cut to at most `max` code points: a longer value keeps its first max - 1 code points and
// ends with "…" (the incident schema limits names, sources, admin2 and location to 300, notes to
// 20,000; real GED source lists run longer). `s` must be valid UTF-8.
std::string FitText(std::string_view s, size_t max);

// A number as the exports write it: shortest form that reads back the same ("31.611795").
std::string FormatDecimal(double v);

}  // namespace jirga

// The ACLED export layout: its columns (DESIGN §8) in export order, the extra columns some ACLED
// exports carry (tolerated and ignored on import), and the geo_precision mapping. The row mapper
// itself is NewAcledMapper (row_mapper.h); the export side is in export_formats.h.
#pragma once

#include <array>
#include <string_view>

namespace jirga {

inline constexpr std::array<std::string_view, 31> kAcledColumns = {
    "event_id_cnty", "event_date",     "year",          "time_precision", "disorder_type",
    "event_type",    "sub_event_type", "actor1",        "assoc_actor_1",  "inter1",
    "actor2",        "assoc_actor_2",  "inter2",        "interaction",    "civilian_targeting",
    "iso",           "region",         "country",       "admin1",         "admin2",
    "admin3",        "location",       "latitude",      "longitude",      "geo_precision",
    "source",        "source_scale",   "notes",         "fatalities",     "tags",
    "timestamp"};

// Columns that other ACLED export formats add; accepted in a header and not imported.
inline constexpr std::array<std::string_view, 7> kAcledExtraColumns = {
    "data_id",         "event_id_no_cnty", "iso3",           "population_1km",
    "population_2km",  "population_5km",   "population_best"};

// Columns a header must have; the others may be absent (then empty).
inline constexpr std::array<std::string_view, 10> kAcledRequiredColumns = {
    "event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1",
    "country",       "admin1",     "latitude",   "longitude",      "fatalities"};

}  // namespace jirga

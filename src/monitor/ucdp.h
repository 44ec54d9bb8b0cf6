// The UCDP Georeferenced Event Dataset (GED) layout: its 49 columns in file order, the
// type_of_violence → ACLED taxonomy mapping, and the split of UCDP's total low/high estimates
// over the four death categories (docs/import-formats.md "UCDP GED"). The row mapper itself is
// NewUcdpMapper (row_mapper.h); the export side is in export_formats.h.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "base/json.h"

namespace jirga {

inline constexpr std::array<std::string_view, 49> kUcdpColumns = {
    "id",               "relid",           "year",           "active_year",
    "code_status",      "type_of_violence", "conflict_dset_id", "conflict_new_id",
    "conflict_name",    "dyad_dset_id",    "dyad_new_id",    "dyad_name",
    "side_a_dset_id",   "side_a_new_id",   "side_a",         "side_b_dset_id",
    "side_b_new_id",    "side_b",          "number_of_sources", "source_article",
    "source_office",    "source_date",     "source_headline", "source_original",
    "where_prec",       "where_coordinates", "where_description", "adm_1",
    "adm_2",            "latitude",        "longitude",      "geom_wkt",
    "priogrid_gid",     "country",         "country_id",     "region",
    "event_clarity",    "date_prec",       "date_start",     "date_end",
    "deaths_a",         "deaths_b",        "deaths_civilians", "deaths_unknown",
    "best",             "high",            "low",            "gwnoa",
    "gwnob"};

// The four categories in schema order: party_a, party_b, civilians, unknown.
inline constexpr std::array<std::string_view, 4> kFatalityCategories = {"party_a", "party_b",
                                                                        "civilians", "unknown"};

// Per-category {low, best, high} ranges from the categories' best counts (`present[i]` false:
// category absent) and UCDP's total low and high. The totals' uncertainty is shared out in
// proportion to each category's best count, largest remainder first (ties to the earlier
// category), so the sums of low, best and high are exactly `low`, the sum of the bests and
// `high`; with every best 0, all of `high` goes to "unknown". Requires low <= sum <= high.
Json SplitFatalities(const std::array<int64_t, 4>& best, const std::array<bool, 4>& present,
                     int64_t low, int64_t high);

}  // namespace jirga

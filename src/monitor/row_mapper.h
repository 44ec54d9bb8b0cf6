// RowMapper: turns the CSV rows of one dataset (ACLED, UCDP GED) into incident bodies
// (docs/import-formats.md has the column mappings). A mapper is a pure function of the rows: no
// I/O, no clock, no log.
//
// Thread safety: after ReadHeader, Map and CompareVersions are const and may run concurrently.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "monitor/csv_reader.h"
#include "monitor/import_fields.h"

namespace jirga {

class RowMapper {
 public:
  virtual ~RowMapper() = default;
  // "acled" or "ucdp-ged" (import.dataset).
  virtual std::string_view dataset() const = 0;
  // Looks at the file's first record. A header row sets the column order and gives true (the
  // record is consumed); a data row (UCDP GED files without a header) gives false. Errors name
  // the problem: an unknown or duplicated column, a required column missing, a wrong width.
  virtual Result<bool> ReadHeader(const CsvRecord& first) = 0;
  // The incident for a data row; InvalidArgument naming the column on any invalid value.
  virtual Result<ImportedRow> Map(const CsvRecord& row) const = 0;
  // <0, 0, >0 as version `a` is older than, the same as, or newer than `b`.
  virtual int CompareVersions(std::string_view a, std::string_view b) const = 0;
};

// UCDP GED rows of `country` (the 49 GED columns, with or without a header row), tagged with the
// dataset version `version` ("23.1").
std::unique_ptr<RowMapper> NewUcdpMapper(const Country& country, std::string version);
// ACLED export rows of `country` (a header row is required; columns in any order).
std::unique_ptr<RowMapper> NewAcledMapper(const Country& country);

// Compares two decimal digit strings as numbers ("9" < "10"); non-digits compare as text.
int CompareDigitStrings(std::string_view a, std::string_view b);
// Compares dotted versions field by field as numbers ("23.1" < "23.10" < "24.0").
int CompareDottedVersions(std::string_view a, std::string_view b);

}  // namespace jirga

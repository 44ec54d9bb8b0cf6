// Exporters: incidents (their current content, import_local.h) written as ACLED or UCDP GED CSV
// in those datasets' own column layouts (so the files import again), as HXL-tagged CSV with the
// hashtags OCHA's HDX uses for ACLED and UCDP, or as a GeoJSON FeatureCollection of points.
// docs/import-formats.md gives every column's mapping.
//
// A writer is fed incidents one at a time and appends text to a string the caller flushes, so an
// export streams. Not thread-safe (one writer per export).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "monitor/import_local.h"

namespace jirga {

// Which incidents an export includes (empty fields: no condition).
struct ExportFilter {
  std::string from, to;  // date.start within [from, to] (YYYY-MM-DD)
  std::string province;  // place.admin1 equal to this ISO code
  std::string dataset;   // import.dataset equal to this; "none" for incidents not imported
};
bool MatchesFilter(const CurrentIncident& incident, const ExportFilter& filter);

class ExportWriter {
 public:
  virtual ~ExportWriter() = default;
  virtual void Begin(std::string* out) = 0;
  // Appends the incident; returns false when the format cannot hold it (GeoJSON: no point).
  virtual bool Add(const CurrentIncident& incident, std::string* out) = 0;
  virtual void End(std::string* out) = 0;
};

// "acled", "ucdp", "hxl" or "geojson"; InvalidArgument naming the format otherwise.
Result<std::unique_ptr<ExportWriter>> NewExportWriter(std::string_view format);

}  // namespace jirga

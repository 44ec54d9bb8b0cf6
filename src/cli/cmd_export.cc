// `jirga export acled|ucdp|hxl|geojson`: write the current content of the log's incidents
// (supersedes applied, retracted ones left out) in a dataset's layout, streaming.
#include <cstdio>
#include <fstream>

#include "base/file.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "monitor/export_formats.h"
#include "monitor/gazetteer.h"
#include "monitor/import_fields.h"

namespace jirga::cli {

Status CmdExport(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Write incidents (their current content; retracted ones left out) as ACLED or "
               "UCDP GED CSV (importable again), HXL-tagged CSV or GeoJSON points.",
               "export"};
  std::string store_flag, format, out_path, province;
  ExportFilter filter;
  AddStoreOption(app, &store_flag);
  app.add_option("FORMAT", format, "acled, ucdp, hxl or geojson")->required();
  app.add_option("--from", filter.from, "only events starting on or after DATE (YYYY-MM-DD)");
  app.add_option("--to", filter.to, "only events starting on or before DATE (YYYY-MM-DD)");
  app.add_option("--province", province, "only this province (ISO 3166-2 code or P-code)");
  app.add_option("--dataset", filter.dataset,
                 "only incidents imported from this dataset (acled, ucdp-ged; none: reported "
                 "directly)");
  app.add_option("--out", out_path, "write to FILE (atomically) instead of stdout");
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  ASSIGN_OR_RETURN(auto writer, NewExportWriter(format));
  for (std::string* d : {&filter.from, &filter.to}) {
    if (d->empty()) continue;
    auto parsed = ParseEventDate(d == &filter.from ? "--from" : "--to", *d);
    if (!parsed.ok()) return Usage(parsed.status().message());
    *d = *parsed;
  }
  if (!province.empty()) {
    const Province* p = FindProvinceByCode(province);
    if (p == nullptr) return Usage("--province: unknown province code \"" + province + "\"");
    filter.province = std::string(p->iso);
  }
  if (!filter.dataset.empty() && filter.dataset != "acled" && filter.dataset != "ucdp-ged" &&
      filter.dataset != "none") {
    return Usage("--dataset must be acled, ucdp-ged or none");
  }
  ASSIGN_OR_RETURN(auto log, OpenLog(ResolveStore(store_flag), /*writable=*/false));

  // Output: stdout, or a temporary file renamed over --out once complete.
  std::ofstream file;
  const std::string tmp = out_path + ".tmp";
  if (!out_path.empty()) {
    file.open(tmp, std::ios::binary | std::ios::trunc);
    if (!file) return IOError("cannot write " + tmp);
  }
  std::ostream& out = out_path.empty() ? ctx.out : file;
  std::string buf;
  auto flush = [&]() -> Status {
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    buf.clear();
    return out ? Status::Ok() : IOError("writing the export failed");
  };
  uint64_t written = 0, left_out = 0;
  writer->Begin(&buf);
  Status st = ScanCurrentIncidents(log->store(), [&](const CurrentIncident& in) -> Status {
    if (!MatchesFilter(in, filter)) return Status::Ok();
    if (writer->Add(in, &buf)) {
      ++written;
    } else {
      ++left_out;
    }
    return buf.size() > (1 << 20) ? flush() : Status::Ok();
  });
  if (st.ok()) {
    writer->End(&buf);
    st = flush();
  }
  if (!out_path.empty()) {
    file.close();
    if (st.ok() && !file) st = IOError("writing " + tmp + " failed");
    if (st.ok() && std::rename(tmp.c_str(), out_path.c_str()) != 0) {
      st = IOError("cannot rename " + tmp + " to " + out_path);
    }
    if (!st.ok()) std::remove(tmp.c_str());
  }
  RETURN_IF_ERROR(st);
  ctx.err << "exported " << written << " incidents";
  if (left_out > 0) ctx.err << "; " << left_out << " without coordinates left out";
  ctx.err << "\n";
  return Status::Ok();
}

}  // namespace jirga::cli

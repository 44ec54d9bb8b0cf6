// The reference_list record body, the content-addressed copies beside the store, and loading a
// list back from the log with its copies verified.
#include "screening/list_record.h"

#include <set>

#include "base/file.h"
#include "ledger/hash.h"
#include "ledger/record.h"
#include "screening/un_xml.h"

namespace jirga::screening {
namespace {

bool IsHex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Status OnlyFields(const Json& obj, const std::string& where, std::set<std::string> allowed) {
  for (auto& [k, _] : obj.items()) {
    if (!allowed.count(k)) return InvalidArgument(where + " has unknown field \"" + k + "\"");
  }
  return Status::Ok();
}

Result<std::string> StringField(const Json& obj, const std::string& where, const std::string& f,
                                bool required, size_t max_len) {
  auto it = obj.find(f);
  if (it == obj.end()) {
    if (required) return InvalidArgument(where + "." + f + " is required");
    return std::string();
  }
  if (!it->is_string()) return InvalidArgument(where + "." + f + " must be a string");
  const std::string& s = it->get_ref<const std::string&>();
  if ((required && s.empty()) || s.size() > max_len) {
    return InvalidArgument(where + "." + f + " must be " + (required ? "1" : "0") + " to " +
                           std::to_string(max_len) + " bytes long");
  }
  return s;
}

Result<uint64_t> CountField(const Json& obj, const std::string& where, const std::string& f) {
  auto it = obj.find(f);
  if (it == obj.end()) return InvalidArgument(where + "." + f + " is required");
  if (!it->is_number_unsigned()) {
    return InvalidArgument(where + "." + f + " must be a whole number >= 0");
  }
  return it->get<uint64_t>();
}

}  // namespace

Json ListRecordBody(const ListRecord& r) {
  Json files = Json::array();
  for (const ListFile& f : r.files) {
    files.push_back({{"role", f.role}, {"sha256", f.sha256}, {"bytes", f.bytes}});
  }
  Json body = {{"name", r.name},
               {"format", r.format},
               {"files", std::move(files)},
               {"entries", r.entries},
               {"names", r.names}};
  if (!r.generated.empty()) body["generated"] = r.generated;
  if (!r.source.empty()) body["source"] = r.source;
  return body;
}

Result<ListRecord> ParseListRecordBody(const Json& body) {
  if (!body.is_object()) return InvalidArgument("body must be an object");
  RETURN_IF_ERROR(OnlyFields(
      body, "body", {"name", "format", "files", "generated", "entries", "names", "source"}));
  ListRecord r;
  ASSIGN_OR_RETURN(r.name, StringField(body, "body", "name", true, 64));
  RETURN_IF_ERROR(ValidateIdentifier("body.name", r.name));
  ASSIGN_OR_RETURN(r.format, StringField(body, "body", "format", true, 16));
  if (r.format != "un-xml" && r.format != "ofac") {
    return InvalidArgument("body.format must be \"un-xml\" or \"ofac\"");
  }
  ASSIGN_OR_RETURN(r.generated, StringField(body, "body", "generated", false, 64));
  ASSIGN_OR_RETURN(r.source, StringField(body, "body", "source", false, 1000));
  ASSIGN_OR_RETURN(r.entries, CountField(body, "body", "entries"));
  ASSIGN_OR_RETURN(r.names, CountField(body, "body", "names"));
  if (r.entries == 0) return InvalidArgument("body.entries must be at least 1");
  auto files = body.find("files");
  if (files == body.end() || !files->is_array() || files->empty() || files->size() > 3) {
    return InvalidArgument("body.files must be an array of 1 to 3 files");
  }
  std::set<std::string> roles;
  for (size_t i = 0; i < files->size(); ++i) {
    const Json& f = (*files)[i];
    const std::string where = "body.files[" + std::to_string(i) + "]";
    if (!f.is_object()) return InvalidArgument(where + " must be an object");
    RETURN_IF_ERROR(OnlyFields(f, where, {"role", "sha256", "bytes"}));
    ListFile lf;
    ASSIGN_OR_RETURN(lf.role, StringField(f, where, "role", true, 8));
    ASSIGN_OR_RETURN(lf.sha256, StringField(f, where, "sha256", true, 64));
    ASSIGN_OR_RETURN(lf.bytes, CountField(f, where, "bytes"));
    const bool role_ok = r.format == "un-xml"
                             ? lf.role == "xml"
                             : (lf.role == "sdn" || lf.role == "alt" || lf.role == "add");
    if (!role_ok) {
      return InvalidArgument(where + ".role \"" + lf.role + "\" does not fit format " + r.format);
    }
    if (!roles.insert(lf.role).second) {
      return InvalidArgument(where + ".role \"" + lf.role + "\" is repeated");
    }
    if (!IsHex64(lf.sha256)) {
      return InvalidArgument(where + ".sha256 must be 64 lower-case hex digits");
    }
    r.files.push_back(std::move(lf));
  }
  if (r.format == "ofac" && !roles.count("sdn")) {
    return InvalidArgument("body.files of an ofac list must include the sdn file");
  }
  return r;
}

Result<ParsedSources> ParseSources(const std::string& format,
                                   const std::vector<SourceFile>& files) {
  ParsedSources out;
  if (format == "un-xml") {
    if (files.size() != 1) return InvalidArgument("format un-xml takes exactly one XML file");
    auto list = ParseUnXml(files[0].bytes);
    if (!list.ok()) return list.status().WithContext(files[0].name);
    out.list = std::make_shared<const ReferenceList>(std::move(*list));
    out.files.push_back({"xml", HashHex(Sha256(files[0].bytes)), files[0].bytes.size()});
    return out;
  }
  if (format == "ofac") {
    if (files.empty() || files.size() > 3) {
      return InvalidArgument("format ofac takes sdn.csv and optionally alt.csv and add.csv");
    }
    ASSIGN_OR_RETURN(ReferenceList list, ParseOfac(files));
    for (const SourceFile& f : files) {
      ASSIGN_OR_RETURN(std::string role, OfacFileKind(f));
      out.files.push_back({role, HashHex(Sha256(f.bytes)), f.bytes.size()});
    }
    out.list = std::make_shared<const ReferenceList>(std::move(list));
    return out;
  }
  return InvalidArgument("unknown list format \"" + format + "\" (un-xml or ofac)");
}

std::string ListCopyDir(const std::string& store) { return store + ".lists"; }

std::string ListCopyPath(const std::string& store, const std::string& format,
                         const std::string& sha256) {
  return ListCopyDir(store) + "/" + sha256 + (format == "un-xml" ? ".xml" : ".csv");
}

Status SaveCopies(const std::string& store, const std::string& format,
                  const std::vector<SourceFile>& files, const std::vector<ListFile>& described) {
  RETURN_IF_ERROR(MakeDirs(ListCopyDir(store)));
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string path = ListCopyPath(store, format, described[i].sha256);
    if (FileExists(path)) {
      auto have = ReadFile(path);
      if (have.ok() && *have == files[i].bytes) continue;
    }
    RETURN_IF_ERROR(WriteFileAtomic(path, files[i].bytes, 0644));
  }
  return Status::Ok();
}

Result<std::optional<std::pair<uint64_t, ListRecord>>> FindLatestList(Log& log,
                                                                      const std::string& name) {
  std::optional<std::pair<uint64_t, ListRecord>> found;
  Status inner;
  RecordFilter filter;
  filter.kind = std::string(kReferenceListKind);
  RETURN_IF_ERROR(log.store().ScanRecords(filter, [&](const StoredRecord& sr) {
    if (sr.redacted_by != 0) return true;  // erased: an earlier version of the list counts
    auto rec = ParseRecord(sr.record);
    if (!rec.ok()) {
      inner = Corruption("record " + std::to_string(sr.index) + ": " + rec.status().message());
      return false;
    }
    auto body = ParseListRecordBody(rec->body);
    if (!body.ok()) {
      inner = Corruption("record " + std::to_string(sr.index) + ": " + body.status().message());
      return false;
    }
    if (body->name == name) found.emplace(sr.index, std::move(*body));
    return true;
  }));
  RETURN_IF_ERROR(inner);
  return found;
}

Result<LoadedList> LoadList(Log& log, const std::string& store, const std::string& name) {
  ASSIGN_OR_RETURN(auto found, FindLatestList(log, name));
  if (!found) {
    return NotFound("no reference list named \"" + name + "\" in the log (jirga screen import)");
  }
  LoadedList out;
  out.index = found->first;
  out.record = std::move(found->second);
  const std::string where = "list \"" + name + "\" (record " + std::to_string(out.index) + ")";
  std::vector<SourceFile> files;
  for (const ListFile& f : out.record.files) {
    const std::string path = ListCopyPath(store, out.record.format, f.sha256);
    auto bytes = ReadFile(path);
    if (!bytes.ok()) {
      if (bytes.status().code() == StatusCode::kNotFound) {
        return NotFound(where + ": the stored copy " + path +
                        " is missing; import the same file again to restore it");
      }
      return bytes.status();
    }
    const std::string sha = HashHex(Sha256(*bytes));
    if (sha != f.sha256 || bytes->size() != f.bytes) {
      return Corruption(where + ": the stored copy " + path + " has SHA-256 " + sha + " (" +
                        std::to_string(bytes->size()) + " bytes) but the log records " + f.sha256 +
                        " (" + std::to_string(f.bytes) +
                        " bytes); it has been altered, so screening against it would not be "
                        "reproducible");
    }
    files.push_back({path, std::move(*bytes)});
  }
  auto parsed = ParseSources(out.record.format, files);
  if (!parsed.ok()) {
    return Corruption(where + ": the stored copies no longer parse: " + parsed.status().message());
  }
  if (parsed->list->entries.size() != out.record.entries) {
    return Corruption(where + ": the stored copies give " +
                      std::to_string(parsed->list->entries.size()) + " entries, the log records " +
                      std::to_string(out.record.entries));
  }
  out.list = std::move(parsed->list);
  return out;
}

}  // namespace jirga::screening

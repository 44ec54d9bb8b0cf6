// The `reference_list` record (docs/record-kinds.md §10): which bytes a named sanctions list was
// imported from, so that every screening against it can be repeated exactly. Also where the
// exact copies of those bytes live beside the store, and loading the latest list of a name back
// from the log with its copies checked against the record.
//
//   body = {"name", "format", "files": [{"role", "sha256", "bytes"}...], "generated"?,
//           "entries", "names", "source"?}
//   copy = <store>.lists/<sha256>.<xml|csv>   (content-addressed; written atomically)
//
// Thread safety: the functions are pure except for the file system and the log they are given;
// Log is thread-safe, and concurrent writers of one copy write the same bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "ledger/log.h"
#include "screening/ofac_csv.h"
#include "screening/reference_list.h"

namespace jirga::screening {

inline constexpr std::string_view kReferenceListKind = "reference_list";

struct ListFile {
  std::string role;    // "xml" (un-xml); "sdn", "alt", "add" (ofac)
  std::string sha256;  // lower-case hex of the exact bytes
  uint64_t bytes = 0;
};

struct ListRecord {
  std::string name;    // identifier: [a-z0-9][a-z0-9._-]{0,63}
  std::string format;  // "un-xml" or "ofac"
  std::vector<ListFile> files;
  std::string generated;  // the list's own date; "" when the format has none
  uint64_t entries = 0;
  uint64_t names = 0;
  std::string source;  // free text: where the files came from; may be ""
};

Json ListRecordBody(const ListRecord& r);
// Strict: exact field set, types, lengths (InvalidArgument naming body.<field>). The kind's
// validate_body.
Result<ListRecord> ParseListRecordBody(const Json& body);

// A list parsed from its source files, with the files' record entries.
struct ParsedSources {
  std::shared_ptr<const ReferenceList> list;
  std::vector<ListFile> files;  // in the order given
};
// Parses `files` as `format` ("un-xml": exactly one file; "ofac": sdn and optionally alt, add).
// InvalidArgument for an unknown format or file count; parser errors as un_xml.h / ofac_csv.h.
Result<ParsedSources> ParseSources(const std::string& format, const std::vector<SourceFile>& files);

// <store>.lists and the copy of one file in it.
std::string ListCopyDir(const std::string& store);
std::string ListCopyPath(const std::string& store, const std::string& format,
                         const std::string& sha256);

// Writes the copy of each file unless an identical one is already there (a copy whose bytes no
// longer hash to its name is rewritten). IOError if the directory or a file cannot be written.
Status SaveCopies(const std::string& store, const std::string& format,
                  const std::vector<SourceFile>& files, const std::vector<ListFile>& described);

// A list loaded back from the log.
struct LoadedList {
  uint64_t index = 0;  // the reference_list record's index
  ListRecord record;
  std::shared_ptr<const ReferenceList> list;
};
// The latest readable reference_list record named `name` (a redacted one is skipped: its content
// is gone), or nullopt if there is none.
Result<std::optional<std::pair<uint64_t, ListRecord>>> FindLatestList(Log& log,
                                                                      const std::string& name);
// FindLatestList, then reads each copy and checks it: NotFound if no list has that name or a
// copy is missing; Corruption if a copy's SHA-256 or size differs from the record, or the copies
// no longer parse to the recorded number of entries.
Result<LoadedList> LoadList(Log& log, const std::string& store, const std::string& name);

}  // namespace jirga::screening

// A strict reader for lists of people in CSV (RFC 4180), the input of `jirga names match`.
//
// Grammar (docs/name-matching.md, "Input lists"):
//   file   = [BOM] header *(EOL record) [EOL]     EOL = CRLF / LF
//   header = column *("," column)   columns: id, name (required), father_name,
//            grandfather_name, tribe, province, birth_year (optional); any order, each once
//   field  = quoted / bare       quoted = DQUOTE *(any but DQUOTE / 2DQUOTE) DQUOTE
//            bare = *(any but "," DQUOTE CR LF)
// Every record has exactly as many fields as the header. Rejected with InvalidArgument (naming
// the source and line): invalid UTF-8, an unknown or repeated column, a missing id or name
// column, a wrong field count, a quote inside a bare field or text after a closing quote, an
// unterminated quote, an empty or repeated id, an empty name, a birth_year that is not a whole
// number in [1000, 2100]. ResourceExhausted: a field over kMaxCsvFieldBytes, more than
// kMaxCsvRows records.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "match/name_index.h"

namespace jirga::match {

inline constexpr size_t kMaxCsvFieldBytes = kMaxNameBytes;
inline constexpr size_t kMaxCsvRows = 10'000'000;

// Parses `text`; `source` names it in error messages (a file name).
Result<std::vector<NameEntry>> ParseNameCsv(std::string_view text, std::string_view source);

// Reads and parses the file at `path` (NotFound / IOError if it cannot be read).
Result<std::vector<NameEntry>> ReadNameCsv(const std::string& path);

// One CSV field as written by jirga: as is, or quoted (quotes doubled) when it contains a comma,
// a quote, CR or LF. The value itself is never altered (ids must round-trip exactly).
std::string CsvField(std::string_view value);

}  // namespace jirga::match

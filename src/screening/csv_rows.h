// A strict reader of header-less CSV (RFC 4180) for the OFAC legacy files.
//
// Grammar:
//   file   = [BOM] record *(EOL record) [EOL] [SUB [EOL]]   EOL = CRLF / LF, SUB = %x1A
//   record = field *("," field)
//   field  = quoted / bare    quoted = DQUOTE *(any but DQUOTE / 2DQUOTE) DQUOTE
//            bare = *(any but "," DQUOTE CR LF)
// (OFAC ends its files with a lone Ctrl-Z line, the SUB above.) Rejected with InvalidArgument
// naming the source and line: invalid UTF-8, a NUL byte, a blank line, a quote inside a bare field,
// text after a closing quote, an unterminated quote, a record whose field count differs from the
// first record's. ResourceExhausted: a field over kMaxCsvField bytes, more than kMaxCsvRecords.
//
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace jirga::screening {

inline constexpr size_t kMaxCsvField = 64 * 1024;
inline constexpr size_t kMaxCsvRecords = 5'000'000;

struct CsvRecord {
  size_t line = 0;  // where the record starts, from 1
  std::vector<std::string> fields;
};

Result<std::vector<CsvRecord>> ParseCsvRows(std::string_view text, std::string_view source);

// True if `s` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool IsValidUtf8(std::string_view s);

}  // namespace jirga::screening

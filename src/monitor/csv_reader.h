// A strict, streaming RFC 4180 CSV reader and the matching writer, for the dataset importers and
// exporters (ACLED, UCDP GED, HXL).
//
// Why not a library: Debian's C++ choices were checked. libfccp-dev (fast-cpp-csv-parser) refuses
// line breaks inside quoted fields, which real ACLED/UCDP notes contain, and reports errors by
// exception; libcsv-dev is a C callback parser without record line numbers, UTF-8 checks or size
// limits (last release 2013), so wrapping it would be more code than this reader.
//
// Grammar accepted (RFC 4180 plus the usual real-file tolerances, docs/import-formats.md):
//   file    = [BOM] record *(eol record) [eol]
//   record  = field *("," field)
//   field   = quoted / bare
//   quoted  = DQUOTE *(any byte but DQUOTE / DQUOTE DQUOTE) DQUOTE    ; may hold "," CR LF
//   bare    = *(any byte but "," DQUOTE CR LF)
//   eol     = CRLF / LF
// Refused, with "line N: ..." where N is the physical line (1-based) on which the record starts:
// an unterminated quoted field, a quote inside a bare field, anything but "," or an end of line
// after a closing quote, a CR not followed by LF outside quotes, a NUL byte, a field that is not
// valid UTF-8, a record whose field count differs from the first record's (or from
// CsvOptions::expected_fields), and fields/records/field counts over the limits. Empty lines are
// skipped (they are not records: exports often end with one).
//
// Memory: one record at a time (bounded by max_record_bytes) plus a 64 KiB read buffer.
// Thread safety: a reader is used by one thread; the free functions are thread-safe.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace jirga {

struct CsvOptions {
  // 0: every record must have as many fields as the first one.
  size_t expected_fields = 0;
  size_t max_field_bytes = 64 * 1024;
  size_t max_record_bytes = 1024 * 1024;
  size_t max_fields = 512;
};

// One record: its fields (views into the record's own buffer, valid until the next Next()).
class CsvRecord {
 public:
  size_t size() const { return ends_.size(); }
  std::string_view operator[](size_t i) const {
    const size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(buf_).substr(begin, ends_[i] - begin);
  }
  // The physical line (1-based) on which the record starts.
  uint64_t line() const { return line_; }

 private:
  friend class CsvReader;
  std::string buf_;           // the fields' bytes, concatenated
  std::vector<size_t> ends_;  // end offset of each field in buf_
  uint64_t line_ = 0;
};

class CsvReader {
 public:
  // Borrows `in`, which must outlive the reader.
  explicit CsvReader(std::istream& in, CsvOptions options = {});

  // Reads the next record into `*record`. Returns false at the end of input. Errors:
  // InvalidArgument "line N: ..." for malformed input, ResourceExhausted "line N: ..." for a
  // limit exceeded, IOError when the stream fails. After an error the reader must not be used.
  Result<bool> Next(CsvRecord* record);

  // The number of fields every record has (0 before the first record without expected_fields).
  size_t fields() const { return fields_; }

 private:
  int Get();   // the next byte, or -1 at the end
  int Peek();  // the next byte without consuming it, or -1
  Status Fail(uint64_t line, std::string what) const;
  Status EndField(CsvRecord* record, uint64_t line);

  std::streambuf& in_;
  CsvOptions options_;
  size_t fields_ = 0;
  uint64_t line_ = 1;  // the physical line of the next byte
  bool started_ = false;
  bool bad_stream_ = false;
  std::string chunk_;
  size_t pos_ = 0, len_ = 0;
};

// True if `s` is valid UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Appends `field` to `*out`, quoted (with doubled quotes) when it holds a comma, quote, CR, LF or
// starts or ends with a space; bare otherwise.
void AppendCsvField(std::string* out, std::string_view field);
// Appends a whole record and "\n".
void AppendCsvRecord(std::string* out, const std::vector<std::string>& fields);

}  // namespace jirga

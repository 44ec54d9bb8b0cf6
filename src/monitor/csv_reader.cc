// The strict streaming CSV reader and writer of csv_reader.h: a byte state machine over a 64 KiB
// buffer, copying runs of ordinary bytes in bulk.
#include "monitor/csv_reader.h"

#include <algorithm>

namespace jirga {
namespace {

constexpr size_t kChunk = 64 * 1024;

// Bytes that end a run inside a bare field / a quoted field.
inline bool BareSpecial(unsigned char c) {
  return c == ',' || c == '"' || c == '\r' || c == '\n' || c == 0;
}
inline bool QuotedSpecial(unsigned char c) { return c == '"' || c == '\n' || c == 0; }

}  // namespace

CsvReader::CsvReader(std::istream& in, CsvOptions options)
    : in_(*in.rdbuf()), options_(options), chunk_(kChunk, '\0') {
  fields_ = options_.expected_fields;
}

int CsvReader::Peek() {
  if (pos_ == len_) {
    if (bad_stream_) return -1;
    std::streamsize n = 0;
    try {
      n = in_.sgetn(chunk_.data(), static_cast<std::streamsize>(chunk_.size()));
    } catch (...) {
      bad_stream_ = true;
      return -1;
    }
    pos_ = 0;
    len_ = n > 0 ? static_cast<size_t>(n) : 0;
    if (len_ == 0) return -1;
  }
  return static_cast<unsigned char>(chunk_[pos_]);
}

int CsvReader::Get() {
  const int c = Peek();
  if (c >= 0) ++pos_;
  if (c == '\n') ++line_;
  return c;
}

Status CsvReader::Fail(uint64_t line, std::string what) const {
  return InvalidArgument("line " + std::to_string(line) + ": " + std::move(what));
}

Status CsvReader::EndField(CsvRecord* record, uint64_t line) {
  const size_t begin = record->ends_.empty() ? 0 : record->ends_.back();
  const std::string_view field = std::string_view(record->buf_).substr(begin);
  const size_t number = record->ends_.size() + 1;
  if (!IsValidUtf8(field)) {
    return Fail(line, "field " + std::to_string(number) + " is not valid UTF-8");
  }
  if (number > options_.max_fields) {
    return ResourceExhausted("line " + std::to_string(line) + ": more than " +
                             std::to_string(options_.max_fields) + " fields");
  }
  record->ends_.push_back(record->buf_.size());
  return Status::Ok();
}

Result<bool> CsvReader::Next(CsvRecord* record) {
  record->buf_.clear();
  record->ends_.clear();
  if (!started_) {
    started_ = true;
    // A UTF-8 byte order mark, written by spreadsheet programs, is not part of the first field.
    if (Peek() == 0xEF) {
      ++pos_;
      if (Get() != 0xBB || Get() != 0xBF) return Fail(1, "malformed byte order mark");
    }
  }
  // Empty lines between records are skipped.
  for (;;) {
    const int c = Peek();
    if (c == '\n') {
      Get();
    } else if (c == '\r') {
      Get();
      if (Peek() != '\n') return Fail(line_, "carriage return not followed by a line feed");
      Get();
    } else {
      break;
    }
  }
  if (Peek() < 0) {
    if (bad_stream_) return IOError("reading the input failed");
    return false;
  }
  const uint64_t start = line_;
  record->line_ = start;
  auto too_long = [&]() -> Status {
    const size_t begin = record->ends_.empty() ? 0 : record->ends_.back();
    if (record->buf_.size() - begin > options_.max_field_bytes) {
      return ResourceExhausted("line " + std::to_string(start) + ": field " +
                               std::to_string(record->ends_.size() + 1) + " is longer than " +
                               std::to_string(options_.max_field_bytes) + " bytes");
    }
    if (record->buf_.size() > options_.max_record_bytes) {
      return ResourceExhausted("line " + std::to_string(start) + ": record is longer than " +
                               std::to_string(options_.max_record_bytes) + " bytes");
    }
    return Status::Ok();
  };
  // Appends the run of bytes at pos_ for which `special` is false.
  auto copy_run = [&](bool (*special)(unsigned char)) {
    const char* p = chunk_.data() + pos_;
    const char* end = chunk_.data() + len_;
    const char* q = p;
    while (q != end && !special(static_cast<unsigned char>(*q))) ++q;
    record->buf_.append(p, q);
    pos_ += static_cast<size_t>(q - p);
  };
  for (;;) {  // one field per iteration
    bool end_of_record = false;
    if (Peek() == '"') {
      Get();
      const uint64_t opened = line_;
      for (;;) {
        if (Peek() >= 0) copy_run(QuotedSpecial);
        RETURN_IF_ERROR(too_long());
        const int c = Get();
        if (c < 0) {
          if (bad_stream_) return IOError("reading the input failed");
          return Fail(start, "unterminated quoted field (field " +
                                 std::to_string(record->ends_.size() + 1) + ", opened on line " +
                                 std::to_string(opened) + ")");
        }
        if (c == 0) return Fail(start, "NUL byte in the input");
        if (c == '"') {
          if (Peek() != '"') break;
          Get();
        }
        record->buf_.push_back(static_cast<char>(c));
      }
      const int c = Peek();
      if (c == ',') {
        Get();
      } else if (c == '\n' || c < 0) {
        Get();
        end_of_record = true;
      } else if (c == '\r') {
        Get();
        if (Peek() != '\n') return Fail(start, "carriage return not followed by a line feed");
        Get();
        end_of_record = true;
      } else {
        return Fail(start, "unexpected character after the closing quote of field " +
                               std::to_string(record->ends_.size() + 1));
      }
    } else {
      for (;;) {
        if (Peek() >= 0) copy_run(BareSpecial);
        RETURN_IF_ERROR(too_long());
        const int c = Peek();
        if (c > 0 && !BareSpecial(static_cast<unsigned char>(c))) continue;  // run crossed a refill
        if (c == ',') {
          Get();
          break;
        }
        if (c == '\n' || c < 0) {
          Get();
          end_of_record = true;
          break;
        }
        if (c == '\r') {
          Get();
          if (Peek() != '\n') return Fail(start, "carriage return not followed by a line feed");
          Get();
          end_of_record = true;
          break;
        }
        if (c == '"') {
          return Fail(start, "quote inside unquoted field " +
                                 std::to_string(record->ends_.size() + 1) +
                                 " (a field with quotes must be quoted whole)");
        }
        return Fail(start, "NUL byte in the input");
      }
    }
    RETURN_IF_ERROR(EndField(record, start));
    if (end_of_record) break;
  }
  if (bad_stream_) return IOError("reading the input failed");
  if (fields_ == 0) fields_ = record->size();
  if (record->size() != fields_) {
    return Fail(start, std::to_string(record->size()) + " fields, expected " +
                           std::to_string(fields_));
  }
  return true;
}

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p != end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int n;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (end - p <= n) return false;
    for (int i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    p += n + 1;
  }
  return true;
}

void AppendCsvField(std::string* out, std::string_view field) {
  const bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!quote) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendCsvRecord(std::string* out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendCsvField(out, fields[i]);
  }
  out->push_back('\n');
}

}  // namespace jirga

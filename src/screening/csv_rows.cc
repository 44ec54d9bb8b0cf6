// Implements the strict header-less CSV reader used for OFAC's legacy files.
#include "screening/csv_rows.h"

namespace jirga::screening {

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF)
      len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
      len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
      len = 4, cp = c & 0x07;
    else
      return false;
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

Result<std::vector<CsvRecord>> ParseCsvRows(std::string_view text, std::string_view source) {
  const std::string src(source);
  if (!IsValidUtf8(text)) return InvalidArgument(src + ": not valid UTF-8");
  if (text.find('\0') != std::string_view::npos) return InvalidArgument(src + ": has a NUL byte");
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  // The end-of-file marker OFAC appends: a lone SUB, on its own line, at the very end.
  for (std::string_view tail : {"\x1A\r\n", "\x1A\n", "\x1A"}) {
    if (text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail &&
        (text.size() == tail.size() || text[text.size() - tail.size() - 1] == '\n')) {
      text.remove_suffix(tail.size());
      break;
    }
  }
  std::vector<CsvRecord> rows;
  size_t i = 0, line = 1;
  auto error = [&](const std::string& what) {
    return InvalidArgument(src + " line " + std::to_string(line) + ": " + what);
  };
  while (i < text.size()) {
    CsvRecord rec;
    rec.line = line;
    // One record: fields until an end of line or the end of the text.
    for (;;) {
      std::string field;
      if (i < text.size() && text[i] == '"') {
        ++i;
        for (;;) {
          if (i >= text.size()) return error("unterminated quoted field");
          char c = text[i++];
          if (c == '"') {
            if (i < text.size() && text[i] == '"') {
              field.push_back('"');
              ++i;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          field.push_back(c);
          if (field.size() > kMaxCsvField) {
            return ResourceExhausted(src + " line " + std::to_string(rec.line) +
                                     ": a field is longer than " + std::to_string(kMaxCsvField) +
                                     " bytes");
          }
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          return error("text after a closing quote");
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') return error("a quote inside an unquoted field");
          field.push_back(text[i++]);
          if (field.size() > kMaxCsvField) {
            return ResourceExhausted(src + " line " + std::to_string(rec.line) +
                                     ": a field is longer than " + std::to_string(kMaxCsvField) +
                                     " bytes");
          }
        }
      }
      rec.fields.push_back(std::move(field));
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      break;
    }
    if (i < text.size()) {
      if (text[i] == '\r') {
        if (i + 1 >= text.size() || text[i + 1] != '\n') return error("a CR without LF");
        ++i;
      }
      ++i;  // '\n'
    }
    if (rec.fields.size() == 1 && rec.fields[0].empty()) return error("blank line");
    if (!rows.empty() && rec.fields.size() != rows[0].fields.size()) {
      return InvalidArgument(src + " line " + std::to_string(rec.line) + ": " +
                             std::to_string(rec.fields.size()) + " fields where line " +
                             std::to_string(rows[0].line) + " has " +
                             std::to_string(rows[0].fields.size()));
    }
    if (rows.size() >= kMaxCsvRecords) {
      return ResourceExhausted(src + ": more than " + std::to_string(kMaxCsvRecords) + " records");
    }
    rows.push_back(std::move(rec));
    ++line;
  }
  return rows;
}

}  // namespace jirga::screening

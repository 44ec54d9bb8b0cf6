// Implements the strict CSV reader for lists of people.
#include "match/name_csv.h"

#include <unicode/utf8.h>

#include <array>
#include <charconv>
#include <unordered_set>

#include "base/file.h"

namespace jirga::match {
namespace {

enum Column { kId, kName, kFather, kGrandfather, kTribe, kProvince, kBirthYear, kColumns };
constexpr std::array<std::string_view, kColumns> kColumnNames = {
    "id", "name", "father_name", "grandfather_name", "tribe", "province", "birth_year"};

// Splits CSV text into records of fields, strictly. Tracks line numbers for messages.
class Reader {
 public:
  Reader(std::string_view text, std::string_view source) : text_(text), source_(source) {}

  bool AtEnd() const { return pos_ >= text_.size(); }
  size_t line() const { return line_; }

  Status Error(const std::string& what) const {
    return InvalidArgument(std::string(source_) + ": line " + std::to_string(line_) + ": " + what);
  }

  // Reads one record (without its end of line) into `fields`.
  Status Next(std::vector<std::string>* fields) {
    fields->clear();
    record_line_ = line_;
    while (true) {
      std::string field;
      if (pos_ < text_.size() && text_[pos_] == '"') {
        size_t start_line = line_;
        ++pos_;
        while (true) {
          if (pos_ >= text_.size()) {
            return InvalidArgument(std::string(source_) + ": line " + std::to_string(start_line) +
                                   ": unterminated quoted field");
          }
          char c = text_[pos_++];
          if (c == '"') {
            if (pos_ < text_.size() && text_[pos_] == '"') {
              field.push_back('"');
              ++pos_;
              continue;
            }
            break;
          }
          if (c == '\n') ++line_;
          field.push_back(c);
          if (field.size() > kMaxCsvFieldBytes) return TooLong();
        }
        if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
            !(text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n')) {
          return Error("text after a closing quote");
        }
      } else {
        while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n') {
          char c = text_[pos_];
          if (c == '"') return Error("a quote inside an unquoted field (quote the whole field)");
          if (c == '\r') {
            if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') break;
            return Error("a carriage return inside an unquoted field");
          }
          field.push_back(c);
          ++pos_;
          if (field.size() > kMaxCsvFieldBytes) return TooLong();
        }
      }
      fields->push_back(std::move(field));
      if (pos_ >= text_.size()) return Status::Ok();
      char c = text_[pos_];
      if (c == ',') {
        ++pos_;
        continue;
      }
      if (c == '\r') ++pos_;
      ++pos_;  // '\n'
      ++line_;
      return Status::Ok();
    }
  }

 private:
  Status TooLong() const {
    return ResourceExhausted(std::string(source_) + ": line " + std::to_string(record_line_) +
                             ": a field is longer than " + std::to_string(kMaxCsvFieldBytes) +
                             " bytes");
  }

  std::string_view text_;
  std::string_view source_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t record_line_ = 1;
};

Status CheckUtf8(std::string_view text, std::string_view source) {
  size_t line = 1;
  for (size_t i = 0; i < text.size();) {
    UChar32 c;
    U8_NEXT(text.data(), i, text.size(), c);
    if (c < 0) {
      return InvalidArgument(std::string(source) + ": line " + std::to_string(line) +
                             ": invalid UTF-8");
    }
    if (c == 0) {
      return InvalidArgument(std::string(source) + ": line " + std::to_string(line) +
                             ": NUL character");
    }
    if (c == '\n') ++line;
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<NameEntry>> ParseNameCsv(std::string_view text, std::string_view source) {
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.remove_prefix(3);
  RETURN_IF_ERROR(CheckUtf8(text, source));
  if (text.empty()) return InvalidArgument(std::string(source) + ": empty file (no header)");
  Reader reader(text, source);
  std::vector<std::string> header;
  RETURN_IF_ERROR(reader.Next(&header));
  std::array<int, kColumns> where;
  where.fill(-1);
  for (size_t i = 0; i < header.size(); ++i) {
    size_t col = 0;
    while (col < kColumns && kColumnNames[col] != header[i]) ++col;
    if (col == kColumns) {
      return InvalidArgument(std::string(source) + ": unknown column \"" + header[i] +
                             "\" (known: id, name, father_name, grandfather_name, tribe, "
                             "province, birth_year)");
    }
    if (where[col] != -1) {
      return InvalidArgument(std::string(source) + ": column \"" + header[i] + "\" appears twice");
    }
    where[col] = static_cast<int>(i);
  }
  if (where[kId] == -1) return InvalidArgument(std::string(source) + ": no \"id\" column");
  if (where[kName] == -1) return InvalidArgument(std::string(source) + ": no \"name\" column");

  std::vector<NameEntry> out;
  std::unordered_set<std::string> ids;
  std::vector<std::string> fields;
  while (!reader.AtEnd()) {
    size_t line = reader.line();
    RETURN_IF_ERROR(reader.Next(&fields));
    auto error = [&](const std::string& what) {
      return InvalidArgument(std::string(source) + ": line " + std::to_string(line) + ": " + what);
    };
    if (fields.size() != header.size()) {
      return error(std::to_string(fields.size()) + " fields where the header has " +
                   std::to_string(header.size()));
    }
    if (out.size() >= kMaxCsvRows) {
      return ResourceExhausted(std::string(source) + ": more than " +
                               std::to_string(kMaxCsvRows) + " records");
    }
    auto get = [&](Column c) -> std::string {
      return where[c] == -1 ? std::string() : fields[static_cast<size_t>(where[c])];
    };
    NameEntry e;
    e.id = get(kId);
    e.name = get(kName);
    e.father_name = get(kFather);
    e.grandfather_name = get(kGrandfather);
    e.tribe = get(kTribe);
    e.province = get(kProvince);
    if (e.id.empty()) return error("empty id");
    if (!ids.insert(e.id).second) return error("duplicate id \"" + e.id + "\"");
    if (e.name.find_first_not_of(" \t") == std::string::npos) {
      return error("empty name for id \"" + e.id + "\"");
    }
    if (std::string year = get(kBirthYear); !year.empty()) {
      int y = 0;
      auto [end, ec] = std::from_chars(year.data(), year.data() + year.size(), y);
      if (ec != std::errc() || end != year.data() + year.size() || y < 1000 || y > 2100) {
        return error("birth_year \"" + year + "\" is not a year between 1000 and 2100");
      }
      e.birth_year = y;
    }
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<NameEntry>> ReadNameCsv(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParseNameCsv(text, path);
}

std::string CsvField(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace jirga::match

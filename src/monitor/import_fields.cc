// The field parsers of import_fields.h: strict numbers, the two date spellings of ACLED, and
// ACLED's actor type codes.
#include "monitor/import_fields.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace jirga {
namespace {

constexpr std::array<Country, 1> kCountries = {{{"AF", "AFG", "Afghanistan", 4, 700}}};

constexpr std::array<std::string_view, 8> kActorTypes = {
    "state-forces", "rebel-group", "political-militia", "identity-militia",
    "rioters",      "protesters",  "civilians",         "external"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Status Bad(std::string_view column, std::string_view value, std::string_view what) {
  std::string v(value.substr(0, 80));
  return InvalidArgument(std::string(column) + ": \"" + v + "\" " + std::string(what));
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysIn(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Checks y-m-d and formats it.
Result<std::string> MakeDate(std::string_view column, std::string_view value, int y, int m,
                             int d) {
  if (y < 1900 || y > 2100) return Bad(column, value, "has a year outside 1900..2100");
  if (m < 1 || m > 12 || d < 1 || d > DaysIn(y, m)) return Bad(column, value, "is not a real date");
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

}  // namespace

Result<const Country*> FindCountry(std::string_view code) {
  const std::string up = [&] {
    std::string s(code);
    for (char& c : s) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return s;
  }();
  for (const Country& c : kCountries) {
    if (up == c.alpha2 || up == c.alpha3) return &c;
  }
  return NotFound("unknown or unsupported country \"" + std::string(code) +
                  "\" (the gazetteer knows AF only)");
}

Result<std::string> ParseEventDate(std::string_view column, std::string_view value) {
  std::string_view v = value;
  // "2019-09-28 00:00:00" / "...00:00:00.000": a midnight time some GED files carry.
  if (v.size() > 10 && v[10] == ' ') {
    std::string_view t = v.substr(11);
    if (t != "00:00:00" && t != "00:00:00.000") return Bad(column, value, "is not a date");
    v = v.substr(0, 10);
  }
  if (v.size() == 10 && v[4] == '-' && v[7] == '-' && AllDigits(v.substr(0, 4)) &&
      AllDigits(v.substr(5, 2)) && AllDigits(v.substr(8, 2))) {
    auto num = [&](size_t p, size_t n) { return std::stoi(std::string(v.substr(p, n))); };
    return MakeDate(column, value, num(0, 4), num(5, 2), num(8, 2));
  }
  // "28 September 2019" / "28 Sep 2019".
  const size_t sp1 = v.find(' ');
  const size_t sp2 = sp1 == std::string_view::npos ? sp1 : v.find(' ', sp1 + 1);
  if (sp2 != std::string_view::npos && v.find(' ', sp2 + 1) == std::string_view::npos) {
    std::string_view ds = v.substr(0, sp1), ms = v.substr(sp1 + 1, sp2 - sp1 - 1),
                     ys = v.substr(sp2 + 1);
    static constexpr std::array<std::string_view, 12> kMonths = {
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    const std::string ml = Lower(ms);
    int month = 0;
    for (size_t i = 0; i < kMonths.size(); ++i) {
      if (ml == kMonths[i] || (ml.size() == 3 && kMonths[i].substr(0, 3) == ml)) {
        month = static_cast<int>(i) + 1;
      }
    }
    if (month != 0 && AllDigits(ds) && ds.size() <= 2 && AllDigits(ys) && ys.size() == 4) {
      return MakeDate(column, value, std::stoi(std::string(ys)), month,
                      std::stoi(std::string(ds)));
    }
  }
  return Bad(column, value, "is not a date (YYYY-MM-DD or \"28 September 2019\")");
}

int64_t DateMicros(std::string_view date) {
  const int y = std::stoi(std::string(date.substr(0, 4)));
  const int m = std::stoi(std::string(date.substr(5, 2)));
  const int d = std::stoi(std::string(date.substr(8, 2)));
  // Days from civil (H. Hinnant's algorithm).
  const int yy = y - (m <= 2);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(yy - era * 400);
  const unsigned doy = (153u * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 +
                       static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = static_cast<int64_t>(era) * 146097 + static_cast<int64_t>(doe) - 719468;
  return days * 86400LL * 1000000LL;
}

Result<int64_t> ParseInteger(std::string_view column, std::string_view value, int64_t min,
                             int64_t max) {
  std::string_view digits = value;
  if (!digits.empty() && digits[0] == '-') digits.remove_prefix(1);
  if (!AllDigits(digits) || (value[0] == '-' && digits == "0")) {
    return Bad(column, value, "is not a whole number");
  }
  int64_t n = 0;
  auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || p != value.data() + value.size() || n < min || n > max) {
    return Bad(column, value,
               "is out of range " + std::to_string(min) + ".." + std::to_string(max));
  }
  return n;
}

Result<double> ParseDecimal(std::string_view column, std::string_view value, double min,
                            double max) {
  // Digits with an optional sign and one optional decimal point: what the datasets write.
  size_t i = 0, digits = 0, dots = 0;
  if (i < value.size() && (value[i] == '-' || value[i] == '+')) ++i;
  for (; i < value.size(); ++i) {
    if (value[i] >= '0' && value[i] <= '9') {
      ++digits;
    } else if (value[i] == '.') {
      ++dots;
    } else {
      break;
    }
  }
  if (i != value.size() || digits == 0 || dots > 1 || value.size() > 40) {
    return Bad(column, value, "is not a decimal number");
  }
  const std::string s(value[0] == '+' ? value.substr(1) : value);
  double d = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(d) || d < min || d > max) {
    return Bad(column, value,
               "is out of range " + FormatDecimal(min) + ".." + FormatDecimal(max));
  }
  return d;
}

Result<std::optional<std::string>> ActorTypeFromInter(std::string_view column,
                                                      std::string_view value) {
  const std::string_view v = Trim(value);
  if (v.empty() || v == "0") return std::optional<std::string>();
  if (v.size() == 1 && v[0] >= '1' && v[0] <= '8') {
    return std::optional<std::string>(std::string(kActorTypes[v[0] - '1']));
  }
  static constexpr std::array<std::array<std::string_view, 3>, 8> kTexts = {{
      {"state forces", "state force", "state-forces"},
      {"rebel group", "rebel groups", "rebel-group"},
      {"political militia", "political militias", "political-militia"},
      {"identity militia", "identity militias", "identity-militia"},
      {"rioters", "rioter", "rioters"},
      {"protesters", "protester", "protesters"},
      {"civilians", "civilian", "civilians"},
      {"external/other forces", "external/other force", "external"},
  }};
  const std::string l = Lower(v);
  for (size_t i = 0; i < kTexts.size(); ++i) {
    for (std::string_view t : kTexts[i]) {
      if (l == t) return std::optional<std::string>(std::string(kActorTypes[i]));
    }
  }
  return Bad(column, value, "is not an ACLED actor type (1..8 or e.g. \"State forces\")");
}

int InterFromActorType(std::string_view type) {
  for (size_t i = 0; i < kActorTypes.size(); ++i) {
    if (kActorTypes[i] == type) return static_cast<int>(i) + 1;
  }
  return 0;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> SplitList(std::string_view s, char sep) {
  std::vector<std::string> out;
  while (true) {
    const size_t p = s.find(sep);
    std::string_view part = Trim(s.substr(0, p));
    if (!part.empty()) out.emplace_back(part);
    if (p == std::string_view::npos) break;
    s.remove_prefix(p + 1);
  }
  return out;
}

std::string FitText(std::string_view s, size_t max) {
  size_t points = 0, cut = std::string_view::npos;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (points == max - 1) cut = i;
    if (++points > max) return std::string(s.substr(0, cut)) + "\u2026";
  }
  return std::string(s);
}

std::string FormatDecimal(double v) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, p) : std::to_string(v);
}

}  // namespace jirga

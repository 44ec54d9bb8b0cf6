// The province table and its spelling-tolerant resolver (see gazetteer.h).
#include "monitor/gazetteer.h"

#include <cassert>
#include <map>
#include <string>

namespace jirga {
namespace {

// Sorted by ISO code. P-codes follow OCHA's AGCHO admin-1 numbering (Kabul AF01 .. Nimroz AF34).
// Centres are approximate points inside each province, for markers only.
const std::vector<Province>& Table() {
  static const std::vector<Province> t = {
      {"AF-BAL", "AF21", "Balkh", "بلخ", "بلخ", 36.70, 66.90},
      {"AF-BAM", "AF10", "Bamyan", "بامیان", "بامیان", 34.80, 67.40},
      {"AF-BDG", "AF31", "Badghis", "بادغیس", "بادغیس", 35.20, 63.70},
      {"AF-BDS", "AF17", "Badakhshan", "بدخشان", "بدخشان", 36.70, 71.00},
      {"AF-BGL", "AF09", "Baghlan", "بغلان", "بغلان", 35.70, 68.90},
      {"AF-DAY", "AF24", "Daykundi", "دایکندی", "دایکنډي", 33.70, 66.10},
      {"AF-FRA", "AF33", "Farah", "فراه", "فراه", 32.50, 62.50},
      {"AF-FYB", "AF29", "Faryab", "فاریاب", "فارياب", 35.80, 64.80},
      {"AF-GHA", "AF11", "Ghazni", "غزنی", "غزني", 33.30, 67.90},
      {"AF-GHO", "AF23", "Ghor", "غور", "غور", 34.10, 65.00},
      {"AF-HEL", "AF30", "Helmand", "هلمند", "هلمند", 31.00, 64.20},
      {"AF-HER", "AF32", "Herat", "هرات", "هرات", 34.40, 62.50},
      {"AF-JOW", "AF28", "Jowzjan", "جوزجان", "جوزجان", 36.70, 65.70},
      {"AF-KAB", "AF01", "Kabul", "کابل", "کابل", 34.50, 69.20},
      {"AF-KAN", "AF27", "Kandahar", "قندهار", "کندهار", 31.00, 65.70},
      {"AF-KAP", "AF02", "Kapisa", "کاپیسا", "کاپيسا", 34.90, 69.60},
      {"AF-KDZ", "AF19", "Kunduz", "کندز", "کندز", 36.70, 68.80},
      {"AF-KHO", "AF14", "Khost", "خوست", "خوست", 33.40, 69.90},
      {"AF-KNR", "AF15", "Kunar", "کنر", "کونړ", 34.90, 71.00},
      {"AF-LAG", "AF07", "Laghman", "لغمان", "لغمان", 34.70, 70.20},
      {"AF-LOG", "AF05", "Logar", "لوگر", "لوګر", 34.00, 69.10},
      {"AF-NAN", "AF06", "Nangarhar", "ننگرهار", "ننګرهار", 34.20, 70.50},
      {"AF-NIM", "AF34", "Nimroz", "نیمروز", "نيمروز", 30.80, 62.40},
      {"AF-NUR", "AF16", "Nuristan", "نورستان", "نورستان", 35.40, 70.80},
      {"AF-PAN", "AF08", "Panjshir", "پنجشیر", "پنجشېر", 35.40, 69.80},
      {"AF-PAR", "AF03", "Parwan", "پروان", "پروان", 35.10, 68.90},
      {"AF-PIA", "AF13", "Paktia", "پکتیا", "پکتيا", 33.70, 69.40},
      {"AF-PKA", "AF12", "Paktika", "پکتیکا", "پکتيکا", 32.40, 68.60},
      {"AF-SAM", "AF20", "Samangan", "سمنگان", "سمنګان", 35.90, 67.70},
      {"AF-SAR", "AF22", "Sar-e Pol", "سرپل", "سرپل", 35.80, 66.10},
      {"AF-TAK", "AF18", "Takhar", "تخار", "تخار", 36.60, 69.70},
      {"AF-URU", "AF25", "Uruzgan", "ارزگان", "اروزګان", 32.90, 66.20},
      {"AF-WAR", "AF04", "Wardak", "میدان وردک", "ميدان وردګ", 34.30, 68.30},
      {"AF-ZAB", "AF26", "Zabul", "زابل", "زابل", 32.20, 67.20},
  };
  return t;
}

// Variant spellings met in real data (UCDP GED, ACLED, geoBoundaries, OCHA, the shared
// provinces CSV, common press usage), keyed by ISO code. The canonical en/fa/ps names and the
// codes are added automatically.
constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
    {"AF-BAL", "Balkh"},      {"AF-BAM", "Bamiyan"},    {"AF-BAM", "Bamian"},
    {"AF-BDG", "Badghis"},    {"AF-BDG", "Badgis"},     {"AF-BDS", "Badakhshan"},
    {"AF-BDS", "Badakshan"},  {"AF-BDS", "AF-BDN"},     // geoBoundaries' shapeISO for it
    {"AF-BGL", "Baghlan"},    {"AF-DAY", "Daikundi"},   {"AF-DAY", "Daykondi"},
    {"AF-DAY", "Daikondi"},   {"AF-DAY", "Day Kundi"},  {"AF-FRA", "Farah"},
    {"AF-FYB", "Faryob"},     {"AF-FYB", "Fariab"},     {"AF-GHA", "Ghanzi"},  // geoBoundaries typo
    {"AF-GHO", "Ghowr"},      {"AF-GHO", "Ghur"},       {"AF-HEL", "Hilmand"},
    {"AF-HER", "Hirat"},      {"AF-JOW", "Jawzjan"},    {"AF-JOW", "Joz jan"},
    {"AF-JOW", "Jozjan"},     {"AF-JOW", "Juzjan"},     {"AF-KAB", "Kabol"},
    {"AF-KAN", "Qandahar"},   {"AF-KAN", "Kandahar"},   {"AF-KAN", "Qandehar"},
    {"AF-KAN", "AF_KAN"},     // geoBoundaries' shapeISO for it (same key once normalised)
    {"AF-KAP", "Kapesa"},     {"AF-KDZ", "Kundoz"},     {"AF-KDZ", "Qunduz"},
    {"AF-KDZ", "Kondoz"},     {"AF-KHO", "Khowst"},     {"AF-KHO", "Khost"},
    {"AF-KNR", "Konar"},      {"AF-KNR", "Kunar"},      {"AF-LAG", "Laghman"},
    {"AF-LOG", "Logar"},      {"AF-NAN", "Ningarhar"},  {"AF-NAN", "Nangrahar"},
    {"AF-NIM", "Nimruz"},     {"AF-NIM", "Nimrooz"},    {"AF-NUR", "Nooristan"},
    {"AF-PAN", "Panjsher"},   {"AF-PAN", "Panjsheer"},  {"AF-PAR", "Parvan"},
    {"AF-PIA", "Paktya"},     {"AF-PIA", "Paktiya"},    {"AF-PKA", "Paktica"},
    {"AF-SAM", "Samangan"},   {"AF-SAR", "Sar-e Pol"},  {"AF-SAR", "Sar-e Pul"},
    {"AF-SAR", "Sari Pul"},   {"AF-SAR", "Sar e pul"},  {"AF-SAR", "Sar-i-Pul"},
    {"AF-SAR", "Sar-i Pul"},  {"AF-SAR", "Saripul"},    {"AF-SAR", "Sar Pul"},
    {"AF-SAR", "Sare Pol"},   {"AF-SAR", "سر پل"},      {"AF-TAK", "Tahkar"},
    {"AF-URU", "Urozgan"},    {"AF-URU", "Oruzgan"},    {"AF-URU", "Uruzgan"},
    {"AF-URU", "Orozgan"},    {"AF-URU", "Uruzghan"},   {"AF-URU", "اورزگان"},
    {"AF-URU", "اروزگان"},    {"AF-WAR", "Maidan Wardak"},     {"AF-WAR", "Wardag"},
    {"AF-WAR", "Maidan-Wardak"}, {"AF-WAR", "Maydan Wardak"}, {"AF-WAR", "Maidan Wardag"},
    {"AF-WAR", "Vardak"},     {"AF-WAR", "وردک"},       {"AF-WAR", "میدان وردگ"},
    {"AF-ZAB", "Zabol"},      {"AF-HEL", "Helmund"},
};

// Appends the UTF-8 encoding of `cp`.
void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Folds a name for matching: ASCII lower-cased; separators dropped; Arabic-script letter variants
// folded so that Dari and Pashto spellings of the same name meet. Bytes that are not valid UTF-8
// are kept as they are (they then match nothing).
std::string Fold(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      if (c == ' ' || c == '-' || c == '_' || c == '\'' || c == '.' || c == '\t' || c == ',') {
        continue;
      }
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      continue;
    }
    if ((c & 0xE0) == 0xC0 && i + 1 < s.size()) {
      char32_t cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
      i += 2;
      switch (cp) {
        case 0x064A: case 0x0649: case 0x06D0: case 0x06CD: cp = 0x06CC; break;  // ye forms
        case 0x0643: cp = 0x06A9; break;                                         // kaf
        case 0x06AB: cp = 0x06AF; break;                                         // Pashto gaf
        case 0x0629: cp = 0x0647; break;                                         // teh marbuta
        case 0x0688: cp = 0x062F; break;  // Pashto ddal -> dal (Daykundi)
        case 0x0693: cp = 0x0631; break;  // Pashto rreh -> reh (Kunar)
        case 0x06BC: cp = 0x0646; break;  // Pashto noon with ring
        case 0x0640: continue;            // tatweel
        case 0x00A0: continue;            // no-break space
        default: break;
      }
      AppendUtf8(out, cp);
      continue;
    }
    if ((c & 0xF0) == 0xE0 && i + 2 < s.size()) {
      char32_t cp = ((c & 0x0F) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
                    (static_cast<unsigned char>(s[i + 2]) & 0x3F);
      i += 3;
      if (cp == 0x200C || cp == 0x200D || cp == 0x200F || cp == 0xFEFF) continue;  // ZWNJ &c.
      AppendUtf8(out, cp);
      continue;
    }
    out += static_cast<char>(c);
    ++i;
  }
  return out;
}

// The matching key: the folded name without the word for province (English, Dari/Pashto and
// its transliterations) before or after it.
std::string Key(std::string_view s) {
  static const std::string kWords[] = {Fold("province"), Fold("ولایت"), Fold("velayat"),
                                       Fold("wilayat")};
  std::string out = Fold(s);
  for (const std::string& w : kWords) {
    if (out.size() > w.size() && out.compare(out.size() - w.size(), w.size(), w) == 0) {
      out.resize(out.size() - w.size());
    } else if (out.size() > w.size() && out.compare(0, w.size(), w) == 0) {
      out.erase(0, w.size());
    }
  }
  return out;
}

const std::map<std::string, const Province*, std::less<>>& Index() {
  static const auto* index = [] {
    auto* m = new std::map<std::string, const Province*, std::less<>>();
    auto add = [m](std::string_view name, const Province* p) {
      auto [it, inserted] = m->emplace(Key(name), p);
      // Two provinces must never share a key: that would make resolution depend on table order.
      assert(inserted || it->second == p);
      (void)it;
      (void)inserted;
    };
    for (const Province& p : Table()) {
      for (std::string_view n : {p.iso, p.pcode, p.en, p.fa, p.ps}) add(n, &p);
    }
    for (auto [iso, alias] : kAliases) add(alias, FindProvinceByCode(iso));
    return m;
  }();
  return *index;
}

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

const std::vector<Province>& Provinces() { return Table(); }

const Province* FindProvinceByCode(std::string_view code) {
  for (const Province& p : Table()) {
    if (EqualsIgnoreAsciiCase(code, p.iso) || EqualsIgnoreAsciiCase(code, p.pcode)) return &p;
  }
  return nullptr;
}

Result<const Province*> ResolveProvince(std::string_view name) {
  std::string key = Key(name);
  const auto& index = Index();
  if (auto it = index.find(key); it != index.end()) return it->second;
  std::string shown(name.substr(0, 200));
  return NotFound("unknown province \"" + shown + "\"");
}

}  // namespace jirga

// The gazetteer of Afghanistan's 34 provinces: ISO 3166-2:AF codes, OCHA P-codes, English, Dari
// and Pashto names, an approximate centre for map markers, and a resolver for the spellings met
// in real data (UCDP "Hilmand province", ACLED "Sar-e-Pul", geoBoundaries "Ghanzi", ...).
//
// Written by us from public facts: the ISO 3166-2:AF subdivision codes and the OCHA/AGCHO
// admin-1 P-codes AF01 (Kabul) .. AF34 (Nimroz). The table is static and immutable, so every
// function here is safe to call from any thread; the pointers returned live for the program.
#pragma once

#include <string_view>
#include <vector>

#include "base/status.h"

namespace jirga {

struct Province {
  std::string_view iso;    // ISO 3166-2:AF, e.g. "AF-HEL"
  std::string_view pcode;  // OCHA admin-1 P-code, e.g. "AF30" (Helmand)
  std::string_view en;     // English name as OCHA writes it, e.g. "Helmand"
  std::string_view fa;     // Dari, e.g. "هلمند"
  std::string_view ps;     // Pashto
  double lat, lon;         // an approximate point inside the province (for map markers)
};

// The 34 provinces, sorted by ISO code.
const std::vector<Province>& Provinces();

// The province with this exact ISO 3166-2 code or P-code (ASCII case-insensitive: "af-hel" and
// "AF30" both work); nullptr when there is none. No spelling tolerance: this is for codes that a
// record or a query names, where a near miss is an error.
const Province* FindProvinceByCode(std::string_view iso_or_pcode);

// Resolves a province from any of: ISO code, P-code, English name or a known variant spelling,
// Dari or Pashto name. Matching ignores ASCII case, spaces, hyphens, underscores, apostrophes and
// dots, a trailing "province" (and a leading or trailing Dari/Pashto "ولایت", "province"), and
// folds Arabic/Persian letter variants (ي/ى→ی, ك→ک, ګ→گ, ZWNJ and tatweel dropped).
// NotFound naming the value (`unknown province "Xyz"`) when nothing matches; never guesses.
Result<const Province*> ResolveProvince(std::string_view name);

}  // namespace jirga

// A sanctions reference list as jirga screens against it: entries (a listed person or entity)
// with every name they are known by, parsed from the list's official file format (un_xml.h,
// ofac_csv.h). docs/screening.md describes how each format maps onto these fields.
//
// Plain data; thread-safe to share once built.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jirga::screening {

// Where a name of an entry comes from.
enum class NameKind {
  kPrimary,         // the list's main name (UN FIRST_NAME..FOURTH_NAME, OFAC SDN_Name)
  kOriginalScript,  // the name in its original script (UN NAME_ORIGINAL_SCRIPT)
  kAlias,           // a good-quality alias, or an alias of unstated quality
  kLowAlias,        // a low-quality alias: a nickname or broad a.k.a., not a spelling of the name
};
// "primary", "original-script", "alias", "low-alias".
std::string_view NameKindName(NameKind kind);

struct ListName {
  std::string text;  // UTF-8, whitespace runs (line breaks inside aliases) collapsed to one space
  NameKind kind = NameKind::kPrimary;
};

struct ListEntry {
  std::string reference;  // UN REFERENCE_NUMBER ("TAi.024"); OFAC ent_num
  std::string id;         // UN DATAID; OFAC ent_num
  std::string type;       // "individual", "entity" (UN); OFAC SDN_Type ("individual", "vessel",
                          // "aircraft", or "entity" for OFAC's empty type)
  std::vector<ListName> names;   // names[0] is the primary name
  std::vector<int> birth_years;  // every year a date of birth names (UN), distinct, ascending
  std::vector<std::string> nationalities;
  std::vector<std::string> addresses;  // OFAC add.csv rows, "address, city, country"
  std::string listed_on;               // UN LISTED_ON as written; OFAC: empty
  std::string program;                 // OFAC Program; UN: UN_LIST_TYPE
  // The one birth year every stated date of birth agrees on, if there is exactly one.
  std::optional<int> SingleBirthYear() const;
};

struct ReferenceList {
  std::string format;     // "un-xml" or "ofac"
  std::string generated;  // the list's own date (UN dateGenerated); OFAC: empty (none in files)
  std::vector<ListEntry> entries;
  size_t NameCount() const;
};

// Limits applied by every parser (docs/screening.md, "Safety").
inline constexpr size_t kMaxListFileBytes = 64u << 20;  // one source file
inline constexpr size_t kMaxListEntries = 1'000'000;
inline constexpr size_t kMaxNamesPerEntry = 1000;

// Collapses every run of Unicode-free ASCII whitespace (space, tab, CR, LF) to one space and
// trims both ends. Used on every name, because UN aliases carry line breaks inside them.
std::string CollapseSpace(std::string_view text);

// The names one alias field holds. The UN list sometimes writes several spellings, or a name
// with its original-script form, in one alias: "حاجى مالك نورزى (Hajji Malik Noorzai; Haji Malek
// Noorzai)". The text outside parentheses and each ';'-separated part inside them become separate
// names (whitespace collapsed, stray ',' and ';' trimmed); parts without a letter are dropped.
std::vector<std::string> SplitAliasText(std::string_view text);

}  // namespace jirga::screening

// Parser for OFAC's legacy SDN files: sdn.csv (the entries), alt.csv (their aliases) and
// add.csv (their addresses), as published at treasury.gov. The files have no header; each is
// recognised by its column count:
//   sdn.csv  12: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
//                Vess_flag, Vess_owner, Remarks
//   alt.csv   5: ent_num, alt_num, alt_type, alt_name, alt_remarks
//   add.csv   6: ent_num, add_num, address, city/state/zip, country, add_remarks
// "-0-" (with or without trailing spaces) means empty. Reading is strict CSV (csv_rows.h).
//
// Mapping: reference = id = ent_num; primary name = SDN_Name ("LAST, First" as OFAC writes it);
// type = SDN_Type ("individual", "vessel", "aircraft"; empty → "entity"); program = Program;
// birth years = four-digit years in the "DOB ..." parts of Remarks; alt_name → alias (low-alias
// when alt_type or alt_remarks says "weak"); add rows → addresses.
//
// Errors naming the file and line (InvalidArgument): anything csv_rows.h refuses, a file whose
// column count is not 12, 5 or 6, no sdn file or two files of one kind, an ent_num that is not a
// positive whole number or repeats in sdn.csv, an alt or add row for an ent_num sdn.csv lacks, an
// empty SDN_Name or alt_name; ResourceExhausted for a file over kMaxListFileBytes or a name over
// match::kMaxNameBytes.
//
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "screening/reference_list.h"

namespace jirga::screening {

struct SourceFile {
  std::string name;   // for messages (the path given)
  std::string bytes;  // the file's content
};

// Which OFAC file a source is ("sdn", "alt", "add"), by its first record's column count.
Result<std::string> OfacFileKind(const SourceFile& file);

Result<ReferenceList> ParseOfac(const std::vector<SourceFile>& files);

}  // namespace jirga::screening

// Parser for the UN Security Council consolidated sanctions list in its XML format
// (scsanctions.un.org, root CONSOLIDATED_LIST; also the per-regime subsets in the same schema).
//
// The XML is parsed with libxml2 configured for untrusted input (docs/screening.md, "Safety"):
// no DTD is accepted at all (a DOCTYPE stops the parse, so neither entity expansion — the
// "billion laughs" — nor external entities or external DTDs can happen), no network access, at
// most kMaxListFileBytes of input and kMaxXmlDepth levels of nesting, UTF-8 only, no recovery
// from malformed XML.
//
// Mapping (each INDIVIDUAL / ENTITY, directly under the root or inside INDIVIDUALS / ENTITIES):
//   id = DATAID, reference = REFERENCE_NUMBER (both required; references unique),
//   primary name = FIRST_NAME SECOND_NAME THIRD_NAME FOURTH_NAME (required),
//   NAME_ORIGINAL_SCRIPT → original-script name, *_ALIAS/ALIAS_NAME → aliases (split by
//   SplitAliasText; QUALITY "Low" → low-alias), *_DATE_OF_BIRTH YEAR / DATE / FROM_YEAR /
//   TO_YEAR → birth years, NATIONALITY/VALUE, LISTED_ON, UN_LIST_TYPE → program; the root's
//   dateGenerated → generated. Other elements inside an entry are ignored.
//
// Errors, all naming the problem (and the entry's reference or the line): InvalidArgument for
// malformed XML, a DOCTYPE, a root other than CONSOLIDATED_LIST, an unexpected element under the
// root, an entry without DATAID / REFERENCE_NUMBER / name, a repeated reference, no entries;
// ResourceExhausted for input over kMaxListFileBytes, nesting deeper than kMaxXmlDepth, a name
// longer than match::kMaxNameBytes, more than kMaxListEntries entries.
//
// Thread-safe (libxml2 is initialised once; each call has its own parser context).
#pragma once

#include <string_view>

#include "base/status.h"
#include "screening/reference_list.h"

namespace jirga::screening {

inline constexpr int kMaxXmlDepth = 16;  // the UN schema nests 4 deep

Result<ReferenceList> ParseUnXml(std::string_view bytes);

}  // namespace jirga::screening

// The `session` record kind: a Track 2 dialogue session held under the Chatham House rule
// (docs/record-kinds.md §8). Participants are countries and institutions; points are text only.
// The schema has no place for a speaker — a point is an object whose only field is "text", so
// any attribution ("speaker", "by", "said_by", ...) is an unknown field and refused — and the
// output of sessions (SessionJson) keeps participants and points in separate lists.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "compliance/date.h"

namespace jirga::dialogue {

struct Recommendation {
  std::string text;
  std::vector<std::string> follow_ups;
};

struct Session {
  compliance::Date date;
  std::string title;
  std::string organiser;
  std::vector<std::string> partners;      // co-organising institutions
  std::vector<std::string> countries;     // participating countries
  std::vector<std::string> institutions;  // participating institutions
  std::vector<std::string> points;        // unattributed
  std::vector<Recommendation> recommendations;
};

// The body schema. InvalidArgument naming the field.
Result<Session> ParseSessionBody(const Json& body);

// {"index","date","title","organiser","partners","participants":{"countries","institutions"},
//  "points":[text...],"recommendations":[{"text","follow_ups"}]}: what `jirga dialogue
// sessions` prints; points are bare strings.
Json SessionJson(const Session& s, uint64_t index);

}  // namespace jirga::dialogue

// The `session` body schema (Chatham House rule: no attribution) and its JSON output.
#include "dialogue/session.h"

#include "compliance/fields.h"

namespace jirga::dialogue {

using compliance::Fields;

Result<Session> ParseSessionBody(const Json& body) {
  Fields f(body, "body");
  RETURN_IF_ERROR(f.IsObject());
  RETURN_IF_ERROR(f.Only({"date", "title", "organiser", "partners", "participants", "points",
                          "recommendations"}));
  Session s;
  ASSIGN_OR_RETURN(auto date, f.Day("date", true));
  s.date = *date;
  RETURN_IF_ERROR(f.String("title", true, 1, 500, &s.title));
  RETURN_IF_ERROR(f.String("organiser", true, 1, 300, &s.organiser));
  ASSIGN_OR_RETURN(s.partners, f.Strings("partners", false, 0, 50, 1, 300, true));
  if (!body.contains("participants")) return InvalidArgument("body.participants is required");
  Fields p(body["participants"], "body.participants");
  RETURN_IF_ERROR(p.IsObject());
  RETURN_IF_ERROR(p.Only({"countries", "institutions"},
                         " (participants are countries and institutions, never persons)"));
  ASSIGN_OR_RETURN(s.countries, p.Strings("countries", false, 0, 200, 1, 100, true));
  ASSIGN_OR_RETURN(s.institutions, p.Strings("institutions", false, 0, 500, 1, 300, true));
  ASSIGN_OR_RETURN(const Json* points, f.Array("points", true, 1, 500));
  for (size_t i = 0; i < points->size(); ++i) {
    Fields pt((*points)[i], "body.points[" + std::to_string(i) + "]");
    RETURN_IF_ERROR(pt.IsObject());
    RETURN_IF_ERROR(pt.Only({"text"}, " (points are unattributed under the Chatham House rule: "
                                      "only \"text\")"));
    std::string text;
    RETURN_IF_ERROR(pt.String("text", true, 1, 5000, &text));
    s.points.push_back(std::move(text));
  }
  ASSIGN_OR_RETURN(const Json* recs, f.Array("recommendations", false, 0, 200));
  if (recs != nullptr) {
    for (size_t i = 0; i < recs->size(); ++i) {
      Fields r((*recs)[i], "body.recommendations[" + std::to_string(i) + "]");
      RETURN_IF_ERROR(r.IsObject());
      RETURN_IF_ERROR(r.Only({"text", "follow_ups"},
                             " (recommendations are unattributed: only \"text\" and "
                             "\"follow_ups\")"));
      Recommendation rec;
      RETURN_IF_ERROR(r.String("text", true, 1, 5000, &rec.text));
      ASSIGN_OR_RETURN(rec.follow_ups, r.Strings("follow_ups", false, 0, 50, 1, 5000, false));
      s.recommendations.push_back(std::move(rec));
    }
  }
  return s;
}

Json SessionJson(const Session& s, uint64_t index) {
  Json recs = Json::array();
  for (const auto& r : s.recommendations) {
    recs.push_back({{"text", r.text}, {"follow_ups", r.follow_ups}});
  }
  return Json{{"index", index},
              {"date", compliance::FormatDate(s.date)},
              {"title", s.title},
              {"organiser", s.organiser},
              {"partners", s.partners},
              {"participants", {{"countries", s.countries}, {"institutions", s.institutions}}},
              {"points", s.points},
              {"recommendations", recs}};
}

}  // namespace jirga::dialogue

// Body schemas and parsers of the exchange kinds: prisoner, verification, release, observation.
#include "exchange/exchange_kinds.h"

#include <set>

#include "base/clock.h"
#include "exchange/field_checks.h"
#include "ledger/record.h"

namespace jirga {
namespace {

constexpr size_t kMaxName = 300;
constexpr size_t kMaxNotes = 10000;
constexpr size_t kMaxReleased = 5000;  // the largest list of the 2020 exchange

Result<ListEntryRef> ParseEntryRef(const Json& v, const std::string& field) {
  if (!v.is_object()) return InvalidArgument(field + " must be an object");
  FieldChecker c(v, field);
  RETURN_IF_ERROR(c.OnlyFields({"list", "entry"}));
  ListEntryRef ref;
  ASSIGN_OR_RETURN(ref.list, c.Identifier("list"));
  ASSIGN_OR_RETURN(ref.entry, c.EntryId("entry"));
  return ref;
}

}  // namespace

std::string_view ObservationTypeName(ObservationType t) {
  switch (t) {
    case ObservationType::kCheckIn:
      return "check-in";
    case ObservationType::kReintegrationEnrolment:
      return "reintegration-enrolment";
    case ObservationType::kReArrest:
      return "re-arrest";
    case ObservationType::kAllegedReturnToFighting:
      return "alleged-return-to-fighting";
  }
  return "unknown";
}

Result<Prisoner> ParsePrisoner(const Json& body) {
  FieldChecker c(body, "body");
  RETURN_IF_ERROR(c.IsObject());
  RETURN_IF_ERROR(c.OnlyFields(
      {"list", "entry", "listing_party", "name", "name_ar", "aliases", "father_name",
       "father_name_ar", "grandfather_name", "grandfather_name_ar", "tribe", "province",
       "birth_year", "detaining_party", "facility", "category", "groups", "synthetic", "notes"}));
  Prisoner p;
  ASSIGN_OR_RETURN(p.list, c.Identifier("list"));
  ASSIGN_OR_RETURN(p.entry, c.EntryId("entry"));
  ASSIGN_OR_RETURN(p.listing_party, c.Identifier("listing_party"));
  ASSIGN_OR_RETURN(p.name, c.OptionalName("name", Script::kLatin, kMaxName));
  ASSIGN_OR_RETURN(p.name_ar, c.OptionalName("name_ar", Script::kArabic, kMaxName));
  if (!p.name && !p.name_ar) {
    return InvalidArgument(
        "body.name or body.name_ar is required (the name in Latin or Arabic "
        "script)");
  }
  ASSIGN_OR_RETURN(p.aliases, c.NameArray("aliases", 32, kMaxName));
  ASSIGN_OR_RETURN(p.father_name, c.OptionalName("father_name", Script::kLatin, kMaxName));
  ASSIGN_OR_RETURN(p.father_name_ar, c.OptionalName("father_name_ar", Script::kArabic, kMaxName));
  ASSIGN_OR_RETURN(p.grandfather_name,
                   c.OptionalName("grandfather_name", Script::kLatin, kMaxName));
  ASSIGN_OR_RETURN(p.grandfather_name_ar,
                   c.OptionalName("grandfather_name_ar", Script::kArabic, kMaxName));
  ASSIGN_OR_RETURN(p.tribe, c.OptionalText("tribe", 200));
  ASSIGN_OR_RETURN(p.province, c.OptionalProvince("province"));
  ASSIGN_OR_RETURN(p.birth_year, c.OptionalYearRange("birth_year", 1900, 2100));
  ASSIGN_OR_RETURN(p.detaining_party, c.OptionalIdentifier("detaining_party"));
  ASSIGN_OR_RETURN(p.facility, c.OptionalText("facility", 200));
  ASSIGN_OR_RETURN(p.category, c.OptionalText("category", 100));
  ASSIGN_OR_RETURN(p.groups, c.TextArray("groups", 32, 200));
  ASSIGN_OR_RETURN(std::optional<bool> synthetic, c.OptionalBool("synthetic"));
  if (synthetic == false) {
    return InvalidArgument("body.synthetic may only be true (omit it for real entries)");
  }
  p.synthetic = synthetic.value_or(false);
  ASSIGN_OR_RETURN(p.notes, c.OptionalText("notes", kMaxNotes, /*multiline=*/true));
  return p;
}

Result<Verification> ParseVerification(const Json& body) {
  FieldChecker c(body, "body");
  RETURN_IF_ERROR(c.IsObject());
  RETURN_IF_ERROR(c.OnlyFields({"prisoner", "identity_confirmed", "interview_held", "willing",
                                "pledge_signed", "match", "date", "notes"}));
  Verification v;
  ASSIGN_OR_RETURN(v.prisoner, c.Index("prisoner"));
  ASSIGN_OR_RETURN(v.identity_confirmed, c.OptionalBool("identity_confirmed"));
  ASSIGN_OR_RETURN(v.interview_held, c.OptionalBool("interview_held"));
  ASSIGN_OR_RETURN(v.willing, c.OptionalBool("willing"));
  ASSIGN_OR_RETURN(v.pledge_signed, c.OptionalBool("pledge_signed"));
  if (body.contains("match")) {
    const Json& m = body["match"];
    if (!m.is_object()) {
      return InvalidArgument("body.match must be an object, not " + std::string(JsonTypeName(m)));
    }
    FieldChecker mc(m, "body.match");
    RETURN_IF_ERROR(mc.OnlyFields({"prisoner", "same_person"}));
    EntryMatch match;
    ASSIGN_OR_RETURN(match.prisoner, mc.Index("prisoner"));
    ASSIGN_OR_RETURN(std::optional<bool> same, mc.OptionalBool("same_person"));
    if (!same) return InvalidArgument("body.match.same_person is required");
    match.same_person = *same;
    if (match.prisoner == v.prisoner) {
      return InvalidArgument("body.match.prisoner must be another entry than body.prisoner");
    }
    v.match = match;
  }
  if (!v.identity_confirmed && !v.interview_held && !v.willing && !v.pledge_signed && !v.match) {
    return InvalidArgument(
        "a verification must state at least one of body.identity_confirmed, "
        "body.interview_held, body.willing, body.pledge_signed, body.match");
  }
  ASSIGN_OR_RETURN(v.date, c.OptionalDate("date"));
  ASSIGN_OR_RETURN(v.notes, c.OptionalText("notes", kMaxNotes, /*multiline=*/true));
  return v;
}

Result<Release> ParseRelease(const Json& body) {
  FieldChecker c(body, "body");
  RETURN_IF_ERROR(c.IsObject());
  RETURN_IF_ERROR(c.OnlyFields({"prisoners", "entries", "date", "place", "province", "batch",
                                "handed_to", "witnessed_by", "notes"}));
  Release r;
  ASSIGN_OR_RETURN(r.prisoners, c.IndexArray("prisoners", kMaxReleased));
  if (body.contains("entries")) {
    const Json& e = body["entries"];
    if (!e.is_array()) {
      return InvalidArgument("body.entries must be an array, not " + std::string(JsonTypeName(e)));
    }
    if (e.size() > kMaxReleased) {
      return InvalidArgument("body.entries must have at most " + std::to_string(kMaxReleased) +
                             " items");
    }
    std::set<std::pair<std::string, std::string>> seen;
    for (size_t i = 0; i < e.size(); ++i) {
      ASSIGN_OR_RETURN(ListEntryRef ref,
                       ParseEntryRef(e[i], "body.entries[" + std::to_string(i) + "]"));
      if (!seen.emplace(ref.list, ref.entry).second) {
        return InvalidArgument("body.entries lists " + ref.list + "/" + ref.entry + " twice");
      }
      r.entries.push_back(std::move(ref));
    }
  }
  if (r.prisoners.empty() && r.entries.empty()) {
    return InvalidArgument("a release must name who: body.prisoners or body.entries, non-empty");
  }
  ASSIGN_OR_RETURN(std::optional<std::string> date, c.OptionalDate("date"));
  if (!date) return InvalidArgument("body.date is required");
  r.date = *date;
  ASSIGN_OR_RETURN(std::optional<std::string> place, c.OptionalText("place", 200));
  if (!place) return InvalidArgument("body.place is required");
  r.place = *place;
  ASSIGN_OR_RETURN(r.province, c.OptionalProvince("province"));
  ASSIGN_OR_RETURN(r.batch, c.OptionalText("batch", 64));
  ASSIGN_OR_RETURN(r.handed_to, c.OptionalText("handed_to", 200));
  ASSIGN_OR_RETURN(r.witnessed_by, c.IdentifierArray("witnessed_by", 32));
  ASSIGN_OR_RETURN(r.notes, c.OptionalText("notes", kMaxNotes, /*multiline=*/true));
  return r;
}

Result<Observation> ParseObservation(const Json& body) {
  FieldChecker c(body, "body");
  RETURN_IF_ERROR(c.IsObject());
  RETURN_IF_ERROR(c.OnlyFields({"prisoner", "type", "date", "incident", "province", "notes"}));
  Observation o;
  ASSIGN_OR_RETURN(o.prisoner, c.Index("prisoner"));
  static constexpr ObservationType kTypes[] = {
      ObservationType::kCheckIn, ObservationType::kReintegrationEnrolment,
      ObservationType::kReArrest, ObservationType::kAllegedReturnToFighting};
  ASSIGN_OR_RETURN(std::optional<std::string> type, c.OptionalText("type", 64));
  if (!type) return InvalidArgument("body.type is required");
  bool known = false;
  for (ObservationType t : kTypes) {
    if (ObservationTypeName(t) == *type) o.type = t, known = true;
  }
  if (!known) {
    return InvalidArgument(
        "body.type must be one of check-in, reintegration-enrolment, "
        "re-arrest, alleged-return-to-fighting");
  }
  ASSIGN_OR_RETURN(std::optional<std::string> date, c.OptionalDate("date"));
  if (!date) return InvalidArgument("body.date is required");
  o.date = *date;
  if (body.contains("incident")) {
    ASSIGN_OR_RETURN(o.incident, c.Index("incident"));
  }
  ASSIGN_OR_RETURN(o.province, c.OptionalProvince("province"));
  ASSIGN_OR_RETURN(o.notes, c.OptionalText("notes", kMaxNotes, /*multiline=*/true));
  return o;
}

std::vector<std::string> PrisonerReaders(const Json& body) {
  auto p = ParsePrisoner(body);
  if (!p.ok()) return {};
  std::vector<std::string> out{p->listing_party};
  if (p->detaining_party) out.push_back(*p->detaining_party);
  return out;
}

void RegisterExchangeKinds(KindRegistry& registry) {
  auto check = [](auto parse) {
    return [parse](const Json& body) { return parse(body).status(); };
  };
  Status st = registry.Register(KindSpec{
      .name = "prisoner",
      .summary = "an entry of a prisoner list: names in Latin and Arabic script, father, tribe, "
                 "province, birth year, detaining party and facility, category",
      .default_roles = {Role::kBelligerent},
      .visibility = Visibility::kPersonal,
      .view = "exchange",
      .validate_body = check(ParsePrisoner),
      .extra_readers = PrisonerReaders,
  });
  st = registry.Register(KindSpec{
      .name = "verification",
      .summary = "a verifier's attestation about a list entry: identity, private interview, "
                 "willingness, pledge; or two entries resolved as the same or different persons",
      .default_roles = {Role::kVerifier},
      .visibility = Visibility::kPersonal,
      .view = "exchange",
      .validate_body = check(ParseVerification),
  });
  st = registry.Register(KindSpec{
      .name = "release",
      .summary = "a release of prisoners: who, when, where, batch, handed to whom, witnessed by",
      .default_roles = {Role::kBelligerent},
      .visibility = Visibility::kPersonal,
      .view = "exchange",
      .validate_body = check(ParseRelease),
      .extra_readers =
          [](const Json& body) {
            auto r = ParseRelease(body);
            return r.ok() ? r->witnessed_by : std::vector<std::string>();
          },
  });
  st = registry.Register(KindSpec{
      .name = "observation",
      .summary = "after a release: check-in, reintegration enrolment, re-arrest, alleged return "
                 "to fighting (linked to an incident)",
      .default_roles = {Role::kBelligerent, Role::kGuarantor, Role::kMediator, Role::kVerifier,
                        Role::kObserver},
      .visibility = Visibility::kPersonal,
      .view = "exchange",
      .validate_body = check(ParseObservation),
  });
  (void)st;
}

}  // namespace jirga

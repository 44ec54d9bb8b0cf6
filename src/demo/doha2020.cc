// The Doha 2020 scenario: tables of what was agreed and what happened, turned into records.
#include "demo/doha2020.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <future>

#include "compliance/date.h"
#include "ledger/record.h"
#include "monitor/gazetteer.h"

namespace jirga::demo {
namespace {

using compliance::AddDays;
using compliance::Date;
using compliance::FormatDate;

constexpr const char* kSynthetic = "[synthetic] ";

Date Day(const char* s) { return *compliance::ParseDate(s); }

// "2020-03-05T06:00:00Z" plus `seconds`: many records of one day get distinct, ordered times.
std::string Stamp(Date day, int seconds = 0, int hour = 6) {
  int s = hour * 3600 + seconds;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", FormatDate(day).c_str(), (s / 3600) % 24,
                (s / 60) % 60, s % 60);
  return buf;
}

std::string Ref(const std::string& key) { return "@ref:" + key; }

class Scenario {
 public:
  std::vector<ScenarioRecord> Take() {
    std::stable_sort(out_.begin(), out_.end(),
                     [](const ScenarioRecord& a, const ScenarioRecord& b) { return a.time < b.time; });
    return std::move(out_);
  }
  void Add(std::string party, std::string kind, std::string time, Json body, std::string key = "") {
    out_.push_back({std::move(key), std::move(party), std::move(kind), std::move(time),
                    std::move(body)});
  }

 private:
  std::vector<ScenarioRecord> out_;
};

// ---- Public statements (paraphrased; ../shared/seeds/) ----------------------------------------

struct StatementRow {
  const char* party;
  const char* time;
  const char* key;
  const char* title;
  const char* text;
};

constexpr StatementRow kStatements[] = {
    {"us", "2020-02-29T11:00:00Z", "stmt-signature",
     "Agreement for Bringing Peace to Afghanistan signed in Doha",
     "The United States and the Islamic Emirate of Afghanistan signed the agreement in Doha. "
     "US forces are to be reduced to 8,600 within 135 days and withdrawn within 14 months."},
    {"iea", "2020-02-29T11:30:00Z", "",
     "Commitment to prisoner release and intra-Afghan talks",
     "Up to 5,000 prisoners of the Islamic Emirate and up to 1,000 prisoners of the other side "
     "are to be released by 10 March 2020, the first day of intra-Afghan negotiations."},
    {"pakistan", "2020-02-29T16:00:00Z", "", "Pakistan welcomes the agreement",
     "Pakistan welcomed the signing of the agreement in Doha, which its foreign minister "
     "attended, and said it would go on supporting an Afghan-led and Afghan-owned peace "
     "process."},
    {"irog", "2020-03-11T09:00:00Z", "stmt-decree", "Decree on a conditional prisoner release",
     "1,500 prisoners to be released within fifteen days upon written assurances, then 500 "
     "every two weeks provided the level of violence is reduced."},
    {"irog", "2020-08-09T16:00:00Z", "stmt-loya-jirga",
     "Loya Jirga approves the release of the last 400 prisoners",
     "The consultative Loya Jirga, convened on 7-9 August, approved the release of the 400 "
     "prisoners whose cases had stalled the exchange."},
    {"qatar", "2020-09-12T08:00:00Z", "stmt-ian", "Intra-Afghan negotiations open in Doha",
     "The opening ceremony of the intra-Afghan negotiations was held in Doha."},
    {"unama", "2020-10-27T10:00:00Z", "", "Civilian casualties remain high",
     "Levels of violence need to subside; civilian harm continued during the negotiations."},
};

void AddStatements(Scenario& s) {
  for (const auto& r : kStatements) {
    s.Add(r.party, "statement", r.time,
          {{"title", r.title}, {"text", r.text}, {"lang", "en"}}, r.key);
  }
}

// ---- The agreement's clauses and the decree ----------------------------------------------------

struct ClauseRow {
  std::string id;
  std::string obligor;
  std::string obligee;
  std::string metric;    // "" = met by a fulfilment claim
  std::string deadline;  // "" = none
  std::vector<std::string> depends_on;
  std::vector<std::string> conditions;
  std::string text;
};

const std::vector<ClauseRow>& Clauses() {
  static const std::vector<ClauseRow> rows = {
      {"doha.us-drawdown-8600", "us", "iea", "troops(\"us\") <= 8600",
       "135 days after event(\"signature\")", {}, {},
       "The United States will reduce the number of its forces in Afghanistan to 8,600 within "
       "135 days of the signing of the agreement (Part One, A)."},
      {"doha.us-withdrawal-full", "us", "iea", "troops(\"us\") <= 0",
       "14 months after event(\"signature\")", {}, {},
       "The United States, its allies and the Coalition will withdraw all their forces from "
       "Afghanistan within fourteen months of the announcement of the agreement (Part One, A)."},
      {"doha.prisoners-5000", "irog", "iea", "released(\"taliban-5000\") >= 5000", "2020-03-10",
       {}, {},
       "Up to five thousand prisoners of the Islamic Emirate will be released by 10 March 2020, "
       "the first day of intra-Afghan negotiations (Part One, C; the Government of the Islamic "
       "Republic of Afghanistan held them and carried the release out)."},
      {"doha.prisoners-1000", "iea", "irog", "released(\"gov-1000\") >= 1000", "2020-03-10", {},
       {},
       "Up to one thousand prisoners of the other side will be released by 10 March 2020 "
       "(Part One, C)."},
      {"doha.ian-start", "iea", "irog", "", "2020-03-10", {}, {},
       "Intra-Afghan negotiations will start on 10 March 2020 (Part One, B)."},
      {"doha.sanctions-un", "us", "iea", "", "2020-05-29", {"doha.ian-start"}, {},
       "With the start of intra-Afghan negotiations, the United States will start diplomatic "
       "engagement with the UN Security Council to remove members of the Islamic Emirate from "
       "the sanctions list, with the aim of achieving this by 29 May 2020 (Part One, D-E)."},
      {"doha.sanctions-us", "us", "iea", "", "2020-08-27", {"doha.ian-start"}, {},
       "With the start of intra-Afghan negotiations, the United States will review its sanctions "
       "and rewards list against members of the Islamic Emirate, with the goal of removing them "
       "by 27 August 2020 (Part One, D)."},
      {"doha.ct-no-threat-from-soil", "iea", "us", "", "", {}, {},
       "The Islamic Emirate will not allow any of its members, other individuals or groups, "
       "including al-Qa'ida, to use the soil of Afghanistan to threaten the security of the "
       "United States and its allies (Part Two, 1)."},
      {"doha.ct-no-hosting", "iea", "us", "", "", {}, {},
       "The Islamic Emirate will prevent any group or individual in Afghanistan from threatening "
       "the United States and its allies, and will prevent them from recruiting, training and "
       "fundraising, and will not host them (Part Two, 2-3)."},
      {"doha.ct-no-documents", "iea", "us", "", "", {}, {},
       "The Islamic Emirate will not provide visas, passports, travel permits or other legal "
       "documents to those who pose a threat to the security of the United States and its "
       "allies (Part Two, 5)."},
      {"doha.riv", "iea", "irog",
       "incidents(perpetrator=\"iea\", window=14d) <= 0.8 * baseline(\"pre-agreement\")", "", {},
       {},
       "[synthetic] Reduced violence, as the 11 March decree requires it for each further "
       "release: Taliban attacks over the last two weeks at most 80% of the two weeks before "
       "the reduction-in-violence week (the 80% threshold is ours; the decree names no number)."},
  };
  return rows;
}

// The 11 March 2020 decree: 1,500 within 15 days upon written assurances, then 500 every two
// weeks while violence is reduced.
std::vector<ClauseRow> DecreeClauses() {
  std::vector<ClauseRow> rows;
  rows.push_back({"decree.release-1500", "irog", "iea", "released(\"taliban-5000\") >= 1500",
                  "15 days after event(\"iea-written-assurances\")", {},
                  {"event(\"iea-written-assurances\")"},
                  "Decree of 11 March 2020: 1,500 prisoners of the Taliban list released within "
                  "15 days, once the Taliban have given written assurances that they will not "
                  "return to the battlefield."});
  std::string prev = "decree.release-1500";
  for (int n = 2000; n <= 5000; n += 500) {
    std::string id = "decree.release-" + std::to_string(n);
    rows.push_back({id, "irog", "iea", "released(\"taliban-5000\") >= " + std::to_string(n),
                    "14 days after met(\"" + prev + "\")", {prev}, {"met(\"doha.riv\")"},
                    "Decree of 11 March 2020: a further 500 (to " + std::to_string(n) +
                        " in all) two weeks after the previous 500, provided the level of "
                        "violence is reduced."});
    prev = id;
  }
  return rows;
}

Json ClauseBody(const ClauseRow& c) {
  Json b = {{"id", c.id}, {"text", c.text}, {"obligor", c.obligor}, {"obligee", c.obligee}};
  if (!c.metric.empty()) b["metric"] = c.metric;
  if (!c.deadline.empty()) b["deadline"] = c.deadline;
  if (!c.depends_on.empty()) b["depends_on"] = c.depends_on;
  if (!c.conditions.empty()) b["conditions"] = c.conditions;
  return b;
}

void AddClauses(Scenario& s) {
  // The signature, the yardstick for reduced violence, then the clauses in dependency order.
  s.Add("qatar", "fulfilment", "2020-02-29T12:00:00Z",
        {{"event", "signature"},
         {"claim", "The agreement was signed in Doha on 29 February 2020."},
         {"date", "2020-02-29"},
         {"evidence", {Ref("stmt-signature")}}});
  s.Add("qatar", "baseline", "2020-02-29T12:00:01Z",
        {{"name", "pre-agreement"},
         {"from", "2020-02-08"},
         {"to", "2020-02-21"},
         {"filter", {{"perpetrator_party", "iea"}}},
         {"description",
          "[synthetic] Taliban attacks in the two weeks before the reduction-in-violence week of "
          "22-28 February 2020 (the demo's illustrative incidents of those days)."}});
  int n = 2;
  for (const auto& c : Clauses()) {
    s.Add("qatar", "commitment", Stamp(Day("2020-02-29"), n++, 12), ClauseBody(c));
  }
  for (const auto& c : DecreeClauses()) {
    s.Add("qatar", "commitment", Stamp(Day("2020-03-11"), n++, 10), ClauseBody(c));
  }
}

// ---- Events and claims of fulfilment --------------------------------------------------------

void AddFulfilments(Scenario& s) {
  s.Add("iea", "fulfilment", "2020-04-01T10:00:00Z",
        {{"event", "iea-written-assurances"},
         {"claim", "[synthetic] Written assurances given through the technical team that "
                   "released prisoners will not return to the battlefield (the date is "
                   "illustrative: releases began on 8 April)."},
         {"date", "2020-04-01"}});
  s.Add("us", "fulfilment", "2020-07-14T15:00:00Z",
        {{"clause", "doha.us-drawdown-8600"},
         {"claim", "US force levels in Afghanistan reduced to 8,600, as announced in July 2020."},
         {"date", "2020-07-13"},
         {"evidence", {Ref("troops-8600")}}});
  s.Add("irog", "fulfilment", "2020-09-04T12:00:00Z",
        {{"clause", "doha.prisoners-5000"},
         {"claim", "The last of the 5,000 prisoners, among them the 400 the Loya Jirga approved, "
                   "were released in early September 2020."},
         {"date", "2020-09-03"},
         {"evidence", {Ref("release-taliban-last")}}});
  s.Add("qatar", "fulfilment", "2020-09-12T18:00:00Z",
        {{"event", "ian-start"},
         {"claim", "Intra-Afghan negotiations opened in Doha on 12 September 2020."},
         {"date", "2020-09-12"},
         {"evidence", {Ref("stmt-ian")}}});
  s.Add("qatar", "fulfilment", "2020-09-12T18:00:01Z",
        {{"clause", "doha.ian-start"},
         {"claim", "Intra-Afghan negotiations started in Doha on 12 September 2020, six months "
                   "after the agreed date."},
         {"date", "2020-09-12"},
         {"evidence", {Ref("stmt-ian")}}});
}

// ---- US troop levels (public record) ----------------------------------------------------------

struct TroopsRow {
  const char* recorded;
  const char* as_of;
  int strength;
  const char* key;
  const char* source;
};

constexpr TroopsRow kTroops[] = {
    {"2020-02-29T14:00:00Z", "2020-02-29", 13000, "troops-13000",
     "About 13,000 US troops in Afghanistan when the agreement was signed."},
    {"2020-07-14T14:00:00Z", "2020-07-13", 8600, "troops-8600",
     "US forces reduced to 8,600 in July 2020, within the 135 days."},
    {"2020-11-17T18:00:00Z", "2020-11-15", 4500, "troops-4500",
     "About 4,500 US troops in November 2020, when a further drawdown was announced."},
    {"2021-01-15T18:00:00Z", "2021-01-15", 2500, "troops-2500",
     "US forces at 2,500 on 15 January 2021."},
};

void AddTroops(Scenario& s) {
  for (const auto& t : kTroops) {
    s.Add("us", "troops", t.recorded,
          {{"force", "us"}, {"strength", t.strength}, {"as_of", t.as_of}, {"source", t.source}},
          t.key);
  }
}

// ---- Prisoner lists: synthetic names ------------------------------------------------------------

struct NamePart {
  const char* latin;
  const char* arabic;
};

constexpr NamePart kGiven[] = {
    {"Mohammad", "محمد"},         {"Abdul Rahman", "عبدالرحمن"}, {"Gul Agha", "ګل آغا"},
    {"Abdul Qadir", "عبدالقادر"}, {"Noor Ahmad", "نوراحمد"},     {"Habibullah", "حبیب الله"},
    {"Zabihullah", "ذبیح الله"},  {"Shir Ali", "شیرعلی"},        {"Abdul Wahid", "عبدالواحد"},
    {"Rahmatullah", "رحمت الله"}, {"Sayed Karim", "سید کریم"},   {"Juma Khan", "جمعه خان"},
    {"Amanullah", "امان الله"},   {"Fazal Haq", "فضل حق"},       {"Ghulam Sakhi", "غلام سخی"},
    {"Hayatullah", "حیات الله"},  {"Khan Mohammad", "خان محمد"}, {"Mirwais", "میرویس"},
    {"Najibullah", "نجیب الله"},  {"Obaidullah", "عبیدالله"},    {"Qudratullah", "قدرت الله"},
    {"Samiullah", "سمیع الله"},   {"Wali Mohammad", "ولی محمد"}, {"Yar Mohammad", "یار محمد"},
};

constexpr NamePart kTribes[] = {
    {"Ahmadzai", "احمدزی"}, {"Noorzai", "نورزی"},   {"Achakzai", "اڅکزی"}, {"Barakzai", "بارکزی"},
    {"Popalzai", "پوپلزی"}, {"Alizai", "علیزی"},    {"Kakar", "کاکړ"},     {"Safi", "صافی"},
    {"Shinwari", "شینواری"}, {"Mohmand", "مومند"},  {"Zadran", "ځدراڼ"},   {"Hotak", "هوتک"},
    {"Tokhi", "توخی"},      {"Wardak", "وردګ"},     {"Mangal", "منګل"},    {"Sahak", "ساهک"},
};

// Spelling variants that real lists mix: the alias of a name.
constexpr std::pair<const char*, const char*> kVariants[] = {
    {"Mohammad", "Muhammad"}, {"ullah", "ulla"}, {"Abdul ", "Abdel "}, {"Noor", "Nur"},
    {"Sayed", "Sayyid"},      {"Shir", "Sher"},  {"Juma", "Jumma"},    {"Gul", "Gol"},
};

std::string Variant(const std::string& name) {
  for (auto [from, to] : kVariants) {
    size_t at = name.find(from);
    if (at != std::string::npos) return name.substr(0, at) + to + name.substr(at + strlen(from));
  }
  return "";
}

// A deterministic mix (a small LCG) so neighbouring entries differ.
uint32_t Mix(uint32_t x) { return x * 2654435761u + 0x9e3779b9u; }

Json PrisonerBody(const std::string& list, int i, bool taliban_list) {
  uint32_t h = Mix(static_cast<uint32_t>(i) + (taliban_list ? 0 : 100000));
  const NamePart& given = kGiven[h % std::size(kGiven)];
  const NamePart& tribe = kTribes[(h >> 8) % std::size(kTribes)];
  const NamePart& father = kGiven[(h >> 16) % std::size(kGiven)];
  const auto& provinces = Provinces();
  char entry[16];
  std::snprintf(entry, sizeof entry, "%c-%04d", taliban_list ? 'T' : 'G', i);
  std::string name = std::string(given.latin) + " " + tribe.latin;
  Json b = {{"list", list},
            {"entry", entry},
            {"listing_party", taliban_list ? "iea" : "irog"},
            {"name", name},
            {"name_ar", std::string(given.arabic) + " " + tribe.arabic},
            {"father_name", father.latin},
            {"father_name_ar", father.arabic},
            {"tribe", tribe.latin},
            {"province", std::string(provinces[(h >> 4) % provinces.size()].iso)},
            {"detaining_party", taliban_list ? "irog" : "iea"},
            {"synthetic", true}};
  int year = 1960 + static_cast<int>((h >> 12) % 40);
  if (h % 3 == 0) {
    b["birth_year"] = {{"from", year - 2}, {"to", year + 2}};
  } else {
    b["birth_year"] = year;
  }
  std::string alias = Variant(name);
  if (!alias.empty()) b["aliases"] = {alias};
  if (taliban_list) {
    static const char* kFacilities[] = {"Bagram", "Pul-e-Charkhi", "Kandahar prison",
                                        "Herat prison"};
    b["facility"] = kFacilities[(h >> 20) % 4];
    // The last 400 (released after the Loya Jirga of August 2020) are the end of the list; the
    // first 15 of them stand for the senior commanders whose release was contested longest.
    if (i > kTalibanListSize - 400) {
      Json groups = {"the last 400 (Loya Jirga, August 2020)"};
      if (i <= kTalibanListSize - 400 + 15) {
        b["category"] = "senior commander";
        groups.push_back("the 15 commanders");
      }
      b["groups"] = groups;
    }
  } else {
    b["category"] = (h % 5 == 0) ? "civilian government employee" : "security forces";
  }
  return b;
}

void AddPrisonerLists(Scenario& s) {
  for (int i = 1; i <= kTalibanListSize; ++i) {
    s.Add("iea", "prisoner", Stamp(Day("2020-03-05"), i), PrisonerBody("taliban-5000", i, true),
          "T-" + std::to_string(i));
  }
  for (int i = 1; i <= kGovListSize; ++i) {
    s.Add("irog", "prisoner", Stamp(Day("2020-03-06"), i), PrisonerBody("gov-1000", i, false),
          "G-" + std::to_string(i));
  }
}

// ---- Releases, batch by batch ----------------------------------------------------------------

struct BatchRow {
  const char* date;
  int count;
};

// The government's releases of the Taliban list: 100 on 8 April, 900 over Eid al-Fitr, 4,600 by
// the end of July, then the last 400 after the Loya Jirga. Batch sizes between those public
// figures are ours.
constexpr BatchRow kTalibanBatches[] = {
    {"2020-04-08", 100}, {"2020-04-11", 100}, {"2020-04-16", 100}, {"2020-04-23", 150},
    {"2020-04-30", 250}, {"2020-05-07", 300}, {"2020-05-14", 250}, {"2020-05-21", 250},
    {"2020-05-26", 900}, {"2020-06-09", 500}, {"2020-06-23", 400}, {"2020-07-07", 400},
    {"2020-07-21", 400}, {"2020-07-31", 500}, {"2020-08-14", 80},  {"2020-09-03", 320},
};

// The Taliban's releases of the government list, complete in the summer.
constexpr BatchRow kGovBatches[] = {
    {"2020-04-12", 20},  {"2020-04-28", 92},  {"2020-05-12", 100}, {"2020-05-26", 100},
    {"2020-06-10", 150}, {"2020-06-25", 200}, {"2020-07-10", 200}, {"2020-07-22", 138},
};

void AddReleases(Scenario& s) {
  int next = 1;
  size_t b = 0;
  for (const auto& batch : kTalibanBatches) {
    ++b;
    const bool last = b == std::size(kTalibanBatches);
    const bool after_jirga = std::string(batch.date) > "2020-08-09";
    Json prisoners = Json::array();
    for (int k = 0; k < batch.count; ++k) prisoners.push_back(Ref("T-" + std::to_string(next + k)));
    Date day = Day(batch.date);
    s.Add("irog", "release", Stamp(day, 0, 17),
          {{"prisoners", prisoners},
           {"date", batch.date},
           {"place", "Bagram prison"},
           {"province", "AF-PAR"},
           {"batch", batch.date},
           {"handed_to", "ICRC"},
           {"witnessed_by", {"icrc"}},
           {"notes", std::string(kSynthetic) +
                         (after_jirga ? "one of the batches of the last 400, approved by the "
                                        "Loya Jirga of 7-9 August 2020"
                                      : "batch size illustrative, between public totals")}},
          last ? "release-taliban-last" : "");
    // The ICRC interviews every tenth person of a batch, and everyone of the last 400.
    for (int k = 0; k < batch.count; ++k) {
      int i = next + k;
      if (!after_jirga && i % 10 != 0) continue;
      s.Add("icrc", "verification", Stamp(day, k, 12),
            {{"prisoner", Ref("T-" + std::to_string(i))},
             {"identity_confirmed", true},
             {"interview_held", true},
             {"willing", true},
             {"date", batch.date},
             {"notes", "[synthetic] interview before release"}});
    }
    next += batch.count;
  }
  next = 1;
  for (const auto& batch : kGovBatches) {
    // By list reference: the Taliban report whom they freed by entry id.
    Json entries = Json::array();
    for (int k = 0; k < batch.count; ++k) {
      char entry[16];
      std::snprintf(entry, sizeof entry, "G-%04d", next + k);
      entries.push_back({{"list", "gov-1000"}, {"entry", entry}});
    }
    s.Add("iea", "release", Stamp(Day(batch.date), 0, 16),
          {{"entries", entries},
           {"date", batch.date},
           {"place", "Kandahar"},
           {"province", "AF-KAN"},
           {"batch", batch.date},
           {"handed_to", "ICRC"},
           {"witnessed_by", {"icrc"}},
           {"notes", "[synthetic] batch size illustrative, between public totals"}});
    next += batch.count;
  }
}

// ---- Ceasefires (public record) -------------------------------------------------------------

void AddCeasefires(Scenario& s) {
  s.Add("iea", "ceasefire", "2020-05-23T18:00:00Z",
        {{"id", "eid-al-fitr-2020"},
         {"parties", {"iea", "irog"}},
         {"scope", "nationwide"},
         {"start", "2020-05-24"},
         {"end", "2020-05-26"},
         {"mode", "mutual"},
         {"text", "Three-day ceasefire for Eid al-Fitr announced by the Taliban and accepted by "
                  "the government."}});
  s.Add("iea", "ceasefire", "2020-07-30T18:00:00Z",
        {{"id", "eid-al-adha-2020"},
         {"parties", {"iea", "irog"}},
         {"scope", "nationwide"},
         {"start", "2020-07-31"},
         {"end", "2020-08-02"},
         {"mode", "mutual"},
         {"text", "Three-day ceasefire for Eid al-Adha, 31 July to 2 August 2020."}});
}

// ---- Incidents ------------------------------------------------------------------------------

Json IncidentBody(Date day, const std::string& province, Json perpetrator,
                  const std::string& type, const std::string& subtype, Json fatalities,
                  const std::string& notes, bool synthetic) {
  const auto* p = FindProvinceByCode(province);
  Json place = {{"country", "AF"}, {"admin1", province}, {"precision", 4}};
  if (p != nullptr) place["pcode"] = std::string(p->pcode);
  Json b = {{"date", {{"start", FormatDate(day)}, {"precision", "day"}}},
            {"place", place},
            {"event", {{"type", type}, {"subtype", subtype}}},
            {"actors", {{"perpetrator", perpetrator}}},
            {"fatalities", fatalities},
            {"notes", (synthetic ? std::string(kSynthetic) : std::string()) + notes}};
  if (synthetic) b["sources"] = {{{"name", "jirga demo"}, {"scale", "synthetic"}}};
  return b;
}

Json Taliban() { return {{"name", "Taliban"}, {"party", "iea"}, {"type", "rebel-group"}}; }

// Taliban attacks a day, by period: the shape of 2020 as the documents tell it (high after the
// signature, a respite after Eid al-Fitr, a resurgence in June-July, the Eid ceasefires).
struct RateRow {
  const char* from;
  const char* to;
  int per_day;
};

constexpr RateRow kRates[] = {
    {"2020-02-08", "2020-02-21", 4},  // the baseline fortnight
    {"2020-02-22", "2020-02-28", 0},  // the reduction-in-violence week
    {"2020-03-05", "2020-03-31", 5},  {"2020-04-01", "2020-05-23", 3},
    {"2020-05-24", "2020-05-26", 0},  // Eid al-Fitr ceasefire
    {"2020-05-27", "2020-06-20", 2},  {"2020-06-21", "2020-07-30", 5},
    {"2020-07-31", "2020-08-02", 0},  // Eid al-Adha ceasefire
    {"2020-08-03", "2020-09-11", 3},  {"2020-09-12", "2020-12-31", 4},
};

// Provinces in the order generated attacks go round them.
const std::vector<std::string>& ProvinceCycle() {
  static const std::vector<std::string> c = {
      "AF-HEL", "AF-KAN", "AF-KDZ", "AF-BAL", "AF-FYB", "AF-GHA", "AF-ZAB", "AF-URU", "AF-FRA",
      "AF-BDG", "AF-HER", "AF-JOW", "AF-SAR", "AF-TAK", "AF-BGL", "AF-LAG", "AF-LOG", "AF-WAR",
      "AF-NAN", "AF-KNR", "AF-PIA", "AF-KAP", "AF-PAR", "AF-SAM"};  // 24 provinces
  return c;
}

void AddIncidents(Scenario& s) {
  const auto& cycle = ProvinceCycle();
  int seq = 0;
  auto attack = [&](Date day, const std::string& province, const std::string& notes,
                    std::string key = "") {
    uint32_t h = Mix(static_cast<uint32_t>(seq));
    const uint32_t best = h % 4;
    Json fat = {{"party_b", {{"low", best / 2}, {"best", best}, {"high", best + 2}}}};
    s.Add("irog", "incident", Stamp(AddDays(day, 1), seq % 3000, 8),
          IncidentBody(day, province, Taliban(), "Battles", "Armed clash", fat, notes, true),
          std::move(key));
    ++seq;
  };
  for (const auto& r : kRates) {
    for (Date d = Day(r.from); d <= Day(r.to); d = AddDays(d, 1)) {
      for (int k = 0; k < r.per_day; ++k) {
        attack(d, cycle[static_cast<size_t>(seq) % cycle.size()],
               "attack on a checkpoint, reported by the government");
      }
    }
  }
  // 76 attacks in 24 of 34 provinces in the four days after the signature; 42 of them in
  // Helmand on 3 March.
  for (int k = 0; k < 42; ++k) {
    attack(Day("2020-03-03"), "AF-HEL", "one of 42 attacks in Helmand on 3 March 2020",
           k == 0 ? "helmand-0303" : "");
  }
  const char* days[] = {"2020-03-01", "2020-03-02", "2020-03-03", "2020-03-04"};
  for (int k = 0; k < 34; ++k) {
    // The other 23 provinces (Helmand is cycle[0]), one or two attacks each.
    attack(Day(days[k % 4]), cycle[1 + static_cast<size_t>(k) % 23],
           "one of 76 attacks in 24 provinces in the four days after the signature");
  }
  // Real events of the public record, written by us.
  s.Add("us", "incident", "2020-03-04T20:00:00Z",
        IncidentBody(Day("2020-03-04"), "AF-HEL",
                     {{"name", "US Forces-Afghanistan"}, {"party", "us"}, {"type", "external"}},
                     "Explosions/Remote violence", "Air/drone strike",
                     {{"party_b", {{"low", 0}, {"best", 0}, {"high", 5}}}},
                     "A defensive air strike on Taliban fighters attacking a checkpoint of the "
                     "Afghan forces in Nahr-e Saraj, announced by the US forces' spokesman.",
                     false));
  s.Add("irog", "incident", "2020-03-06T18:00:00Z",
        IncidentBody(Day("2020-03-06"), "AF-KAB",
                     {{"name", "Islamic State Khorasan Province"}, {"type", "rebel-group"}},
                     "Violence against civilians", "Attack",
                     {{"civilians", {{"low", 32}, {"best", 32}, {"high", 32}}}},
                     "Gunmen attacked a memorial ceremony in western Kabul, killing 32 people; "
                     "the Islamic State claimed the attack and the Taliban denied any part in it.",
                     false),
        "kabul-0306");
  s.Add("unama", "response", "2020-03-07T10:00:00Z",
        {{"to", Ref("kabul-0306")},
         {"action", "corroborate"},
         {"reason", "UNAMA condemned the attack on the ceremony in Kabul on 6 March."}});
  // A denied attack and a counter-claim.
  s.Add("iea", "response", "2020-03-04T16:00:00Z",
        {{"to", Ref("helmand-0303")},
         {"action", "contest"},
         {"aspects", {"attribution"}},
         {"reason", "[synthetic] The Islamic Emirate denies carrying out this attack."}});
  s.Add("iea", "incident", "2020-03-04T17:00:00Z",
        IncidentBody(Day("2020-03-03"), "AF-HEL",
                     {{"name", "Afghan National Defense and Security Forces"},
                      {"party", "irog"},
                      {"type", "state-forces"}},
                     "Battles", "Armed clash",
                     {{"party_a", {{"low", 1}, {"best", 2}, {"high", 3}}}},
                     "counter-claim: government forces attacked first in Helmand on 3 March",
                     true),
        "counter-0303");
  s.Add("irog", "response", "2020-03-05T09:00:00Z",
        {{"to", Ref("counter-0303")},
         {"action", "contest"},
         {"aspects", {"facts"}},
         {"reason", "[synthetic] Government forces were defending their checkpoints."}});
}

// ---- Track 2 sessions of the Heart of Asia Society (summaries in our words) ------------------

struct SessionRow {
  const char* date;
  const char* title;
  std::vector<const char*> partners;
  std::vector<const char*> countries;
  std::vector<const char*> institutions;
  std::vector<const char*> points;
  std::vector<const char*> recommendations;
};

const std::vector<SessionRow>& Sessions() {
  static const std::vector<SessionRow> rows = {
      {"2020-06-08",
       "Building a Peaceful Afghanistan, session 2: a political agreement in Kabul opens the way "
       "to intra-Afghan negotiations",
       {"Konrad Adenauer Stiftung", "Center on International Cooperation, New York University"},
       {"Afghanistan", "China", "Russia", "Germany", "Kyrgyzstan", "India", "Norway", "Pakistan",
        "Qatar", "United Kingdom", "United States"},
       {"High Council for National Reconciliation"},
       {"Afghans broadly agree on seeking peace even where they differ on other questions.",
        "The details of the negotiations have been discussed with the Taliban; Qatar is a likely "
        "venue, and any facilitator must be accepted by both sides.",
        "Getting to the table matters more than settling the hardest questions first; those can "
        "wait until the parties can talk freely.",
        "The end state should be a pluralist country free of terrorism and narcotics.",
        "Sharing power is not a lasting answer without a road map to a full peace.",
        "Regional formats help, but the neighbours with most influence also need to engage "
        "directly.",
        "Reduced European aid after Covid-19 is likely to come with conditions on rights and "
        "accountability."},
       {"Countries with influence on the Taliban should use it in support of the negotiations.",
        "Consider a future role for the UN in mediation or in a framework for financial "
        "support."}},
      {"2020-06-29",
       "Building a Peaceful Afghanistan, session 3: the challenges ahead while Doha prepares to "
       "host the negotiations",
       {"Center for Conflict and Humanitarian Studies, Doha",
        "Center on International Cooperation, New York University"},
       {"Afghanistan", "Qatar", "Pakistan", "China", "Russia", "India", "United States"},
       {},
       {"The process has been slower than hoped after the fast progress on prisoner releases; "
        "recent attacks may be the work of spoilers.",
        "Both sides see a reduction of violence as a step towards negotiations, but it has not "
        "happened in a significant way.",
        "Released prisoners need monitoring so that they do not return to fighting, with "
        "rehabilitation and reintegration support.",
        "The timeframe of the negotiations depends largely on the US political calendar.",
        "Continued foreign assistance is leverage tied to the kind of end state reached."},
       {"Set up tools to monitor that released prisoners do not return to fighting.",
        "Form a group of friends of the peace process at the levels of neighbours, region and "
        "wider international community.",
        "Put an economic development agenda on the table, in the negotiations and in regional "
        "support."}},
      {"2020-08-04",
       "Building a Peaceful Afghanistan, session 4: efforts to put the negotiations on track and "
       "rally regional support",
       {"Center for Conflict and Humanitarian Studies, Doha",
        "Center on International Cooperation, New York University"},
       {"Afghanistan", "United States", "Qatar", "Pakistan", "India", "China", "Russia"},
       {},
       {"The release of the last 400 prisoners has become a contest before the negotiations; "
        "an offer of reduced violence and a start date has been linked to it.",
        "Violence needs to come down after the Eid ceasefire, and a comprehensive ceasefire "
        "should be on the negotiating agenda.",
        "The withdrawal of US troops follows the conditions of the Doha agreement.",
        "Countering the Islamic State may give the international community common ground with "
        "the Taliban.",
        "The presence of US forces divides the region; multilateral settings soften that."},
       {"Create small working groups to draft options for a regional framework and inform "
        "governments."}},
  };
  return rows;
}

// ---- After release: follow-up observations (all synthetic) ------------------------------------

// The day entry T-i of the Taliban list was released, from the batches above.
Date TalibanReleaseDay(int i) {
  int next = 1;
  for (const auto& batch : kTalibanBatches) {
    if (i < next + batch.count) return Day(batch.date);
    next += batch.count;
  }
  return Day(kTalibanBatches[std::size(kTalibanBatches) - 1].date);
}

// The ICRC checks in on every 25th person released a month later; the government enrols every
// 40th in its reintegration programme; a few are re-arrested, and a few are alleged to have gone
// back to fighting, each linked to an incident report of the government. Rates are ours.
void AddFollowUps(Scenario& s) {
  const auto& provinces = Provinces();
  for (int i = 25; i <= kTalibanListSize; i += 25) {
    Date day = AddDays(TalibanReleaseDay(i), 30);
    s.Add("icrc", "observation", Stamp(day, i % 3000, 15),
          {{"prisoner", Ref("T-" + std::to_string(i))},
           {"type", "check-in"},
           {"date", FormatDate(day)},
           {"notes", std::string(kSynthetic) + "check-in a month after release"}});
  }
  for (int i = 40; i <= kTalibanListSize; i += 40) {
    Date day = AddDays(TalibanReleaseDay(i), 45);
    s.Add("irog", "observation", Stamp(day, i % 3000, 14),
          {{"prisoner", Ref("T-" + std::to_string(i))},
           {"type", "reintegration-enrolment"},
           {"date", FormatDate(day)},
           {"notes", std::string(kSynthetic) + "enrolled in the reintegration programme"}});
  }
  for (int k = 0; k < 6; ++k) {
    const int i = 333 + 700 * k;
    Date day = AddDays(TalibanReleaseDay(i), 60 + 9 * k);
    s.Add("irog", "observation", Stamp(day, k, 13),
          {{"prisoner", Ref("T-" + std::to_string(i))},
           {"type", "re-arrest"},
           {"date", FormatDate(day)},
           {"notes", std::string(kSynthetic) + "re-arrested"}});
  }
  for (int k = 0; k < 9; ++k) {
    const int i = 117 + 530 * k;
    Date day = AddDays(TalibanReleaseDay(i), 40 + 11 * k);
    const std::string province(provinces[Mix(static_cast<uint32_t>(i)) % provinces.size()].iso);
    const std::string key = "return-" + std::to_string(k);
    Json fat = {{"party_b", {{"low", 0}, {"best", 1}, {"high", 2}}}};
    s.Add("irog", "incident", Stamp(day, k, 9),
          IncidentBody(day, province, Taliban(), "Battles", "Armed clash", fat,
                       "attack in which a released prisoner is alleged to have taken part", true),
          key);
    s.Add("irog", "observation", Stamp(AddDays(day, 2), k, 10),
          {{"prisoner", Ref("T-" + std::to_string(i))},
           {"type", "alleged-return-to-fighting"},
           {"date", FormatDate(day)},
           {"incident", Ref(key)},
           {"province", province},
           {"notes", std::string(kSynthetic) +
                         "named by the government among the attackers; not verified"}});
  }
}

void AddSessions(Scenario& s) {
  for (const auto& r : Sessions()) {
    Json points = Json::array(), recs = Json::array();
    for (const char* p : r.points) points.push_back({{"text", p}});
    for (const char* p : r.recommendations) recs.push_back({{"text", p}});
    Json participants = {{"countries", r.countries}};
    if (!r.institutions.empty()) participants["institutions"] = r.institutions;
    s.Add("qatar", "session", Stamp(AddDays(Day(r.date), 1), 0, 9),
          {{"date", r.date},
           {"title", r.title},
           {"organiser", "Heart of Asia Society"},
           {"partners", r.partners},
           {"participants", participants},
           {"points", points},
           {"recommendations", recs}});
  }
}

// Replaces every "@ref:KEY" string in `j` by its index.
Status Resolve(Json& j, const std::map<std::string, uint64_t>& at, uint64_t self) {
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    if (s.rfind("@ref:", 0) != 0) return Status::Ok();
    auto it = at.find(s.substr(5));
    if (it == at.end() || it->second >= self) {
      return InvalidArgument("scenario record " + std::to_string(self) + " refers to " + s +
                             ", which is not an earlier record");
    }
    j = it->second;
    return Status::Ok();
  }
  if (j.is_array() || j.is_object()) {
    for (auto& v : j) RETURN_IF_ERROR(Resolve(v, at, self));
  }
  return Status::Ok();
}

}  // namespace

const std::vector<DemoParty>& Doha2020Parties() {
  static const std::vector<DemoParty> parties = {
      {"us", "United States of America", "belligerent"},
      {"iea", "Islamic Emirate of Afghanistan (the Taliban)", "belligerent"},
      {"irog", "Government of the Islamic Republic of Afghanistan", "belligerent"},
      {"qatar", "State of Qatar (host and mediator)", "mediator"},
      {"icrc", "International Committee of the Red Cross", "verifier"},
      {"pakistan", "Islamic Republic of Pakistan", "observer"},
      {"unama", "UN Assistance Mission in Afghanistan", "observer"},
  };
  return parties;
}

std::vector<ScenarioRecord> Doha2020Records() {
  Scenario s;
  AddStatements(s);
  AddClauses(s);
  AddFulfilments(s);
  AddTroops(s);
  AddPrisonerLists(s);
  AddReleases(s);
  AddCeasefires(s);
  AddIncidents(s);
  AddFollowUps(s);
  AddSessions(s);
  return s.Take();
}

Result<uint64_t> AppendScenario(Log& log, const std::map<std::string, SigningKey>& keys,
                                const std::vector<ScenarioRecord>& records) {
  const uint64_t first = log.Size();
  std::map<std::string, uint64_t> at;
  for (size_t i = 0; i < records.size(); ++i) {
    if (!records[i].key.empty()) at[records[i].key] = first + i;
  }
  // One group: the log stops at the first refusal, and the indexes are the planned ones.
  const uint64_t group = log.NewGroup();
  std::vector<std::future<Result<Appended>>> pending;
  pending.reserve(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    const ScenarioRecord& r = records[i];
    auto key = keys.find(r.party);
    if (key == keys.end()) return InvalidArgument("no key for party " + r.party);
    Record rec;
    rec.kind = r.kind;
    rec.party = r.party;
    rec.time = r.time;
    rec.body = r.body;
    RETURN_IF_ERROR(Resolve(rec.body, at, first + i));
    std::string bytes = SerializeRecord(rec);
    auto parsed = ParseRecord(bytes);
    if (!parsed.ok()) return parsed.status();
    auto prepared = log.Prepare(SignRecord(bytes, key->second), std::move(*parsed));
    if (!prepared.ok()) {
      return prepared.status().WithContext(r.kind + " record of " + r.time);
    }
    prepared->group = group;
    pending.push_back(log.Enqueue(std::move(*prepared)));
  }
  for (size_t i = 0; i < pending.size(); ++i) {
    Result<Appended> a = pending[i].get();
    if (!a.ok()) return a.status().WithContext(records[i].kind + " record of " + records[i].time);
    if (a->index != first + i) {
      return Internal("scenario record " + std::to_string(i) + " landed at index " +
                      std::to_string(a->index) + ", not " + std::to_string(first + i) +
                      " (another writer?)");
    }
  }
  return static_cast<uint64_t>(records.size());
}

bool IsSyntheticBody(const std::string& kind, const Json& body) {
  if (!body.is_object()) return false;
  if (kind == "prisoner") return body.value("synthetic", false) == true;
  if (kind == "incident") {
    auto src = body.find("sources");
    if (src != body.end() && src->is_array()) {
      for (const auto& s : *src) {
        if (s.is_object() && s.value("scale", "") == "synthetic") return true;
      }
    }
  }
  for (const char* field : {"notes", "reason", "claim", "description", "text"}) {
    auto it = body.find(field);
    if (it != body.end() && it->is_string() &&
        it->get_ref<const std::string&>().rfind("[synthetic]", 0) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace jirga::demo

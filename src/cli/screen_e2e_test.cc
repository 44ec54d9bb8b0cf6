// End-to-end: `jirga screen import` and `jirga screen` through the real binary — recording a
// list, screening names and CSV lists against it, idempotent re-import, a tampered stored copy
// found out, and every kind of bad input refused with nothing appended.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/file.h"
#include "base/json.h"
#include "ledger/hash.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace jirga {
namespace {

using ::testing::HasSubstr;
using testing::AddParty;
using testing::Jirga;
using testing::Lines;
using testing::ProcessResult;
using ::testing::StartsWith;
using testing::TempDir;

// A two-entry list in the UN schema: TAi.024 (with an Arabic-script name and a low alias) and an
// entity.
const char kUnXml[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2024-01-02T03:04:05Z">
<INDIVIDUAL><DATAID>111040</DATAID><FIRST_NAME>ABDUL GHANI</FIRST_NAME><SECOND_NAME>BARADAR</SECOND_NAME>
<REFERENCE_NUMBER>TAi.024</REFERENCE_NUMBER><LISTED_ON>2001-02-23</LISTED_ON>
<NAME_ORIGINAL_SCRIPT>عبدالغنی برادر</NAME_ORIGINAL_SCRIPT>
<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Baradar
Sahib</ALIAS_NAME></INDIVIDUAL_ALIAS></INDIVIDUAL>
<INDIVIDUAL><DATAID>2</DATAID><FIRST_NAME>SIRAJUDDIN</FIRST_NAME><SECOND_NAME>JALLALOUDINE</SECOND_NAME>
<THIRD_NAME>HAQQANI</THIRD_NAME><REFERENCE_NUMBER>TAi.144</REFERENCE_NUMBER></INDIVIDUAL>
<ENTITY><DATAID>3</DATAID><FIRST_NAME>ROSHAN MONEY EXCHANGE</FIRST_NAME>
<REFERENCE_NUMBER>TAe.011</REFERENCE_NUMBER></ENTITY>
</CONSOLIDATED_LIST>
)";

const char kSdn[] =
    "7157,\"BARADAR, Abdul Ghani\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
    "\"DOB 1968\"\r\n"
    "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
    "\x1A\r\n";
const char kAlt[] = "7157,101,\"aka\",\"BERADAR, Mullah\",-0- \r\n";
const char kAdd[] = "36,25,\"Calle 23\",\"Havana\",\"Cuba\",-0- \r\n";

class ScreenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = dir_.File("log.db");
    key_ = store_ + ".operator.key";
    auto init = Jirga({"init", "--store", store_, "--origin", "test.example/log"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_.File(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  uint64_t Size() {
    auto lines = Lines(Jirga({"log", "checkpoint", "--store", store_}).out);
    return lines.size() > 1 ? std::stoull(lines[1]) : 0;
  }
  size_t CopiesKept() {
    std::error_code ec;
    if (!std::filesystem::exists(store_ + ".lists")) return 0;
    size_t n = 0;
    for (auto& e : std::filesystem::directory_iterator(store_ + ".lists", ec))
      n += e.is_regular_file();
    return n;
  }
  ProcessResult Import(const std::string& name, const std::string& format,
                       std::vector<std::string> files) {
    std::vector<std::string> args = {"screen", "import", "--store", store_,     "--key",
                                     key_,     "--name", name,      "--format", format};
    args.insert(args.end(), files.begin(), files.end());
    return Jirga(args);
  }
  ProcessResult Screen(std::vector<std::string> extra) {
    std::vector<std::string> args = {"screen", "--store", store_};
    args.insert(args.end(), extra.begin(), extra.end());
    return Jirga(args);
  }
  // Splits a CSV line without quoted commas (the tests' names have none).
  static std::vector<std::string> Cells(const std::string& line) {
    std::vector<std::string> out;
    size_t p = 0;
    for (;;) {
      size_t q = line.find(',', p);
      out.push_back(line.substr(p, q == std::string::npos ? q : q - p));
      if (q == std::string::npos) return out;
      p = q + 1;
    }
  }
  TempDir dir_;
  std::string store_, key_;
};

TEST_F(ScreenTest, ImportRecordsTheListAndScreeningNamesItsEntryAndTheExactBytes) {
  const std::string xml = Write("un.xml", kUnXml);
  const std::string sha = HashHex(Sha256(kUnXml));
  const uint64_t before = Size();
  auto imp = Import("un-test", "un-xml", {xml});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  auto summary = ParseJsonStrict(Lines(imp.out).back());
  ASSERT_TRUE(summary.ok()) << imp.out;
  EXPECT_EQ((*summary)["entries"], 3);
  EXPECT_EQ((*summary)["generated"], "2024-01-02T03:04:05Z");
  EXPECT_EQ((*summary)["files"][0]["sha256"], sha);
  EXPECT_EQ((*summary)["unchanged"], false);
  const uint64_t index = (*summary)["index"].get<uint64_t>();
  EXPECT_EQ(index, before);
  EXPECT_EQ(Size(), before + 1);
  // The copy beside the store is the exact bytes, named by their hash.
  auto copy = ReadFile(store_ + ".lists/" + sha + ".xml");
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(*copy, kUnXml);
  // The record in the log says the same.
  auto shown = Jirga({"record", "show", "--store", store_, "--index", std::to_string(index)});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("\"reference_list\""));
  EXPECT_THAT(shown.out, HasSubstr(sha));

  auto out = Screen({"--list", "un-test", "--name", "Abdul Ghani Beradar"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  auto lines = Lines(out.out);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0],
            "query_id,reference,score,decision,matched_name,name_kind,list_index,list_sha256");
  auto c = Cells(lines[1]);
  ASSERT_EQ(c.size(), 8u) << lines[1];
  EXPECT_EQ(c[1], "TAi.024");
  EXPECT_EQ(c[3], "match");
  // Whichever of the entry's names scored best: the primary or the Arabic-script one.
  EXPECT_THAT(c[4], ::testing::AnyOf("ABDUL GHANI BARADAR", "عبدالغنی برادر"));
  EXPECT_THAT(c[5], ::testing::AnyOf("primary", "original-script"));
  EXPECT_EQ(c[6], std::to_string(index));
  EXPECT_EQ(c[7], sha);

  // Arabic script finds the same entry.
  auto arabic = Screen({"--list", "un-test", "--name", "عبدالغنی برادر", "--format", "json"});
  ASSERT_EQ(arabic.exit_code, 0) << arabic.err;
  auto j = ParseJsonStrict(arabic.out);
  ASSERT_TRUE(j.ok()) << arabic.out;
  EXPECT_EQ((*j)["list"]["index"], index);
  EXPECT_EQ((*j)["list"]["files"][0]["sha256"], sha);
  const Json& cand = (*j)["results"][0]["candidates"];
  ASSERT_FALSE(cand.empty());
  EXPECT_EQ(cand[0]["reference"], "TAi.024");

  // Nobody on the list: one row with no reference.
  auto none = Screen({"--list", "un-test", "--name", "Margaret Thatcher"});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(Lines(none.out)[1], ",,,no-match,,," + std::to_string(index) + "," + sha);
}

TEST_F(ScreenTest, FileScreeningGivesRowsPerQueryInInputOrder) {
  ASSERT_EQ(Import("un-test", "un-xml", {Write("un.xml", kUnXml)}).exit_code, 0);
  const std::string csv = Write("people.csv",
                                "id,name,birth_year\n"
                                "p2,Siraj ud-Din Haqqani,\n"
                                "p1,John Smith,1970\n"
                                "p3,Mullah Abdulghani Biradar,\n");
  auto out = Screen({"--list", "un-test", "--file", csv, "--top", "1"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  auto lines = Lines(out.out);
  ASSERT_EQ(lines.size(), 4u) << out.out;
  EXPECT_EQ(Cells(lines[1])[0], "p2");
  EXPECT_EQ(Cells(lines[1])[1], "TAi.144");
  EXPECT_EQ(Cells(lines[2])[0], "p1");
  EXPECT_EQ(Cells(lines[2])[1], "");
  EXPECT_EQ(Cells(lines[3])[0], "p3");
  EXPECT_EQ(Cells(lines[3])[1], "TAi.024");
  // A bad CSV is refused with the line.
  auto bad = Screen({"--list", "un-test", "--file", Write("bad.csv", "id,name\n1,A\n1,B\n")});
  EXPECT_EQ(bad.exit_code, 3) << bad.err;
  EXPECT_THAT(bad.err, HasSubstr("bad.csv"));
}

TEST_F(ScreenTest, ReimportingTheSameBytesAppendsNothingAndANewVersionIsUsed) {
  const std::string xml = Write("un.xml", kUnXml);
  auto first = Import("un-test", "un-xml", {xml});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const uint64_t size = Size();
  auto again = Import("un-test", "un-xml", {xml});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("\"unchanged\":true"));
  EXPECT_EQ(Size(), size);
  // A new version of the list (Haqqani removed) is a new record and screening uses it.
  std::string v2 = kUnXml;
  size_t a = v2.find("<INDIVIDUAL><DATAID>2<"), b = v2.find("<ENTITY>");
  v2.erase(a, b - a);
  ASSERT_EQ(Import("un-test", "un-xml", {Write("un2.xml", v2)}).exit_code, 0);
  EXPECT_EQ(Size(), size + 1);
  auto out = Screen({"--list", "un-test", "--name", "Sirajuddin Haqqani", "--format", "json"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  auto j = ParseJsonStrict(out.out);
  ASSERT_TRUE(j.ok());
  EXPECT_EQ((*j)["list"]["index"], size);
  EXPECT_EQ((*j)["list"]["entries"], 2);
  for (const Json& c : (*j)["results"][0]["candidates"]) EXPECT_NE(c["reference"], "TAi.144");
}

TEST_F(ScreenTest, ARedactedVersionOfAListIsSkippedAndTheEarlierOneUsed) {
  // A mediator to redact with.
  const std::string med_key = dir_.File("unama.key");
  ASSERT_EQ(AddParty(store_, med_key, "unama", "mediator"), "");
  ASSERT_EQ(Import("un-test", "un-xml", {Write("un.xml", kUnXml)}).exit_code, 0);
  const uint64_t v1 = Size() - 1;
  std::string v2 = kUnXml;
  size_t a = v2.find("<INDIVIDUAL><DATAID>2<"), b = v2.find("<ENTITY>");
  v2.erase(a, b - a);
  ASSERT_EQ(Import("un-test", "un-xml", {Write("un2.xml", v2)}).exit_code, 0);
  const uint64_t v2_index = Size() - 1;
  auto screen_haqqani = [&] {
    auto out = Screen({"--list", "un-test", "--name", "Sirajuddin Haqqani", "--format", "json"});
    EXPECT_EQ(out.exit_code, 0) << out.err;
    auto j = ParseJsonStrict(out.out);
    EXPECT_TRUE(j.ok()) << out.out;
    return j.ok() ? *j : Json();
  };
  EXPECT_EQ(screen_haqqani()["list"]["index"], v2_index);
  // The new version is redacted: its content is gone, so screening goes back to the first
  // version, where Haqqani is listed.
  const std::string redaction =
      Json{{"kind", "redaction"}, {"body", {{"index", v2_index}, {"reason", "withdrawn"}}}}.dump();
  auto red = Jirga({"submit", "--store", store_, "--key", med_key, "-"}, redaction + "\n");
  ASSERT_EQ(red.exit_code, 0) << red.err;
  Json j = screen_haqqani();
  EXPECT_EQ(j["list"]["index"], v1);
  bool found = false;
  for (const Json& c : j["results"][0]["candidates"]) found |= c["reference"] == "TAi.144";
  EXPECT_TRUE(found) << j.dump();
  EXPECT_EQ(Jirga({"log", "verify", "--store", store_}).exit_code, 0);
}

TEST_F(ScreenTest, ATamperedStoredCopyIsCorruptionAndAMissingOneNotFound) {
  ASSERT_EQ(Import("un-test", "un-xml", {Write("un.xml", kUnXml)}).exit_code, 0);
  const std::string copy = store_ + ".lists/" + HashHex(Sha256(kUnXml)) + ".xml";
  std::string altered = kUnXml;
  altered.replace(altered.find("BARADAR"), 7, "BARADAX");
  std::ofstream(copy, std::ios::binary | std::ios::trunc) << altered;
  auto out = Screen({"--list", "un-test", "--name", "Abdul Ghani Baradar"});
  EXPECT_EQ(out.exit_code, 1) << out.err;
  EXPECT_THAT(out.err, HasSubstr("altered"));
  EXPECT_TRUE(out.out.empty());
  std::filesystem::remove(copy);
  auto missing = Screen({"--list", "un-test", "--name", "Abdul Ghani Baradar"});
  EXPECT_EQ(missing.exit_code, 4) << missing.err;
  EXPECT_THAT(missing.err, HasSubstr("missing"));
  // Importing the same file again restores the copy without a new record.
  const uint64_t size = Size();
  ASSERT_EQ(Import("un-test", "un-xml", {Write("un.xml", kUnXml)}).exit_code, 0);
  EXPECT_EQ(Size(), size);
  EXPECT_EQ(Screen({"--list", "un-test", "--name", "Abdul Ghani Baradar"}).exit_code, 0);
  // An unknown list name.
  EXPECT_EQ(Screen({"--list", "nope", "--name", "A"}).exit_code, 4);
}

TEST_F(ScreenTest, OfacFilesImportAndScreen) {
  auto imp = Import("ofac-sdn", "ofac",
                    {Write("sdn.csv", kSdn), Write("alt.csv", kAlt), Write("add.csv", kAdd)});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  auto summary = ParseJsonStrict(Lines(imp.out).back());
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ((*summary)["entries"], 2);
  EXPECT_EQ((*summary)["files"].size(), 3u);
  EXPECT_EQ((*summary)["files"][1]["role"], "alt");
  EXPECT_EQ(CopiesKept(), 3u);
  auto out = Screen({"--list", "ofac-sdn", "--name", "Mullah Beradar", "--format", "json"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  auto j = ParseJsonStrict(out.out);
  ASSERT_TRUE(j.ok());
  const Json& cand = (*j)["results"][0]["candidates"];
  ASSERT_FALSE(cand.empty()) << out.out;
  EXPECT_EQ(cand[0]["reference"], "7157");
  EXPECT_EQ(cand[0]["matched_name"], "BERADAR, Mullah");
  EXPECT_EQ(cand[0]["name_kind"], "alias");
}

TEST_F(ScreenTest, BadInputIsRefusedWithNothingAppendedAndNoCopyKept) {
  std::string bomb =
      "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\">"
      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
      "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
      "<CONSOLIDATED_LIST><INDIVIDUAL><DATAID>1</DATAID><REFERENCE_NUMBER>X"
      "</REFERENCE_NUMBER><FIRST_NAME>&c;</FIRST_NAME></INDIVIDUAL>"
      "</CONSOLIDATED_LIST>";
  std::string xxe =
      "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY x SYSTEM \"file:///etc/"
      "passwd\">]><CONSOLIDATED_LIST><INDIVIDUAL><DATAID>1</DATAID>"
      "<REFERENCE_NUMBER>X</REFERENCE_NUMBER><FIRST_NAME>&x;</FIRST_NAME>"
      "</INDIVIDUAL></CONSOLIDATED_LIST>";
  std::string truncated = std::string(kUnXml).substr(0, 400);
  std::string wrong_root = "<?xml version=\"1.0\"?><sdnList/>";
  std::string bad_utf8 = kUnXml;
  bad_utf8.replace(bad_utf8.find("ROSHAN"), 1, "\xFF");
  std::string big_name = kUnXml;
  big_name.replace(big_name.find("ROSHAN"), 6, std::string(10 << 20, 'R'));
  std::string bad_sdn = "1,\"A\",\"individual\"\n";
  std::string bad_sdn_utf8 = kSdn;
  bad_sdn_utf8.replace(bad_sdn_utf8.find("AERO"), 1, "\xC9");

  struct Case {
    std::string what, format, bytes, message;
  };
  const std::vector<Case> cases = {
      {"bomb", "un-xml", bomb, "DOCTYPE"},
      {"xxe", "un-xml", xxe, "DOCTYPE"},
      {"truncated", "un-xml", truncated, "malformed XML"},
      {"wrong_root", "un-xml", wrong_root, "not <CONSOLIDATED_LIST>"},
      {"bad_utf8", "un-xml", bad_utf8, "malformed XML"},
      {"big_name", "un-xml", big_name, "bytes long"},
      {"sdn_columns", "ofac", bad_sdn, "3 columns"},
      {"sdn_utf8", "ofac", bad_sdn_utf8, "not valid UTF-8"},
  };
  const uint64_t size = Size();
  for (const Case& c : cases) {
    auto out = Import("bad", c.format, {Write(c.what, c.bytes)});
    EXPECT_EQ(out.exit_code, 3) << c.what << ": " << out.err;
    EXPECT_THAT(out.err, HasSubstr(c.message)) << c.what;
    EXPECT_THAT(out.err, StartsWith("jirga screen import: ")) << c.what;
    EXPECT_EQ(Size(), size) << c.what;
    EXPECT_EQ(CopiesKept(), 0u) << c.what;
  }
  // A bad list name, and a list kind the party may not submit.
  EXPECT_EQ(Import("Bad Name", "un-xml", {Write("ok.xml", kUnXml)}).exit_code, 3);
  auto gen = Jirga({"key", "generate", "gov", "--out", dir_.File("gov.key")});
  ASSERT_EQ(gen.exit_code, 0);
  ASSERT_EQ(Jirga({"party", "register", "gov", "--vkey", Lines(gen.out).back(), "--role",
                   "belligerent", "--store", store_})
                .exit_code,
            0);
  const uint64_t with_gov = Size();
  auto denied = Jirga({"screen", "import", "--store", store_, "--key", dir_.File("gov.key"),
                       "--name", "un-test", "--format", "un-xml", Write("ok.xml", kUnXml)});
  EXPECT_EQ(denied.exit_code, 5) << denied.err;
  EXPECT_THAT(denied.err, HasSubstr("may not submit reference_list"));
  EXPECT_EQ(Size(), with_gov);
  EXPECT_EQ(CopiesKept(), 0u);
}

TEST_F(ScreenTest, RealUnListFindsBaradarFromArabicScript) {
  const std::string dir = testing::SharedDataDir();
  const std::string path = dir + "/sanctions/un_1988_taliban_2020-11-30.xml";
  if (dir.empty() || !FileExists(path)) GTEST_SKIP() << "../shared/data/sanctions is absent";
  auto imp = Import("un-1988", "un-xml", {path});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  auto out = Screen({"--list", "un-1988", "--name", "عبدالغنی برادر", "--top", "1"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  auto lines = Lines(out.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(Cells(lines[1])[1], "TAi.024");
  EXPECT_EQ(Cells(lines[1])[3], "match");
}

TEST_F(ScreenTest, PrisonerListInTheLogIsScreenedWithTheLatestRecordOfEachEntry) {
  ASSERT_EQ(Import("un-test", "un-xml", {Write("un.xml", kUnXml)}).exit_code, 0);
  auto gen = Jirga({"key", "generate", "iea", "--out", dir_.File("iea.key")});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  ASSERT_EQ(Jirga({"party", "register", "iea", "--vkey", Lines(gen.out).back(), "--role",
                   "belligerent", "--store", store_})
                .exit_code,
            0);
  auto prisoner = [](const std::string& entry, const std::string& fields) {
    return "{\"kind\":\"prisoner\",\"body\":{\"list\":\"t-5000\",\"entry\":\"" + entry +
           "\",\"listing_party\":\"iea\",\"synthetic\":true," + fields + "}}\n";
  };
  // T-1 is written in Arabic script only; T-2 first under an unrelated name, then corrected to
  // a re-spelling of Haqqani; T-3 is nobody on the list; another list's entry is not screened.
  std::string input = prisoner("T-1", "\"name_ar\":\"عبدالغنی برادر\"") +
                      prisoner("T-2", "\"name\":\"John Smith\"") +
                      prisoner("T-3", "\"name\":\"Gul Ahmad Wardak\",\"birth_year\":1980") +
                      prisoner("T-2", "\"name\":\"Serajuddin Jalaluddin Haqani\"") +
                      "{\"kind\":\"prisoner\",\"body\":{\"list\":\"other\",\"entry\":\"X\","
                      "\"listing_party\":\"iea\",\"synthetic\":true,"
                      "\"name\":\"Abdul Ghani Baradar\"}}\n";
  auto sub = Jirga({"submit", "--store", store_, "--key", dir_.File("iea.key"), "-"}, input);
  ASSERT_EQ(sub.exit_code, 0) << sub.err;
  const uint64_t corrected = std::stoull(Lines(sub.out)[3]);  // "<index> <leaf hash>"

  auto out = Screen({"--list", "un-test", "--prisoners", "t-5000", "--top", "1"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  auto lines = Lines(out.out);
  ASSERT_EQ(lines.size(), 4u) << out.out;
  EXPECT_EQ(Cells(lines[1])[0], "T-1");
  EXPECT_EQ(Cells(lines[1])[1], "TAi.024");
  EXPECT_EQ(Cells(lines[2])[0], "T-2");
  EXPECT_EQ(Cells(lines[2])[1], "TAi.144");
  EXPECT_EQ(Cells(lines[3])[0], "T-3");
  EXPECT_EQ(Cells(lines[3])[1], "");
  auto json = Screen({"--list", "un-test", "--prisoners", "t-5000", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto j = ParseJsonStrict(json.out);
  ASSERT_TRUE(j.ok());
  EXPECT_EQ((*j)["results"][1]["prisoner_index"], corrected);
  // A list with no entries in the log.
  EXPECT_EQ(Screen({"--list", "un-test", "--prisoners", "none"}).exit_code, 4);
}

}  // namespace
}  // namespace jirga

// The synthetic prisoner-list generator (see exchange_lists.h).
#include "testing/exchange_lists.h"

#include <algorithm>
#include <random>

namespace jirga::testing {
namespace {

struct NameForms {
  std::vector<const char*> latin;  // romanisations; the first is the usual one
  const char* arabic;
};

// Given names and their spellings as the two sides write them.
const NameForms kNames[] = {
    {{"Mohammad", "Muhammad", "Mohammed", "Mohamad"}, "محمد"},
    {{"Abdul Ghani", "Abdulghani", "Abd al-Ghani"}, "عبدالغنی"},
    {{"Ahmad", "Ahmed"}, "احمد"},
    {{"Gul", "Gull"}, "گل"},
    {{"Nabi", "Nabee"}, "نبی"},
    {{"Rahman", "Rehman", "Rahmaan"}, "رحمان"},
    {{"Karim", "Kareem"}, "کریم"},
    {{"Noor", "Nur"}, "نور"},
    {{"Habib", "Habeeb"}, "حبیب"},
    {{"Zabihullah", "Zabiullah", "Zabihollah"}, "ذبیح الله"},
    {{"Amanullah", "Aman Ullah"}, "امان الله"},
    {{"Hamid", "Hameed"}, "حمید"},
    {{"Jalal", "Jalaal"}, "جلال"},
    {{"Rashid", "Rasheed"}, "رشید"},
    {{"Wali", "Walee"}, "ولی"},
    {{"Qasim", "Kasim", "Qassim"}, "قاسم"},
    {{"Yousuf", "Yusuf", "Yosuf"}, "یوسف"},
    {{"Hekmatullah", "Hikmatullah"}, "حکمت الله"},
    {{"Sher", "Shir"}, "شیر"},
    {{"Ghulam", "Gholam"}, "غلام"},
    {{"Nasir", "Naseer"}, "نصیر"},
    {{"Farid", "Fareed"}, "فرید"},
    {{"Jawad", "Jawaad"}, "جواد"},
    {{"Daud", "Dawood", "Dawud"}, "داود"},
    {{"Ismail", "Esmail", "Ismael"}, "اسماعیل"},
    {{"Aziz", "Azeez"}, "عزیز"},
    {{"Bashir", "Basheer"}, "بشیر"},
    {{"Tariq", "Tareq"}, "طارق"},
    {{"Haroon", "Harun"}, "هارون"},
    {{"Obaidullah", "Ubaidullah"}, "عبیدالله"},
    {{"Saifullah", "Saif Ullah"}, "سیف الله"},
    {{"Mansoor", "Mansur"}, "منصور"},
    {{"Anwar", "Anwer"}, "انور"},
    {{"Qadir", "Kadir", "Qader"}, "قادر"},
    {{"Salim", "Saleem"}, "سلیم"},
    {{"Latif", "Lateef"}, "لطیف"},
    {{"Majid", "Majeed"}, "مجید"},
    {{"Wahid", "Waheed"}, "وحید"},
    {{"Khalil", "Khaleel"}, "خلیل"},
    {{"Najib", "Najeeb"}, "نجیب"},
    {{"Sadiq", "Sadeq"}, "صادق"},
    {{"Zahir", "Zaheer"}, "ظاهر"},
    {{"Fazal", "Fazl"}, "فضل"},
    {{"Rafiq", "Rafeeq"}, "رفیق"},
    {{"Shafiq", "Shafeeq"}, "شفیق"},
    {{"Hakim", "Hakeem"}, "حکیم"},
    {{"Jamil", "Jameel"}, "جمیل"},
    {{"Mujib", "Mujeeb"}, "مجیب"},
};
constexpr size_t kNameCount = std::size(kNames);

const char* const kProvinces[] = {"AF-KAB", "AF-KAN", "AF-HEL", "AF-KHO", "AF-PAK", "AF-NAN",
                                  "AF-GHA", "AF-LOG", "AF-WAR", "AF-ZAB", "AF-URU", "AF-KDZ"};

struct Person {
  std::vector<size_t> name, father, grandfather;  // indexes into kNames
  std::string province;
  int birth_year = 0;
};

class Gen {
 public:
  explicit Gen(uint32_t seed) : rng_(seed) {}
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

  Person NewPerson() {
    Person p;
    p.name = {Pick(kNameCount), Pick(kNameCount)};
    if (Chance(0.3)) p.name.push_back(Pick(kNameCount));
    p.father = {Pick(kNameCount), Pick(kNameCount)};
    p.grandfather = {Pick(kNameCount)};
    p.province = kProvinces[Pick(std::size(kProvinces))];
    p.birth_year = 1960 + static_cast<int>(Pick(40));
    return p;
  }

  // How the first side writes a name: mostly the usual spelling.
  std::string Latin(const std::vector<size_t>& tokens, bool vary) {
    std::string out;
    for (size_t t : tokens) {
      const auto& forms = kNames[t].latin;
      out += (out.empty() ? "" : " ");
      out += vary ? forms[Pick(forms.size())] : forms[0];
    }
    return out;
  }
  static std::string Arabic(const std::vector<size_t>& tokens) {
    std::string out;
    for (size_t t : tokens) out += (out.empty() ? "" : " ") + std::string(kNames[t].arabic);
    return out;
  }

  Json Body(const Person& p, const std::string& list, const std::string& entry, bool vary) {
    Json b = {{"list", list}, {"entry", entry},
              {"listing_party", list == "a-list" ? "iea" : "gov"}, {"synthetic", true}};
    const bool arabic = vary && Chance(0.15);
    std::vector<size_t> name = p.name;
    if (vary && Chance(0.1)) std::rotate(name.begin(), name.begin() + 1, name.end());
    if (arabic) {
      b["name_ar"] = Arabic(name);
    } else {
      b["name"] = Latin(name, vary);
    }
    if (!vary || !Chance(0.2)) {
      if (arabic) {
        b["father_name_ar"] = Arabic(p.father);
      } else {
        b["father_name"] = Latin(p.father, vary);
      }
    }
    if (!vary || !Chance(0.5)) {
      if (arabic) {
        b["grandfather_name_ar"] = Arabic(p.grandfather);
      } else {
        b["grandfather_name"] = Latin(p.grandfather, vary);
      }
    }
    if (!vary || !Chance(0.2)) b["province"] = p.province;
    if (!vary || !Chance(0.3)) {
      b["birth_year"] = p.birth_year + (vary && Chance(0.1) ? (Chance(0.5) ? 1 : -1) : 0);
    }
    return b;
  }

 private:
  std::mt19937 rng_;
};

}  // namespace

SyntheticLists GenerateLists(uint32_t seed, size_t people, double overlap, double dup_rate) {
  Gen g(seed);
  SyntheticLists out;
  std::vector<Person> persons;
  std::vector<size_t> a_of;  // position in a -> person
  for (size_t i = 0; i < people; ++i) persons.push_back(g.NewPerson());
  for (size_t i = 0; i < people; ++i) {
    out.a.push_back(g.Body(persons[i], "a-list", "A-" + std::to_string(out.a.size()), false));
    a_of.push_back(i);
    if (g.Chance(dup_rate)) {
      out.duplicates_a.insert({out.a.size() - 1, out.a.size()});
      out.a.push_back(g.Body(persons[i], "a-list", "A-" + std::to_string(out.a.size()), true));
      a_of.push_back(i);
    }
  }
  std::vector<size_t> b_people;
  for (size_t i = 0; i < people; ++i) {
    if (g.Chance(overlap)) b_people.push_back(i);
  }
  // New people on b only, and namesakes: the name of someone on a, another father.
  size_t extra = people - b_people.size() / 2;
  for (size_t k = 0; k < extra; ++k) {
    Person p = g.NewPerson();
    if (k % 4 == 0) {
      p.name = persons[g.Pick(people)].name;
      ++out.namesakes;
    }
    persons.push_back(p);
    b_people.push_back(persons.size() - 1);
  }
  // Shuffle b so list order says nothing.
  for (size_t i = b_people.size(); i > 1; --i) std::swap(b_people[i - 1], b_people[g.Pick(i)]);
  for (size_t person : b_people) {
    const size_t pos = out.b.size();
    out.b.push_back(g.Body(persons[person], "b-list", "B-" + std::to_string(pos), true));
    for (size_t i = 0; i < a_of.size(); ++i) {
      if (a_of[i] == person) out.same.insert({i, pos});
    }
  }
  return out;
}

}  // namespace jirga::testing

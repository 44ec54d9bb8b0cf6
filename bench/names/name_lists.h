// Name parts for the evaluation's synthetic population (bench/names/names_eval.cc): common
// Afghan (Pashto/Dari), Arabic, and other cultures' given names and surnames, written for this
// benchmark. Ordinary, frequent names on purpose: distractors should look like the people on a
// sanctions list.
#pragma once

#include <string_view>
#include <vector>

namespace jirga::bench::names {

inline const std::vector<std::string_view> kAfghanGiven = {
    "Abdul Ghani", "Abdul Rahim", "Abdul Karim", "Abdul Wahid", "Abdul Hakim", "Abdul Jabbar",
    "Abdul Rashid", "Abdul Samad", "Abdul Hadi", "Abdul Malik", "Abdul Qayum", "Abdul Latif",
    "Abdul Wali", "Abdul Salam", "Abdul Baqi", "Abdul Hamid", "Abdul Majid", "Abdul Rauf",
    "Abdul Sattar", "Abdul Wakil", "Abdul Qadir", "Abdul Aziz", "Abdul Haq", "Abdul Manan",
    "Abdul Razaq", "Abdul Basir", "Abdul Ahad", "Abdul Nasir", "Abdul Shakoor", "Abdul Kabir",
    "Abdullah", "Abdurrahman", "Ahmad Shah", "Mirwais", "Dost Mohammad", "Faiz Mohammad",
    "Gul Mohammad", "Juma Khan", "Nazar Mohammad", "Taj Mohammad", "Sher Mohammad",
    "Din Mohammad", "Khan Mohammad", "Wali Mohammad", "Noor Mohammad", "Gul Agha", "Gul Ahmad",
    "Sher Ali", "Noor Ahmad", "Noorullah", "Naqibullah", "Hekmatullah", "Rahmatullah",
    "Hamidullah", "Ahmadullah", "Amanullah", "Asadullah", "Azizullah", "Habibullah",
    "Hayatullah", "Inayatullah", "Kefayatullah", "Lutfullah", "Najibullah", "Obaidullah",
    "Saifullah", "Samiullah", "Shafiqullah", "Sibghatullah", "Zabihullah", "Ziaullah",
    "Fazlullah", "Ehsanullah", "Ghulam Haidar", "Ghulam Sakhi", "Ghulam Farooq", "Atiqullah",
    "Farid", "Fawad", "Haroon", "Jawad", "Javed", "Khalil", "Masood", "Mujib", "Nawid", "Omid",
    "Parwiz", "Qadir", "Sardar", "Shafiq", "Shakib", "Sohail", "Tamim", "Wahidullah", "Zaher",
    "Zia", "Zalmai", "Zarif", "Nasir", "Bashir", "Baz Mohammad", "Dawood", "Ehsan", "Fahim",
    "Ghaffar", "Hakim", "Hashmat", "Hedayatullah", "Homayoun", "Idrees", "Ismatullah", "Jalal",
    "Jamil", "Kabir", "Lal Mohammad", "Mahbub", "Matin", "Mohibullah", "Muslim", "Nabi", "Najib",
    "Naveed", "Nematullah", "Nooruddin", "Qais", "Rafi", "Rustam", "Sabawoon", "Sadiq",
    "Safiullah", "Salahuddin", "Sharifullah", "Sultan", "Tahir", "Timur", "Waheed", "Yaqoob",
    "Younus", "Zakir", "Zamir", "Zubair", "Shams ur Rahman", "Zia ul Haq", "Fazl ur Rahman",
    "Aziz ur Rahman", "Saif ur Rahman", "Hafizullah", "Anwar ul Haq", "Jalaluddin", "Sirajuddin",
    "Qutbuddin", "Mohammad Ismail", "Mohammad Yunus", "Mohammad Hassan", "Mohammad Rasul",
    "Mohammad Nabi", "Mohammad Ishaq", "Mohammad Anwar", "Mohammad Akbar", "Mohammad Aslam",
    "Mohammad Azam", "Mohammad Sadiq", "Mohammad Zahir", "Mohammad Qasim", "Mohammad Yousuf",
    "Ahmad", "Mahmood", "Hamid", "Karim", "Rahim", "Wali", "Sher", "Gul", "Noor", "Jan",
    "Janan", "Gulbuddin", "Hazrat", "Hazratullah", "Ismail", "Yousuf", "Hassan", "Hussain",
    "Ali", "Omar", "Osman", "Bilal", "Hamza", "Khalid", "Ibrahim", "Ismael", "Idris", "Ilyas",
    "Akhtar Mohammad", "Amir Khan", "Abdul Hai", "Esmatullah", "Baradar", "Qudratullah",
};

inline const std::vector<std::string_view> kAfghanFamily = {
    "Popalzai", "Barakzai", "Alikozai", "Achakzai", "Noorzai", "Ishaqzai", "Alizai", "Durrani",
    "Ghilzai", "Hotak", "Tokhi", "Kakar", "Zadran", "Mangal", "Wardak", "Safi", "Shinwari",
    "Mohmand", "Afridi", "Yusufzai", "Khattak", "Niazi", "Lodi", "Sadozai", "Mohammadzai",
    "Jaji", "Kharoti", "Sulaimankhel", "Andar", "Taraki", "Stanikzai", "Ahmadzai", "Rahimi",
    "Karimi", "Ahmadi", "Hashimi", "Sultani", "Haidari", "Hussaini", "Mohammadi", "Nazari",
    "Amiri", "Rezai", "Sadat", "Qaderi", "Rasuli", "Nuristani", "Panjshiri", "Kohistani",
    "Helmandi", "Kandahari", "Paktiawal", "Logari", "Baghlani", "Kunduzi", "Faryabi", "Jalali",
    "Akhundzada", "Haqqani", "Zazai", "Waziri", "Mehsud", "Bangash", "Orakzai", "Khan",
    "Hamidi", "Nasiri", "Saberi", "Rahmani", "Sharifi", "Yousufi", "Azizi", "Habibi", "Qaumi",
    "Naseri", "Samadi", "Wahidi", "Hakimi", "Bahadur", "Muttaqi", "Zaheer", "Omari",
};

inline const std::vector<std::string_view> kArabGiven = {
    "Khalid", "Mahmoud", "Yousef", "Ibrahim", "Ismail", "Hassan", "Hussein", "Ali", "Omar",
    "Osman", "Tariq", "Bilal", "Hamza", "Saad", "Faisal", "Nasser", "Jamal", "Kamal", "Karim",
    "Rashid", "Said", "Salim", "Sami", "Walid", "Zaid", "Ziad", "Adel", "Amin", "Anwar", "Bakr",
    "Fahd", "Fuad", "Hadi", "Harun", "Idris", "Jabir", "Jafar", "Latif", "Majid", "Malik",
    "Mansur", "Marwan", "Munir", "Mustafa", "Nabil", "Nadir", "Naim", "Qasim", "Rafiq", "Riyad",
    "Sabir", "Salah", "Shakir", "Sharif", "Talal", "Tahir", "Wahid", "Yahya", "Yaqub", "Yunus",
    "Zakaria", "Zubair", "Abdallah", "Abdelaziz", "Abdelkader", "Abderrahmane", "Abdelhamid",
    "Fatima", "Aisha", "Khadija", "Maryam", "Zainab", "Layla", "Huda", "Amal", "Nour", "Salma",
    "Mohamed", "Muhammad", "Ahmed",
};

inline const std::vector<std::string_view> kArabFamily = {
    "al-Masri", "al-Hashimi", "al-Tamimi", "al-Qahtani", "al-Otaibi", "al-Shammari",
    "al-Dosari", "al-Harbi", "al-Zahrani", "al-Ghamdi", "al-Mutairi", "al-Anazi", "Haddad",
    "Khoury", "Nasser", "Saleh", "Mansour", "Hamdan", "Aziz", "Barakat", "Darwish", "Farouk",
    "Habib", "Issa", "Jaber", "Khalil", "Mahfouz", "Najjar", "Qureshi", "Rahman", "Sabbagh",
    "Shehab", "Suleiman", "Yassin", "Zaki", "Abbas", "Bakri", "Hijazi", "Kanaan", "Obeid",
};

// Other cultures: {given names, family names}.
struct Culture {
  std::vector<std::string_view> given, family;
};

inline const std::vector<Culture> kOtherCultures = {
    {{"James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas",
      "Charles", "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan",
      "Jessica", "Sarah", "Karen", "Daniel", "Matthew", "Anthony", "Mark", "Paul", "Steven",
      "Andrew", "Emily", "Emma", "Olivia"},
     {"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
      "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark",
      "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green",
      "Baker", "Adams", "Nelson"}},
    {{"José", "Juan", "Luis", "Carlos", "María", "Carmen", "Ana", "Pedro", "Miguel", "Javier",
      "Francisco", "Antonio", "Manuel", "Jorge", "Lucía", "Sofía", "Isabel", "Diego", "Pablo",
      "Alejandro"},
     {"García", "Rodríguez", "Martínez", "López", "González", "Hernández", "Pérez", "Sánchez",
      "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Reyes", "Morales", "Cruz",
      "Ortiz", "Gutiérrez", "Chávez"}},
    {{"Ivan", "Dmitri", "Sergei", "Alexei", "Olga", "Natalia", "Vladimir", "Nikolai", "Yuri",
      "Anna", "Mikhail", "Andrei", "Tatiana", "Irina", "Pavel", "Oleg", "Elena", "Svetlana"},
     {"Ivanov", "Smirnov", "Kuznetsov", "Popov", "Vasiliev", "Petrov", "Sokolov", "Mikhailov",
      "Novikov", "Fedorov", "Morozov", "Volkov", "Alekseev", "Lebedev", "Semenov", "Egorov"}},
    {{"Wei", "Fang", "Min", "Jing", "Li", "Lei", "Jun", "Yan", "Hui", "Xin", "Ming", "Hong",
      "Ping", "Tao", "Yong", "Qiang"},
     {"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
      "Ma", "Zhu", "Hu", "Guo"}},
    {{"Rahul", "Amit", "Priya", "Sunita", "Ravi", "Anil", "Sanjay", "Deepak", "Pooja", "Vijay",
      "Arjun", "Kavita", "Suresh", "Rajesh", "Anita", "Manoj"},
     {"Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Rao", "Iyer", "Nair", "Das",
      "Joshi", "Mehta", "Verma", "Chopra", "Malhotra", "Banerjee"}},
    {{"Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "Emine", "Fatma",
      "Ayşe", "Murat", "Emre", "Zeynep", "Elif", "Burak", "Cem"},
     {"Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
      "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara"}},
    {{"Kwame", "Kofi", "Chinedu", "Oluwaseun", "Amara", "Thabo", "Sipho", "Abebe", "Tesfaye",
      "Fatou", "Moussa", "Aminata", "Ibrahima", "Chipo", "Tendai", "Ngozi"},
     {"Okafor", "Mensah", "Nkosi", "Diallo", "Traoré", "Keita", "Mwangi", "Ochieng", "Bekele",
      "Adeyemi", "Okonkwo", "Boateng", "Dlamini", "Ndlovu", "Kamara", "Sow"}},
};

inline const std::vector<std::string_view> kTitles = {"Mullah", "Haji", "Maulvi", "Qari",
                                                      "Sayed", "Mawlawi", "Mulla", "Hafiz"};

inline const std::vector<std::string_view> kProvinces = {
    "Badakhshan", "Badghis", "Baghlan", "Balkh", "Bamyan", "Daykundi", "Farah", "Faryab",
    "Ghazni", "Ghor", "Helmand", "Herat", "Jowzjan", "Kabul", "Kandahar", "Kapisa", "Khost",
    "Kunar", "Kunduz", "Laghman", "Logar", "Nangarhar", "Nimroz", "Nuristan", "Paktia",
    "Paktika", "Panjshir", "Parwan", "Samangan", "Sar-e Pol", "Takhar", "Uruzgan", "Wardak",
    "Zabul"};

}  // namespace jirga::bench::names

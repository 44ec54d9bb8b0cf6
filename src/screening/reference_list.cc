// Helpers shared by the reference-list parsers: name kinds, whitespace folding, alias splitting.
#include "screening/reference_list.h"

#include <algorithm>

namespace jirga::screening {

std::string_view NameKindName(NameKind kind) {
  switch (kind) {
    case NameKind::kPrimary:
      return "primary";
    case NameKind::kOriginalScript:
      return "original-script";
    case NameKind::kAlias:
      return "alias";
    case NameKind::kLowAlias:
      return "low-alias";
  }
  return "alias";
}

std::optional<int> ListEntry::SingleBirthYear() const {
  if (birth_years.size() != 1) return std::nullopt;
  return birth_years[0];
}

size_t ReferenceList::NameCount() const {
  size_t n = 0;
  for (const ListEntry& e : entries) n += e.names.size();
  return n;
}

std::string CollapseSpace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

namespace {

// True if `s` has an ASCII letter or any non-ASCII byte (a letter of another script; the name
// library decides later whether it is one).
bool HasLetter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return u >= 0x80 || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
  });
}

void AddParts(std::string_view text, std::vector<std::string>& out) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(';', start);
    if (end == std::string_view::npos) end = text.size();
    std::string part = CollapseSpace(text.substr(start, end - start));
    while (!part.empty() && (part.back() == ',' || part.back() == ' ')) part.pop_back();
    while (!part.empty() && (part.front() == ',' || part.front() == ' ')) part.erase(0, 1);
    if (HasLetter(part) && std::find(out.begin(), out.end(), part) == out.end()) {
      out.push_back(std::move(part));
    }
    start = end + 1;
  }
}

}  // namespace

std::vector<std::string> SplitAliasText(std::string_view text) {
  std::string outside;
  std::vector<std::string> inside;
  int depth = 0;
  size_t open = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '(') {
      if (depth++ == 0) open = i + 1;
    } else if (c == ')' && depth > 0) {
      if (--depth == 0) inside.emplace_back(text.substr(open, i - open));
    } else if (depth == 0) {
      outside.push_back(c);
    }
  }
  // An unclosed parenthesis: its text is still a name.
  if (depth > 0) inside.emplace_back(text.substr(open));
  std::vector<std::string> out;
  AddParts(outside, out);
  for (const std::string& s : inside) AddParts(s, out);
  return out;
}

}  // namespace jirga::screening

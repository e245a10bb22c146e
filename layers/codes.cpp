#include "layers/codes.hpp"

#include <algorithm>
#include <cctype>

namespace swsplan::layers {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Strips "KH" and a trailing ".0" / ".00" (numbers read from CSV as floats); returns the
// bare digit string or nullopt.
std::optional<std::string> bare_digits(std::string_view text) {
  auto s = trim(text);
  if (s.size() >= 2 && (s[0] == 'K' || s[0] == 'k') && (s[1] == 'H' || s[1] == 'h')) s.remove_prefix(2);
  if (auto dot = s.find('.'); dot != std::string_view::npos) {
    auto frac = s.substr(dot + 1);
    if (!std::all_of(frac.begin(), frac.end(), [](char c) { return c == '0'; })) return std::nullopt;
    s = s.substr(0, dot);
  }
  if (!all_digits(s)) return std::nullopt;
  return std::string(s);
}

}  // namespace

int ncdd_digits(AdminLevel level) { return 2 * static_cast<int>(level); }

std::optional<std::string> to_pcode(std::string_view text, AdminLevel level) {
  auto digits = bare_digits(text);
  if (!digits) return std::nullopt;
  const std::size_t want = static_cast<std::size_t>(ncdd_digits(level));
  // NCDD numeric codes drop the province's leading zero: 10201 is commune 010201.
  if (digits->size() == want - 1) digits->insert(digits->begin(), '0');
  if (digits->size() != want) return std::nullopt;
  if (digits->substr(0, 2) == "00") return std::nullopt;  // province 00 does not exist
  return "KH" + *digits;
}

std::optional<std::string> to_ncdd(std::string_view text, AdminLevel level) {
  auto p = to_pcode(text, level);
  if (!p) return std::nullopt;
  std::string d = p->substr(2);
  d.erase(0, std::min(d.find_first_not_of('0'), d.size() - 1));
  return d;
}

std::optional<std::string> to_village_code(std::string_view text) {
  auto p = to_pcode(text, AdminLevel::Village);
  if (!p) return std::nullopt;
  return p->substr(2);
}

std::optional<std::string> parent_pcode(std::string_view pcode, AdminLevel parent) {
  auto lvl = level_of_pcode(pcode);
  if (!lvl || static_cast<int>(*lvl) <= static_cast<int>(parent)) return std::nullopt;
  return std::string(pcode.substr(0, 2 + ncdd_digits(parent)));
}

std::optional<AdminLevel> level_of_pcode(std::string_view pcode) {
  if (pcode.size() < 4 || pcode.substr(0, 2) != "KH" || !all_digits(pcode.substr(2))) return std::nullopt;
  switch (pcode.size() - 2) {
    case 2: return AdminLevel::Province;
    case 4: return AdminLevel::District;
    case 6: return AdminLevel::Commune;
    case 8: return AdminLevel::Village;
    default: return std::nullopt;
  }
}

}  // namespace swsplan::layers

#include "gis/core/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace swsplan::gis {

namespace {
char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  return prefix.size() <= s.size() &&
         std::equal(prefix.begin(), prefix.end(), s.begin(), [](char a, char b) { return lower(a) == lower(b); });
}

// Edits allowed between two names: a letter in names of 3 or more, two in names of 7 or more,
// so that short names ("map", "pwp") are not suggested for any short word.
std::size_t allowed_edits(std::size_t longer) { return longer >= 7 ? 2 : longer >= 3 ? 1 : 0; }
}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows of the dynamic programme: the one two back holds the cost before a swap.
  std::vector<std::size_t> prev2(b.size() + 1), prev(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = lower(a[i - 1]) == lower(b[j - 1]);
      row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
        row[j] = std::min(row[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, row);
  }
  return prev[b.size()];
}

std::optional<std::string> closest_name(std::string_view given, const std::vector<std::string>& names,
                                        const std::vector<std::pair<std::string, std::string>>& aliases) {
  std::vector<std::pair<std::string_view, std::string_view>> spellings;  // spelling -> the name it stands for
  spellings.reserve(names.size() + aliases.size());
  for (const auto& n : names) spellings.emplace_back(n, n);
  for (const auto& [alias, name] : aliases) spellings.emplace_back(alias, name);
  for (const auto& [spelling, name] : spellings)
    if (given == spelling) return std::nullopt;  // not misspelt: whatever failed, it was not the name
  // The fewest edits wins; two different names at the fewest is a guess, not a suggestion.
  std::optional<std::string_view> best;
  std::size_t best_d = 0;
  bool tied = false;
  for (const auto& [spelling, name] : spellings) {
    const std::size_t d = edit_distance(given, spelling);
    if (d > allowed_edits(std::max(given.size(), spelling.size()))) continue;
    if (!best || d < best_d) {
      best = name, best_d = d, tied = false;
    } else if (d == best_d && name != *best) {
      tied = true;
    }
  }
  if (best) return tied ? std::nullopt : std::optional<std::string>(*best);
  // A name cut short ("anal", "scen"): suggested only when one name begins so.
  if (given.size() < 2) return std::nullopt;
  for (const auto& [spelling, name] : spellings) {
    if (!starts_with_nocase(spelling, given)) continue;
    if (best && *best != name) return std::nullopt;
    best = name;
  }
  return best ? std::optional<std::string>(*best) : std::nullopt;
}

std::string did_you_mean(std::string_view given, const std::vector<std::string>& names, std::string_view label,
                         const std::vector<std::pair<std::string, std::string>>& aliases) {
  if (auto c = closest_name(given, names, aliases)) return "; did you mean '" + *c + "'?";
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  return ". " + std::string(label) + ": " + list;
}

}  // namespace swsplan::gis

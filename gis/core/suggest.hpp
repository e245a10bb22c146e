#pragma once
/// @file "Did you mean" for misspelt names (verbs, services, keys): the candidate the user most
/// likely meant, when exactly one is close enough, and otherwise the list of every name.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace swsplan::gis {

/// Damerau-Levenshtein distance in its optimal-string-alignment form: insertions, deletions,
/// substitutions and swaps of two adjacent letters ("acsess" -> "access" is 1), ASCII
/// case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The name `given` is most likely a misspelling of; nullopt when none is, or when two are
/// equally likely. A name is close when it differs only in case; or is one edit away and the
/// longer of the two has at least 3 letters, or two edits away and at least 7 ("analyse" ->
/// "analyze", "helth_centre" -> "health_centre", but "x" or "export" suggest nothing); or,
/// failing those, when `given` (2 letters or more) begins exactly one name ("anal" ->
/// "analyze"). Case is ignored throughout. `given` identical to a name suggests nothing.
/// `aliases` are other accepted spellings, each with the name it stands for: they are matched
/// too, their name is suggested, and two spellings of one name never tie.
std::optional<std::string> closest_name(std::string_view given, const std::vector<std::string>& names,
                                        const std::vector<std::pair<std::string, std::string>>& aliases = {});

/// The end of an "unknown name" sentence: "; did you mean 'NAME'?" when closest_name() finds
/// one, else ". LABEL: a, b, c" listing the names (`label` e.g. "Verbs" or "Known").
std::string did_you_mean(std::string_view given, const std::vector<std::string>& names, std::string_view label,
                         const std::vector<std::pair<std::string, std::string>>& aliases = {});

}  // namespace swsplan::gis

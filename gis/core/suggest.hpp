#pragma once
/// @file "Did you mean" for misspelt names (verbs, services, keys): the closest candidate by
/// edit distance, when it is close enough to be what the user meant.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace swsplan::gis {

/// Levenshtein distance (insertions, deletions, substitutions; ASCII case-insensitive).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `given`, if at most 2 edits away and fewer edits than a third of
/// the longer name (so "analyse" -> "analyze", "helth_centre" -> "health_centre", but "x"
/// suggests nothing). Ties go to the first candidate.
std::optional<std::string> closest_name(std::string_view given, const std::vector<std::string>& candidates);

/// The end of an "unknown name" sentence: "; did you mean 'NAME'?" for closest_name(), else ".".
std::string did_you_mean(std::string_view given, const std::vector<std::string>& candidates);

}  // namespace swsplan::gis

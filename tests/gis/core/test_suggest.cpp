// "Did you mean": edit distance and the closest-name rule used by the CLI's messages.
#include <catch2/catch.hpp>

#include "gis/core/suggest.hpp"

using namespace swsplan;

namespace {
const std::vector<std::string> kVerbs = {"info", "import",  "sample",    "access", "analyze", "settings", "map",
                                         "report", "site", "scenarios", "cost", "pwp",  "compare",  "scale-up"};
}  // namespace

TEST_CASE("edit distance counts insertions, deletions, substitutions and adjacent swaps, ignoring ASCII case",
          "[suggest]") {
  CHECK(gis::edit_distance("", "") == 0);
  CHECK(gis::edit_distance("abc", "") == 3);
  CHECK(gis::edit_distance("", "abc") == 3);
  CHECK(gis::edit_distance("analyse", "analyze") == 1);
  CHECK(gis::edit_distance("helth_centre", "health_centre") == 1);
  CHECK(gis::edit_distance("kitten", "sitting") == 3);
  CHECK(gis::edit_distance("Site", "site") == 0);
  // A swap of two neighbours is one edit, where Levenshtein counts two.
  CHECK(gis::edit_distance("ifno", "info") == 1);
  CHECK(gis::edit_distance("acsess", "access") == 1);
  CHECK(gis::edit_distance("helth_center", "health_centre") == 2);
  CHECK(gis::edit_distance("ab", "ba") == 1);
  CHECK(gis::edit_distance("abc", "ca") == 3);  // optimal string alignment: no edit of a swapped pair
}

TEST_CASE("closest name: one near miss is suggested, a far, tiny or ambiguous one is not", "[suggest]") {
  CHECK(gis::closest_name("analyse", kVerbs) == "analyze");
  CHECK(gis::closest_name("acess", kVerbs) == "access");
  CHECK(gis::closest_name("scenario", kVerbs) == "scenarios");
  CHECK(gis::closest_name("ifno", kVerbs) == "info");       // swapped letters
  CHECK(gis::closest_name("mpa", kVerbs) == "map");         // a 3-letter name allows one edit
  CHECK(gis::closest_name("Analyze", kVerbs) == "analyze");  // case only
  CHECK(gis::closest_name("SCALE_UP", kVerbs) == "scale-up");
  CHECK_FALSE(gis::closest_name("x", kVerbs));        // one letter is not a misspelling of anything
  CHECK_FALSE(gis::closest_name("export", kVerbs));   // two edits from import, too many for 6 letters
  CHECK_FALSE(gis::closest_name("zzz", kVerbs));
  CHECK_FALSE(gis::closest_name("analyze", kVerbs));  // exact: nothing to suggest
  CHECK_FALSE(gis::closest_name("", kVerbs));
  CHECK_FALSE(gis::closest_name("analyse", {}));
  // Equally close to two names: a guess, not a suggestion.
  CHECK_FALSE(gis::closest_name("cat", {"bat", "cot"}));
  CHECK_FALSE(gis::closest_name("cat", {"bat", "cat!", "ca"}));
}

TEST_CASE("closest name: a name cut short is completed when only one name begins so", "[suggest]") {
  CHECK(gis::closest_name("anal", kVerbs) == "analyze");
  CHECK(gis::closest_name("scen", kVerbs) == "scenarios");
  CHECK(gis::closest_name("Rep", kVerbs) == "report");
  CHECK_FALSE(gis::closest_name("sc", kVerbs));  // scenarios or scale-up
  CHECK_FALSE(gis::closest_name("co", kVerbs));  // cost or compare
  CHECK_FALSE(gis::closest_name("r", kVerbs));   // one letter is too little to go on
  // An edit-distance match comes before a prefix one.
  CHECK(gis::closest_name("sit", kVerbs) == "site");
}

TEST_CASE("closest name: aliases are matched and stand for their name", "[suggest]") {
  const std::vector<std::string> ids = {"health_centre", "health_post", "school_primary"};
  const std::vector<std::pair<std::string, std::string>> aliases = {
      {"health_center", "health_centre"}, {"hc", "health_centre"}, {"primary_school", "school_primary"}};
  CHECK(gis::closest_name("helth_centre", ids, aliases) == "health_centre");
  CHECK(gis::closest_name("health_centr", ids, aliases) == "health_centre");  // near an id and its alias: no tie
  CHECK(gis::closest_name("primary_scool", ids, aliases) == "school_primary");
  CHECK_FALSE(gis::closest_name("health", ids, aliases));  // begins two names
  CHECK_FALSE(gis::closest_name("bakery", ids, aliases));
}

TEST_CASE("did you mean: the suggestion, or else the list of names", "[suggest]") {
  CHECK(gis::did_you_mean("analyse", kVerbs, "Verbs") == "; did you mean 'analyze'?");
  CHECK(gis::did_you_mean("zzz", {"info", "map"}, "Verbs") == ". Verbs: info, map");
  CHECK(gis::did_you_mean("primary_scool", {"school_primary"}, "Known", {{"primary_school", "school_primary"}}) ==
        "; did you mean 'school_primary'?");
  CHECK(gis::did_you_mean("zzz", {}, "Known") == ". Known: ");
}

// "Did you mean": edit distance and the closest-name rule used by the CLI's messages.
#include <catch2/catch.hpp>

#include "gis/core/suggest.hpp"

using namespace swsplan;

TEST_CASE("edit distance counts insertions, deletions and substitutions, ignoring ASCII case", "[suggest]") {
  CHECK(gis::edit_distance("", "") == 0);
  CHECK(gis::edit_distance("abc", "") == 3);
  CHECK(gis::edit_distance("analyse", "analyze") == 1);
  CHECK(gis::edit_distance("helth_centre", "health_centre") == 1);
  CHECK(gis::edit_distance("kitten", "sitting") == 3);
  CHECK(gis::edit_distance("Site", "site") == 0);
}

TEST_CASE("closest name: a near miss is suggested, a far or tiny one is not", "[suggest]") {
  const std::vector<std::string> verbs = {"info", "import", "access", "analyze", "site", "scenarios", "scale-up"};
  CHECK(gis::closest_name("analyse", verbs) == "analyze");
  CHECK(gis::closest_name("acess", verbs) == "access");
  CHECK(gis::closest_name("scenario", verbs) == "scenarios");
  CHECK_FALSE(gis::closest_name("x", verbs));        // one letter is not a misspelling of anything
  CHECK_FALSE(gis::closest_name("report", verbs));   // far from every candidate
  CHECK_FALSE(gis::closest_name("analyze", verbs));  // exact: nothing to suggest
  CHECK(gis::did_you_mean("analyse", verbs) == "; did you mean 'analyze'?");
  CHECK(gis::did_you_mean("zzz", verbs) == ".");
}

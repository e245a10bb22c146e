// End-to-end tests of `swsplan map` (the real binary): what a page shows by default (the
// project's name as title, the theme as subtitle, the decluttered layers the desktop app opens
// with), the whole source footer, and Khmer pages without Qt's font notes on stderr.
#include <catch2/catch.hpp>
#include <string>

#include "e2e_util.hpp"

using namespace swsplan::e2e;
using Catch::Matchers::Contains;

namespace {

/// The sample after `analyze` and a siting run: gap classes, district_priority, offices, van
/// stops and a line per village.
struct Sited {
  TempDir dir{"e2e_map"};
  fs::path path = dir / "demo.gpkg";
  Sited() {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"sample", "--out", path.string(), "-q"}, {"analyze", path.string(), "-q"},
          {"site", path.string(), "--scenario", "north", "-q"}}) {
      auto r = run_swsplan(args, dir.path);
      if (r.exit_code != 0) throw std::runtime_error(r.describe());
    }
  }
};
const Sited& sited() {
  static const Sited s;
  return s;
}

}  // namespace

TEST_CASE("map: title from the project's name, the gap classes on top, the whole footer", "[e2e][map]") {
  if (!have_renderer()) {
    WARN("swsplan built without the desktop renderer: no map to check");
    return;
  }
  const auto& s = sited();
  const fs::path out = s.dir / "page.pdf";
  auto r = run_swsplan({"map", s.path.string(), "--out", out.string()}, s.dir.path);
  REQUIRE(r.exit_code == 0);
  INFO(r.err);
  // district_priority would cover the gap classes; a line per village buries the map.
  CHECK_THAT(r.err, Contains("off: district_priority scenario_north_assignment_lines"));
  const std::string text = pdf_text(out, s.dir.path);
  INFO(text);
  CHECK_THAT(text, Contains("Demo Province (synthetic)"));  // the project's name, not "demo"
  CHECK_FALSE(Contains("demo ").match(text.substr(0, 5)));
  CHECK_THAT(text, Contains("Gap: Health centre"));         // subtitle and legend
  CHECK_THAT(text, Contains("unavailable and unaffordable"));
  CHECK_FALSE(Contains("District priority index").match(text));
  CHECK_THAT(text, Contains("Synthetic demo data, not real.") && Contains("Map: swsplan, EPSG:32648."));

  // An explicit layer list draws exactly those layers, hidden by default or not.
  const fs::path chosen = s.dir / "priority.pdf";
  r = run_swsplan({"map", s.path.string(), "--out", chosen.string(), "--layers", "district_priority,districts"},
                  s.dir.path);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(pdf_text(chosen, s.dir.path), Contains("District priority index"));
}

TEST_CASE("map --lang km: the legend in Khmer and no Qt font notes on stderr", "[e2e][map]") {
  if (!have_renderer()) {
    WARN("swsplan built without the desktop renderer: no map to check");
    return;
  }
  const auto& s = sited();
  const fs::path out = s.dir / "page_km.pdf";
  auto r = run_swsplan({"map", s.path.string(), "--out", out.string(), "--lang", "km"}, s.dir.path);
  REQUIRE(r.exit_code == 0);
  CHECK_FALSE(Contains("OpenType support missing").match(r.err));
  CHECK_FALSE(Contains("QStandardPaths").match(r.err));
  const std::string text = pdf_text(out, s.dir.path);
  INFO(text);
  // Khmer script (U+1780..U+17FF: UTF-8 E1 9E xx / E1 9F xx) in the text layer, and the
  // English legend words gone.
  CHECK((text.find("\xE1\x9E") != std::string::npos || text.find("\xE1\x9F") != std::string::npos));
  CHECK_FALSE(Contains("Legend").match(text));
  CHECK_FALSE(Contains("unavailable and unaffordable").match(text));
  CHECK_FALSE(Contains("Gap:").match(text));
}

TEST_CASE("map and report into a missing folder: a plain error naming it, no Qt painter messages", "[e2e][map]") {
  if (!have_renderer()) {
    WARN("swsplan built without the desktop renderer: no map to check");
    return;
  }
  const auto& s = sited();
  const fs::path missing = s.dir / "no_such_folder";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"map", s.path.string(), "--out", (missing / "page.pdf").string()},
        {"map", s.path.string(), "--out", (missing / "page.png").string()},
        {"report", "district", s.path.string(), "--out", (missing / "brief.pdf").string()}}) {
    CAPTURE(args);
    auto r = run_swsplan(args, s.dir.path);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains("the folder " + missing.string() + " does not exist"));
    CHECK_FALSE(Contains("QPainter").match(r.err));
    CHECK_FALSE(fs::exists(missing));
  }
}

// End-to-end tests of wet- vs dry-season access scenarios (issue 7 item 5) on the synthetic
// sample: `swsplan access --mode raster --scenario NAME [--season wet]` stores two access
// scenarios (leaving the access_<service> tables alone), `swsplan compare` reads them with
// the wet season losing covered households and the difference B - A antisymmetric; the
// scenario's tables agree with the command's JSON; impossible requests fail and leave the
// project byte-for-byte unchanged.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e_util.hpp"
#include "layers/project.hpp"

using namespace swsplan;
using namespace swsplan::e2e;
using Catch::Matchers::Contains;

namespace {

struct SampleCopy {
  TempDir dir{"e2e_season_sample"};
  fs::path path = dir / "demo.gpkg";
  SampleCopy() { fs::copy_file(fs::path(SWSPLAN_SOURCE_DIR) / "sample-maps" / "demo_province.gpkg", path); }
};

nlohmann::json run_json(const std::vector<std::string>& args, const fs::path& scratch) {
  auto r = run_swsplan(args, scratch);
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  return nlohmann::json::parse(r.out);
}

}  // namespace

TEST_CASE("season: dry and wet access scenarios on the sample compare with the wet season losing coverage",
          "[e2e][access][season]") {
  SampleCopy s;
  const auto p = s.path.string();
  const std::vector<std::string> base = {"access", p, "--service", "health_centre", "--mode", "raster", "--threshold",
                                         "60min", "--raster-dir", s.dir.path.string(), "--json", "-q"};
  auto with = [&](std::vector<std::string> extra) {
    auto a = base;
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  };
  const auto dry = run_json(with({"--scenario", "dry"}), s.dir.path);
  const auto wet = run_json(with({"--scenario", "wet", "--season", "wet"}), s.dir.path);
  CHECK(dry["scenario"] == "dry");
  CHECK(dry["season"]["name"] == "dry");
  CHECK(wet["season"]["name"] == "wet");
  CHECK(wet["season"]["offroad_speed_factor"] == 0.5);
  const double cov_dry = dry["households_covered"].get<double>(), cov_wet = wet["households_covered"].get<double>();
  CHECK(cov_wet < cov_dry);
  CHECK(wet["median_cost"].get<double>() > dry["median_cost"].get<double>());

  auto project = layers::Project::open(p);
  // A scenario run leaves the ordinary access tables alone.
  CHECK_FALSE(project.has("access_health_centre"));
  REQUIRE(project.has("scenario_wet_access_villages"));
  REQUIRE(project.has("scenario_wet_access_communes"));
  const auto vt = project.read("scenario_wet_access_villages");
  CHECK(vt.size() == wet["villages"].get<std::size_t>());
  std::size_t within = 0;
  for (std::size_t i = 0; i < vt.size(); ++i) within += vt.column("within_threshold").number(i).value_or(0) != 0;
  CHECK(within == wet["villages_within"].get<std::size_t>());
  CHECK(fs::exists(s.dir / "demo_wet_health_centre_time_s.tif"));

  // The scenarios list shows both as model "access".
  const auto list = run_json({"scenarios", p, "--json"}, s.dir.path);
  REQUIRE(list.size() == 2);
  CHECK(list[0]["model"] == "access");
  CHECK(list[1]["settings"]["season"]["name"] == "wet");

  const auto csv = s.dir / "dry_wet.csv";
  const auto d = run_json({"compare", p, "dry", "wet", "--csv", csv.string(), "--json"}, s.dir.path);
  const auto r = run_json({"compare", p, "wet", "dry", "--no-store", "--json"}, s.dir.path);
  CHECK(d["kind_a"] == "access");
  CHECK(d["access_unit"] == "min");
  CHECK(d["total"]["covered_households_a"].get<double>() == Approx(cov_dry));
  CHECK(d["total"]["covered_households_b"].get<double>() == Approx(cov_wet));
  CHECK(d["total"]["diff_covered_households"].get<double>() == Approx(cov_wet - cov_dry));
  CHECK(d["total"]["diff_covered_households"].get<double>() == -r["total"]["diff_covered_households"].get<double>());
  CHECK(d["total"]["diff_access"].get<double>() > 0);
  REQUIRE(d["communes"].size() == r["communes"].size());
  std::size_t losing = 0;
  for (std::size_t i = 0; i < d["communes"].size(); ++i) {
    CHECK(d["communes"][i]["diff_covered_poor"].get<double>() == -r["communes"][i]["diff_covered_poor"].get<double>());
    CHECK(d["communes"][i]["diff_covered_households"].get<double>() <= 0);  // the wet season never gains
    losing += d["communes"][i]["diff_covered_households"].get<double>() < 0;
  }
  CHECK(losing > 0);
  CHECK(layers::Project::open(p).has("compare_dry_wet"));
  CHECK(fs::exists(csv));

  // An access run has nothing to cost: refused by name, the project unchanged.
  const auto before = sha256_file(p);
  auto cost = run_swsplan({"cost", p, "--scenario", "wet", "-q"});
  INFO(cost.describe());
  CHECK(cost.exit_code == 2);
  CHECK(cost.err.find("'wet'") != std::string::npos);
  CHECK(cost.err.find("access run") != std::string::npos);
  CHECK(sha256_file(p) == before);
}

TEST_CASE("season: impossible requests are usage errors and leave the project unchanged", "[e2e][access][season]") {
  SampleCopy s;
  const auto p = s.path.string();
  auto ok = run_swsplan({"access", p, "-s", "health_centre", "-m", "raster", "-t", "60min", "--scenario", "dry",
                         "--raster-dir", s.dir.path.string(), "-q"},
                        s.dir.path);
  REQUIRE(ok.exit_code == 0);
  const auto before = sha256_file(s.path);
  struct Case {
    std::vector<std::string> extra;
    const char* says;
  };
  const std::vector<Case> cases = {
      {{"-m", "line", "--season", "wet"}, "--mode raster"},
      {{"-m", "raster", "-t", "60min", "--season", "monsoon"}, "dry or wet"},
      {{"-m", "raster", "-t", "60min", "--scenario", "dry"}, "already exists"},
      {{"-m", "raster", "-t", "60min", "--scenario", "bad name"}, "letters"},
      {{"-m", "raster", "-t", "60min", "--flood-threshold", "40"}, "flood-prone land"},
      {{"-m", "raster", "-t", "60min", "--replace"}, "--scenario"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"access", p, "-s", "health_centre", "--raster-dir", s.dir.path.string(), "-q"};
    args.insert(args.end(), c.extra.begin(), c.extra.end());
    auto r = run_swsplan(args, s.dir.path);
    INFO(r.describe());
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains(c.says));
  }
  // A flood field the communes do not have is an input error naming the field.
  auto f = run_swsplan({"access", p, "-s", "health_centre", "-m", "raster", "-t", "60min", "--season", "wet",
                        "--flood-field", "no_such_field", "--scenario", "wet", "--raster-dir", s.dir.path.string(), "-q"},
                       s.dir.path);
  INFO(f.describe());
  CHECK(f.exit_code != 0);
  CHECK_THAT(f.err, Contains("no_such_field"));
  CHECK(sha256_file(s.path) == before);
}

TEST_CASE("season: a flooded-areas polygon layer marks its land flood-prone, a point layer is refused",
          "[e2e][access][season]") {
  SampleCopy s;
  const auto p = s.path.string();
  auto run_wet = [&](const std::string& name, std::vector<std::string> extra) {
    std::vector<std::string> args = {"access", p, "-s", "health_centre", "-m", "raster", "-t", "60min", "--season",
                                     "wet", "--scenario", name, "--raster-dir", s.dir.path.string(), "--json", "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_swsplan(args, s.dir.path);
  };
  const auto wet = run_wet("wet", {});
  REQUIRE(wet.exit_code == 0);
  // The whole province flooded and impassable off-road: only villages on a road keep a time.
  const auto fl = run_wet("flooded", {"--flood-layer", "communes", "--flood-factor", "0"});
  INFO(fl.describe());
  REQUIRE(fl.exit_code == 0);
  const auto jw = nlohmann::json::parse(wet.out), jf = nlohmann::json::parse(fl.out);
  CHECK(jw["flood_cells"] == 0);
  CHECK(jf["flood_cells"].get<double>() > 0);
  CHECK(jf["season"]["flood_layer"] == "communes");
  CHECK(jf["households_covered"].get<double>() < jw["households_covered"].get<double>());
  CHECK(jf["villages_reached"].get<double>() < jw["villages_reached"].get<double>());
  const auto vt = layers::Project::open(p).read("scenario_flooded_access_villages");
  std::size_t flooded = 0;
  for (std::size_t i = 0; i < vt.size(); ++i) flooded += vt.column("flood_prone").number(i).value_or(0) != 0;
  CHECK(flooded == vt.size());  // every village lies in a commune
  const auto before = sha256_file(s.path);
  const auto bad = run_wet("points", {"--flood-layer", "villages"});
  INFO(bad.describe());
  CHECK(bad.exit_code != 0);
  CHECK_THAT(bad.err, Contains("polygons"));
  CHECK(sha256_file(s.path) == before);
}

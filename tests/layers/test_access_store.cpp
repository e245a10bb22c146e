// The fingerprint of an access search: each input it reads changes exactly its own hash, and
// what the search does not read (classification norms, deprivation settings, other services'
// facilities, roads in line mode) changes none.
#include <catch2/catch.hpp>
#include <filesystem>

#include "layers/access_store.hpp"
#include "layers/project.hpp"

using namespace swsplan;
using layers::Service;
namespace fs = std::filesystem;

namespace {
using Diff = std::vector<std::string>;

const layers::AccessInputs& demo_inputs() {
  static const auto in = layers::load_access_inputs(
      layers::Project::open((fs::path(SWSPLAN_SOURCE_DIR) / "sample-maps" / "demo_province.gpkg").string()));
  return in;
}
}  // namespace

TEST_CASE("access fingerprint: each input changes its own hash only", "[access-store]") {
  const auto& base = demo_inputs();
  REQUIRE(base.roads_m);
  auto s = layers::default_settings(Service::HealthCentre);
  const layers::AnalysisSettings a;
  const auto dry = layers::dry_season();
  const auto f0 = layers::access_fingerprint(base, s, a, dry);
  CHECK(f0.differences(layers::access_fingerprint(base, s, a, dry)).empty());
  CHECK(layers::AccessFingerprint::from_json(f0.to_json()).differences(f0).empty());

  SECTION("settings the search reads, and those it does not") {
    auto t = s;
    t.coverage_norm_0_1 = 0.5;
    t.capacity_norm = 2;
    CHECK(layers::access_fingerprint(base, t, a, dry).differences(f0).empty());
    auto b = a;
    b.deprivation_threshold_0_1 = 0.4;
    CHECK(layers::access_fingerprint(base, s, b, dry).differences(f0).empty());
    t.people_per_facility = 123;
    CHECK(layers::access_fingerprint(base, t, a, dry).differences(f0) == Diff{"settings"});
    b.persons_per_household = 5;
    CHECK(layers::access_fingerprint(base, s, b, dry).differences(f0) == Diff{"settings"});
    CHECK(layers::access_fingerprint(base, s, a, layers::wet_season()).differences(f0) == Diff{"settings"});
  }
  SECTION("villages: a location or a household count") {
    auto in = base;
    in.vx_m[3] += 1;
    CHECK(layers::access_fingerprint(in, s, a, dry).differences(f0) == Diff{"villages"});
    in = base;
    in.households[0] += 1;
    CHECK(layers::access_fingerprint(in, s, a, dry).differences(f0) == Diff{"villages"});
  }
  SECTION("facilities: only the service's own") {
    auto in = base;
    std::size_t hc = 0, other = 0;
    while (in.facility_service[hc] != "health_centre") ++hc;
    while (in.facility_service[other] == "health_centre") ++other;
    in.fy_m[other] += 10;
    CHECK(layers::access_fingerprint(in, s, a, dry).differences(f0).empty());
    in.fy_m[hc] += 10;
    CHECK(layers::access_fingerprint(in, s, a, dry).differences(f0) == Diff{"facilities"});
  }
  SECTION("roads matter to network and raster searches, not to straight lines") {
    auto in = base;
    in.roads_m->geom.xs[0] += 5;
    CHECK(layers::access_fingerprint(in, s, a, dry).differences(f0).empty());
    auto n = s;
    n.mode = layers::AccessMode::Network;
    n.threshold = {3600, true};
    const auto fn = layers::access_fingerprint(base, n, a, dry);
    CHECK(layers::access_fingerprint(in, n, a, dry).differences(fn) == Diff{"roads or water"});
  }
}

// Tests of layers/gap on a tiny hand-made project whose every number is computed by hand
// below: deprivation sources (villages, commune field, percent, out of range, indicator
// table, quantile), the 2x2 classes with their reasons, aggregation up the admin ladder
// (sums, never means) and the district priority index.
//
// Fixture (built in EPSG:32648 metres, stored in EPSG:4326; y = 1,405,000 unless noted).
// Six 10 km square communes in a row, x from 500 km (C1) to 560 km (C6):
//   district KH0101: C1 KH010101 [500,510) km, C2 KH010102 [510,520), C3 KH010103 [520,530)
//   district KH0102: C4 KH010201 [530,540), C5 KH010202 [540,550), C6 KH010203 [550,560)
//   district KH0103: no commune at all (its priority component is 0)
// Facilities: A health_centre at x=510 km (cap_people NULL -> people_per_facility),
//             B health_centre at x=535 km (cap_people 300),
//             S school_upper_secondary at (500.5, 1409.5) km (ignored for health_centre).
// Villages (households, poor_hh; distance to the nearest health centre):
//   v1 C1 x=507   100, 10   A 3000 m   (E2SFCA band 1: <= 3333.3 m, weight 1)
//   v2 C2 x=515   200, 80   A 5000 m   (band 2: <= 6666.7 m, weight 0.68)
//   v3a C3 x=521  100,  5   A 11000 m  (beyond 10 km)
//   v3b C3 x=529  100,  5   B 6000 m   (band 2, weight 0.68)
//   v4 C4 (535, 1407) 300, 120  B 2000 m (band 1)
//   v5 C5 x=548   100, 130  B 13000 m  (beyond; poor > households: rate 1.3)
//   C6 has no village.
// Settings: threshold 10 km, coverage norm 0.8, capacity norm 1, people_per_facility 2000,
// capacity_field cap_people, persons_per_household 4.2 (population = households x 4.2).
//   population: v1 420, v2 840, v3a 420, v3b 420, v4 1260, v5 420
//   facility A: weighted demand 420*1 + 840*0.68 = 991.2; R_A = 2000 / 991.2 = 2.0177562550
//   facility B: weighted demand 420*0.68 + 1260*1 = 1545.6; R_B = 300 / 1545.6 = 0.1940993789
//   capacity ratio (household-weighted mean of A_i):
//     C1 R_A = 2.01776; C2 0.68 R_A = 1.37207; C3 (0 + 100 * 0.68 R_B) / 200 = 0.34 R_B = 0.06599;
//     C4 R_B = 0.19410; C5 0
//   coverage: C1 1, C2 1, C3 100/200 = 0.5, C4 1, C5 0
//   deprivation (villages): C1 0.1, C2 0.4, C3 10/200 = 0.05, C4 0.4, C5 1.3 (flagged), C6 none
//   classes at 0.25: C1 served, C2 unaffordable, C3 unavailable (coverage), C4
//     unavailable_unaffordable (capacity), C5 not_classified (rate outside 0-1), C6 not_classified
//     (no villages).
#include <catch2/catch.hpp>

#include "layers/gap_fixture.hpp"

TEST_CASE("gap fixture: coverage and E2SFCA capacity ratio equal the hand computation", "[gap]") {
  auto r = run();
  REQUIRE(r.in.communes.size() == 6);
  REQUIRE(r.acc.facility_rows.size() == 2);  // the school is not a health centre
  const auto& cov = r.acc.coverage.share_covered_0_1;
  CHECK(cov[0] == Approx(1.0));
  CHECK(cov[1] == Approx(1.0));
  CHECK(cov[2] == Approx(0.5));
  CHECK(cov[3] == Approx(1.0));
  CHECK(cov[4] == Approx(0.0).margin(1e-12));
  CHECK(r.acc.villages_in_commune[5] == 0);
  const auto& cap = r.acc.capacity_ratio;
  CHECK(cap[0] == Approx(kRA).epsilon(1e-9));
  CHECK(cap[1] == Approx(0.68 * kRA).epsilon(1e-9));
  CHECK(cap[2] == Approx(0.34 * kRB).epsilon(1e-9));
  CHECK(cap[3] == Approx(kRB).epsilon(1e-9));
  CHECK(cap[4] == Approx(0.0).margin(1e-12));
  CHECK(std::isnan(cap[5]));
  CHECK(r.acc.households[2] == Approx(200));
  CHECK(r.acc.households[3] == Approx(300));
}

TEST_CASE("gap fixture: each of the four classes and not_classified with its reason", "[gap]") {
  auto r = run();
  CHECK(r.dep.threshold_0_1 == Approx(0.25));
  CHECK(r.dep.rate_0_1[0] == Approx(0.1));
  CHECK(r.dep.rate_0_1[1] == Approx(0.4));
  CHECK(r.dep.rate_0_1[2] == Approx(0.05));
  CHECK(r.dep.rate_0_1[3] == Approx(0.4));
  CHECK(classes(r.rows) == std::vector<std::string>{"served", "unaffordable", "unavailable", "unavailable_unaffordable",
                                                    "not_classified", "not_classified"});
  // C3 fails on coverage, C4 on capacity alone.
  CHECK(!r.rows[2].available);
  CHECK(r.rows[3].coverage_0_1 == Approx(1.0));
  CHECK(!r.rows[3].available);
  CHECK(r.rows[3].deprived);
  // C5: rate 1.3 flagged, not clipped; it is not classified and says why.
  CHECK(std::isnan(r.dep.rate_0_1[4]));
  CHECK_THAT(r.dep.flag[4], Contains("1.3") && Contains("outside 0-1") && Contains("not clipped"));
  CHECK_THAT(r.rows[4].reason, StartsWith("no deprivation rate") && Contains("1.3"));
  CHECK(r.rows[5].reason == "no villages in the commune");
  for (std::size_t c = 0; c < 4; ++c) CHECK(r.rows[c].reason.empty());
  // Poor households follow the villages: sums of poor_hh.
  CHECK(r.rows[1].poor_households == Approx(80));
  CHECK(r.rows[3].poor_households == Approx(120));
}

TEST_CASE("gap fixture: a covered commune with too little capacity is unavailable", "[gap]") {
  // people_per_facility 1000: R_A = 1000 / 991.2 = 1.00888, so C1 (ratio R_A) stays available
  // but C2 (0.68 R_A = 0.686) becomes unavailable although fully covered.
  auto r = run({}, 1000);
  CHECK(r.acc.capacity_ratio[0] == Approx(1000.0 / 991.2));
  CHECK(r.acc.capacity_ratio[1] == Approx(0.68 * 1000.0 / 991.2));
  CHECK(classes(r.rows)[0] == "served");
  CHECK(classes(r.rows)[1] == "unavailable_unaffordable");
  CHECK(r.rows[1].coverage_0_1 == Approx(1.0));
}

TEST_CASE("deprivation from a commune field: percent converted, 1.3 flagged not clipped", "[gap]") {
  SECTION("percent") {
    layers::AnalysisSettings a;
    a.deprivation_source = "commune:dep_pct";
    auto r = run(a);
    CHECK(!r.dep.from_villages);
    REQUIRE(!r.dep.warnings.empty());
    CHECK_THAT(r.dep.warnings[0], Contains("percent"));
    CHECK(r.dep.rate_0_1[0] == Approx(0.10));
    CHECK(r.dep.rate_0_1[1] == Approx(0.40));
    CHECK(r.dep.rate_0_1[2] == Approx(0.05));
    CHECK(r.dep.rate_0_1[5] == Approx(0.20));
    CHECK(std::isnan(r.dep.rate_0_1[4]));
    CHECK_THAT(r.rows[4].reason, Contains("no value of dep_pct"));
    // Same classes as from the villages (rates agree); poor = rate x households.
    CHECK(classes(r.rows)[1] == "unaffordable");
    CHECK(r.rows[1].poor_households == Approx(0.4 * 200));
  }
  SECTION("share with one value out of range") {
    layers::AnalysisSettings a;
    a.deprivation_source = "commune:dep_share";
    auto r = run(a);
    CHECK(r.dep.warnings.empty());  // 1 of 5 values above 1: not percent
    CHECK(r.dep.rate_0_1[0] == Approx(0.1));
    CHECK(std::isnan(r.dep.rate_0_1[4]));
    CHECK_THAT(r.dep.flag[4], Contains("rate 1.3 is outside 0-1 (flagged, not clipped)"));
    CHECK(r.rows[4].cls == layers::GapClass::NotClassified);
    CHECK_THAT(r.rows[4].reason, Contains("rate 1.3 is outside 0-1"));
    CHECK(std::isnan(r.rows[4].poor_households));
  }
  SECTION("missing field is an InputError naming it") {
    layers::AnalysisSettings a;
    a.deprivation_source = "commune:no_such_field";
    auto p = layers::Project::open(fixture().path.string());
    auto in = layers::load_access_inputs(p);
    CHECK_THROWS_WITH(layers::compute_deprivation(p, in, a), Contains("no_such_field"));
    a.deprivation_source = "bogus";
    CHECK_THROWS_AS(layers::compute_deprivation(p, in, a), gis::InputError);
  }
}

TEST_CASE("deprivation from an indicator table numerator/denominator", "[gap]") {
  layers::AnalysisSettings a;
  a.deprivation_source = "indicator:fixture:n/d";
  auto r = run(a);
  CHECK(r.dep.rate_0_1[0] == Approx(0.1));
  CHECK(r.dep.rate_0_1[1] == Approx(0.4));
  CHECK(std::isnan(r.dep.rate_0_1[2]));
  CHECK_THAT(r.dep.flag[2], Contains("not in ind_fixture"));
  CHECK(std::isnan(r.dep.rate_0_1[3]));  // denominator 0
  CHECK_THAT(r.dep.flag[3], Contains("no usable value"));
  CHECK(r.dep.rate_0_1[4] == Approx(0.2));
  CHECK(r.dep.rate_0_1[5] == Approx(0.7));
  CHECK(r.rows[2].cls == layers::GapClass::NotClassified);
  CHECK(r.rows[4].cls == layers::GapClass::Unavailable);  // 0 coverage, 0.2 < 0.25
}

TEST_CASE("deprivation quantile threshold equals the hand-computed quantile", "[gap]") {
  // Valid village rates sorted: 0.05, 0.1, 0.4, 0.4. Quantile 0.3: position 0.3 * 3 = 0.9,
  // 0.05 + 0.9 * (0.1 - 0.05) = 0.095. C1 (0.1) becomes deprived: unaffordable.
  layers::AnalysisSettings a;
  a.deprivation_quantile_0_1 = 0.3;
  auto r = run(a);
  CHECK(r.dep.threshold_0_1 == Approx(0.095));
  CHECK_THAT(r.dep.threshold_rule, Contains("quantile 0.3"));
  CHECK(classes(r.rows)[0] == "unaffordable");
  CHECK(classes(r.rows)[2] == "unavailable");
  // Quantile 0.5: position 1.5 -> 0.1 + 0.5 * 0.3 = 0.25.
  a.deprivation_quantile_0_1 = 0.5;
  CHECK(run(a).dep.threshold_0_1 == Approx(0.25));
}

TEST_CASE("gap_summary: district, province and nation rows are sums of the commune rows", "[gap]") {
  auto r = run();
  layers::PriorityOptions opt;
  auto prio = layers::district_priority(r.project, r.in, {r.rows}, opt);
  auto out = layers::gap_outputs(r.project, r.in, {r.acc}, {r.rows}, r.dep, prio);
  const auto& gs = out.gap_summary;
  // Commune totals per unit, from the rows themselves.
  std::map<std::pair<std::string, std::string>, std::tuple<double, double, double>> expect;
  for (const auto& row : r.rows)
    for (const auto& [lvl, code] : std::vector<std::pair<std::string, std::string>>{
             {"district", row.adm3_pcode.substr(0, 6)}, {"province", row.adm3_pcode.substr(0, 4)}, {"nation", "KH"}}) {
      auto& [n, h, p] = expect[{lvl, code}];
      n += 1;
      if (std::isfinite(row.households)) h += row.households;
      if (std::isfinite(row.poor_households)) p += row.poor_households;
    }
  std::map<std::pair<std::string, std::string>, std::tuple<double, double, double>> got;
  for (std::size_t i = 0; i < gs.size(); ++i) {
    auto& [n, h, p] = got[{gs.column("level").text(i), gs.column("code").text(i)}];
    n += *gs.column("communes").number(i);
    h += gs.column("households").number(i).value_or(0);
    p += gs.column("poor_households").number(i).value_or(0);
  }
  REQUIRE(got.size() == expect.size());
  for (const auto& [k, v] : expect) {
    CAPTURE(k.first, k.second);
    CHECK(std::get<0>(got[k]) == std::get<0>(v));
    CHECK(std::get<1>(got[k]) == Approx(std::get<1>(v)));
    CHECK(std::get<2>(got[k]) == Approx(std::get<2>(v)));
  }
  // Hand totals: 6 communes, 900 households (C6 has none); district KH0101 500 households.
  CHECK(std::get<0>(got[{"nation", "KH"}]) == 6);
  CHECK(std::get<1>(got[{"nation", "KH"}]) == Approx(900));
  CHECK(std::get<1>(got[{"district", "KH0101"}]) == Approx(500));
  CHECK(std::get<1>(got[{"province", "KH01"}]) == Approx(900));
  // Households are summed: district KH0101's poor share from sums is 100 / 500 = 0.2, while
  // the mean of its commune shares is (0.1 + 0.4 + 0.05) / 3 = 0.1833.
  const double share = std::get<2>(got[{"district", "KH0101"}]) / std::get<1>(got[{"district", "KH0101"}]);
  CHECK(share == Approx(0.2));
  const double mean = (r.dep.rate_0_1[0] + r.dep.rate_0_1[1] + r.dep.rate_0_1[2]) / 3;
  CHECK(mean == Approx(0.55 / 3));
  CHECK(std::abs(share - mean) > 0.01);
  // Per class at district level: KH0101 has one commune in each of served / unaffordable / unavailable.
  for (std::size_t i = 0; i < gs.size(); ++i)
    if (gs.column("level").text(i) == "district" && gs.column("code").text(i) == "KH0101") {
      CHECK(*gs.column("communes").number(i) == 1);
      const auto cls = gs.column("class").text(i);
      const double h = *gs.column("households").number(i);
      if (cls == "served") CHECK(h == Approx(100));
      if (cls == "unaffordable") CHECK(h == Approx(200));
      if (cls == "unavailable") CHECK(h == Approx(200));
    }
}

TEST_CASE("gap_outputs: classes table and reasons", "[gap]") {
  auto r = run();
  auto prio = layers::district_priority(r.project, r.in, {r.rows}, {});
  auto out = layers::gap_outputs(r.project, r.in, {r.acc}, {r.rows}, r.dep, prio);
  const auto& gl = out.gap_classes;
  REQUIRE(gl.size() == 6);
  for (std::size_t i = 0; i < gl.size(); ++i) {
    const auto cls = gl.column("class").text(i);
    if (cls == "not_classified")
      CHECK_THAT(gl.column("reason").text(i), StartsWith("not classified: "));
    else
      CHECK(gl.column("reason").is_null(i));
    CHECK(gl.column("threshold").text(i) == "10km");
  }
  CHECK(out.gap_communes.size() == 6);
  CHECK(out.gap_communes.column("class_health_centre").text(3) == "unavailable_unaffordable");
  CHECK(out.gap_communes.column("deprivation_flag").text(4) != "");
  // The priority layer carries one component per service.
  CHECK(out.district_priority.find("poor_in_gap_health_centre") >= 0);
}

TEST_CASE("district priority on the fixture: hand-computed ranking and rank ranges", "[gap][priority]") {
  auto r = run();
  // One service: poor households in gap communes. KH0101: C2 80 + C3 10 = 90; KH0102: C4 120
  // (C5 not classified); KH0103: 0. Min-max: 0.75, 1, 0 -> ranks 2, 1, 3.
  auto prio = layers::district_priority(r.project, r.in, {r.rows}, {});
  REQUIRE(prio.adm2_pcode == std::vector<std::string>{"KH0101", "KH0102", "KH0103"});
  CHECK(prio.component[0][0] == Approx(90));
  CHECK(prio.component[0][1] == Approx(120));
  CHECK(prio.component[0][2] == Approx(0).margin(1e-12));
  CHECK(prio.index[0] == Approx(0.75));
  CHECK(prio.index[1] == Approx(1.0));
  CHECK(prio.rank == std::vector<int>{2, 1, 3});
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(prio.rank_min[i] <= prio.rank[i]);
    CHECK(prio.rank[i] <= prio.rank_max[i]);
  }
}

TEST_CASE("district priority with two services: weights, geometric mean, sensitivity", "[gap][priority]") {
  auto r = run();
  // Second service, built by hand: only C2 (district KH0101) is in a gap, 50 poor households.
  std::vector<layers::GapRow> second = r.rows;
  for (auto& row : second) row.cls = layers::GapClass::Served;
  second[1].cls = layers::GapClass::Unaffordable;
  second[1].poor_households = 50;
  // Normalised components: service 1 (0.75, 1, 0), service 2 (1, 0, 0).
  SECTION("equal weights, weighted sum") {
    auto prio = layers::district_priority(r.project, r.in, {r.rows, second}, {});
    CHECK(prio.index[0] == Approx(0.875));
    CHECK(prio.index[1] == Approx(0.5));
    CHECK(prio.index[2] == Approx(0.0).margin(1e-12));
    CHECK(prio.rank == std::vector<int>{1, 2, 3});
    // KH0101 leads whenever w2 > 0.25 w1: stable under +-20 %.
    CHECK(prio.rank_min == prio.rank);
    CHECK(prio.rank_max == prio.rank);
  }
  SECTION("geometric mean of (1 + x), minus 1") {
    layers::PriorityOptions opt;
    opt.geometric = true;
    auto prio = layers::district_priority(r.project, r.in, {r.rows, second}, opt);
    CHECK(prio.index[0] == Approx(std::sqrt(1.75 * 2.0) - 1));
    CHECK(prio.index[1] == Approx(std::sqrt(2.0) - 1));
    CHECK(prio.index[2] == Approx(0.0).margin(1e-12));
    CHECK(prio.rank == std::vector<int>{1, 2, 3});
  }
  SECTION("a tie broken differently by the +-20 % moves shows up as a rank range") {
    // Service 2 only in KH0101 with the same gap as service 1's in KH0102: components
    // (0.75, 1, 0) and (1, 0, 0) -> give service 1 weight 4, service 2 weight 1:
    // KH0101 = (3 + 1) / 5 = 0.8, KH0102 = 4 / 5 = 0.8: a tie at the centre, split either way
    // by the moved weights.
    layers::PriorityOptions opt;
    opt.weights = {4, 1};
    auto prio = layers::district_priority(r.project, r.in, {r.rows, second}, opt);
    CHECK(prio.index[0] == Approx(0.8));
    CHECK(prio.index[1] == Approx(0.8));
    CHECK(prio.rank_min[0] == 1);
    CHECK(prio.rank_max[0] == 2);
    CHECK(prio.rank_min[1] == 1);
    CHECK(prio.rank_max[1] == 2);
    CHECK(prio.rank_min[2] == 3);
    CHECK(prio.rank_max[2] == 3);
    for (std::size_t i = 0; i < 3; ++i) {
      CHECK(prio.rank_min[i] <= prio.rank[i]);
      CHECK(prio.rank[i] <= prio.rank_max[i]);
    }
  }
}

TEST_CASE("custom indicator with lower_is_worse: deprived below the threshold, households on the bad side", "[gap]") {
  // lat_pct (percent with an improved latrine) -> C1 0.9, C2 0.2, C3 missing, C4 0.3,
  // C5 0.1, C6 0.6. Lower is worse at 0.25: C2 and C5 deprived.
  layers::AnalysisSettings a;
  a.deprivation_source = "indicator:fixture:lat_pct";
  a.deprivation_lower_is_worse = true;
  auto r = run(a);
  REQUIRE(!r.dep.warnings.empty());
  CHECK_THAT(r.dep.warnings[0], Contains("percent"));
  CHECK(r.dep.rate_0_1[1] == Approx(0.2));
  CHECK(r.dep.rate_0_1[3] == Approx(0.3));
  CHECK_THAT(r.dep.threshold_rule, Contains("lower is worse"));
  CHECK(classes(r.rows) == std::vector<std::string>{"served", "unaffordable", "not_classified", "unavailable",
                                                    "unavailable_unaffordable", "not_classified"});
  CHECK_THAT(r.rows[2].reason, Contains("not in ind_fixture"));
  // Households counted are those without a latrine: (1 - 0.2) x 200 and (1 - 0.3) x 300.
  CHECK(r.rows[1].poor_households == Approx(160));
  CHECK(r.rows[3].poor_households == Approx(210));
  // The gap_communes "deprived" column follows the direction too.
  auto prio = layers::district_priority(r.project, r.in, {r.rows}, {});
  auto out = layers::gap_outputs(r.project, r.in, {r.acc}, {r.rows}, r.dep, prio);
  CHECK(*out.gap_communes.column("deprived").number(0) == 0);
  CHECK(*out.gap_communes.column("deprived").number(1) == 1);
  CHECK(!out.child_deprivation);

  SECTION("national quantile 0.25 on the low side") {
    // Sorted 0.1, 0.2, 0.3, 0.6, 0.9: position 0.25 * 4 = 1 -> 0.2; deprived when <= 0.2.
    a.deprivation_quantile_0_1 = 0.25;
    auto q = run(a);
    CHECK(q.dep.threshold_0_1 == Approx(0.2));
    CHECK(classes(q.rows) == classes(r.rows));
  }
  SECTION("the same field read as higher_is_worse flips the calls") {
    a.deprivation_lower_is_worse = false;
    auto h = run(a);
    CHECK(classes(h.rows) == std::vector<std::string>{"unaffordable", "served", "not_classified",
                                                      "unavailable_unaffordable", "unavailable", "not_classified"});
  }
}


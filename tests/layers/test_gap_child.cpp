// Tests of the child deprivation indicators of layers/gap (by commune and by village, and
// the errors of their settings) on the hand-made fixture of gap_fixture.hpp.
#include <catch2/catch.hpp>

#include "layers/gap_fixture.hpp"

TEST_CASE("child deprivation by commune: counts, 0/1/2+ shares weighted by households, flags", "[gap][child]") {
  // Cut-off 0.5 (inclusive), san_pct percent -> 0.1, 0.7, 0.5, 0.2, 0.8:
  //   C1 health .1 nutrition .2 education 0 sanitation .1 -> 0 deprivations (100 hh)
  //   C2 .6 .4 0 .7 -> 2 (health, sanitation) (200 hh)
  //   C3 1 0 0 .5 -> 2 (200 hh)
  //   C4 .2 .5 .1 .2 -> 1 (nutrition) (300 hh)
  //   C5 health 1.4: flagged, not clipped; C6 not in the table; KH019999 matches no commune.
  layers::AnalysisSettings a;
  a.child_deprivation_table = "child";
  a.child_deprivation_fields = "health=health;nutrition=nutrition;education=education;sanitation=san_pct";
  auto p = layers::Project::open(fixture().path.string());
  auto in = layers::load_access_inputs(p);
  auto cd = layers::compute_child_deprivation(p, in, a);
  REQUIRE(cd.present);
  CHECK(cd.level == "commune");
  CHECK(cd.dimensions == std::vector<std::string>{"health", "nutrition", "education", "sanitation"});
  CHECK(cd.count[0] == 0);
  CHECK(cd.count[1] == 2);
  CHECK(cd.count[2] == 2);
  CHECK(cd.count[3] == 1);
  CHECK(std::isnan(cd.count[4]));
  CHECK(cd.units_unknown[4] == 1);
  CHECK_THAT(cd.flag[4], Contains("health = 1.4 is outside 0-1 (flagged, not clipped)"));
  CHECK_THAT(cd.flag[5], Contains("commune not in ind_child"));
  bool pct = false, unmatched = false;
  for (const auto& w : cd.warnings) {
    pct = pct || (w.find("san_pct") != std::string::npos && w.find("percent") != std::string::npos);
    unmatched = unmatched || w.find("KH019999") != std::string::npos;
  }
  CHECK(pct);
  CHECK(unmatched);
  CHECK(cd.share(1, 2) == Approx(1.0));
  CHECK(cd.share(3, 1) == Approx(1.0));
  CHECK(std::isnan(cd.share(4, 2)));

  auto t = layers::child_deprivation_table(in, cd);
  auto row = [&](const std::string& level, const std::string& code) {
    for (std::size_t i = 0; i < t.size(); ++i)
      if (t.column("level").text(i) == level && t.column("code").text(i) == code) return i;
    FAIL("no row " << level << " " << code);
    return std::size_t{0};
  };
  // District KH0101 (C1, C2, C3): households 100 with 0, 400 with 2+ -> 2+ share 0.8,
  // while the share of communes (and the mean of commune shares) is 2/3: sums, not means.
  auto d1 = row("district", "KH0101");
  CHECK(*t.column("units_0").number(d1) == 1);
  CHECK(*t.column("units_2plus").number(d1) == 2);
  CHECK(*t.column("weight_2plus").number(d1) == Approx(400));
  CHECK(*t.column("weight_share_2plus_0_1").number(d1) == Approx(0.8));
  CHECK(*t.column("units_share_2plus_0_1").number(d1) == Approx(2.0 / 3));
  // District KH0102: C4 (1 deprivation, 300 hh), C5 unknown, C6 absent.
  auto d2 = row("district", "KH0102");
  CHECK(*t.column("units_1").number(d2) == 1);
  CHECK(*t.column("units_unknown").number(d2) == 1);
  CHECK(*t.column("weight_share_1_0_1").number(d2) == Approx(1.0));
  // Nation: 100 / 300 / 400 households with 0 / 1 / 2+.
  auto n = row("nation", "KH");
  CHECK(*t.column("weight_share_0_0_1").number(n) == Approx(0.125));
  CHECK(*t.column("weight_share_1_0_1").number(n) == Approx(0.375));
  CHECK(*t.column("weight_share_2plus_0_1").number(n) == Approx(0.5));
  CHECK(*t.column("units_unknown").number(n) == 1);
  CHECK(t.column("weight_basis").text(n) == "households");
  // Province = nation here, and each level's units add up to the communes'.
  auto pr = row("province", "KH01");
  for (const char* f : {"units_0", "units_1", "units_2plus", "units_unknown", "weight_0", "weight_1", "weight_2plus"})
    CHECK(*t.column(f).number(pr) == Approx(*t.column(f).number(n)));
  CHECK(*t.column("deprivations").number(row("commune", "KH010102")) == 2);

  SECTION("weighted by a children field instead of households") {
    // Children: C1 50 (0), C2 10 (2+), C3 30 (2+), C4 100 (1): KH0101 2+ share 40 / 90.
    a.child_deprivation_weight = "children";
    auto cw = layers::compute_child_deprivation(p, in, a);
    CHECK(cw.weight == "children");
    auto tw = layers::child_deprivation_table(in, cw);
    for (std::size_t i = 0; i < tw.size(); ++i)
      if (tw.column("code").text(i) == "KH0101") CHECK(*tw.column("weight_share_2plus_0_1").number(i) == Approx(40.0 / 90));
  }
  SECTION("as the deprivation source: rate = share with 2+ deprivations") {
    a.deprivation_source = "child_deprivation";
    auto r = run(a);
    CHECK(r.dep.rate_0_1[0] == Approx(0.0).margin(1e-12));
    CHECK(r.dep.rate_0_1[1] == Approx(1.0));
    CHECK(r.dep.rate_0_1[3] == Approx(0.0).margin(1e-12));
    CHECK(classes(r.rows) == std::vector<std::string>{"served", "unaffordable", "unavailable_unaffordable",
                                                      "unavailable", "not_classified", "not_classified"});
    CHECK_THAT(r.rows[4].reason, Contains("health = 1.4"));
    CHECK(r.rows[1].poor_households == Approx(200));
    auto prio = layers::district_priority(r.project, r.in, {r.rows}, {});
    auto out = layers::gap_outputs(r.project, r.in, {r.acc}, {r.rows}, r.dep, prio);
    REQUIRE(out.child_deprivation);
    CHECK(out.child_deprivation->size() == t.size());
    CHECK(*out.gap_communes.column("child_deprivations").number(2) == 2);
    CHECK(*out.gap_communes.column("child_dep_2plus_0_1").number(1) == Approx(1.0));
    CHECK_THAT(out.gap_communes.column("child_dep_flag").text(4), Contains("1.4"));
  }
}

TEST_CASE("child deprivation by village: commune shares weighted by village households", "[gap][child]") {
  // Flags health, water: v1 (C1, 100 hh) 1,1 -> 2; v2 (C2, 200) 0,0 -> 0; v3a (C3, 100) 1,0 -> 1;
  // v3b (C3, 100) 1,1 -> 2; v4 (C4) water missing; v5 (C5) absent. Columns named after the
  // dimensions are found without a mapping.
  layers::AnalysisSettings a;
  a.child_deprivation_table = "ind_child_vil";
  auto p = layers::Project::open(fixture().path.string());
  auto in = layers::load_access_inputs(p);
  auto cd = layers::compute_child_deprivation(p, in, a);
  CHECK(cd.level == "village");
  CHECK(cd.dimensions == std::vector<std::string>{"health", "water"});
  CHECK(cd.share(0, 2) == Approx(1.0));
  CHECK(cd.share(1, 0) == Approx(1.0));
  CHECK(cd.share(2, 1) == Approx(0.5));
  CHECK(cd.share(2, 2) == Approx(0.5));
  CHECK(cd.count[2] == Approx(1.5));  // (100 x 1 + 100 x 2) / 200
  CHECK(cd.units[1][2] == 1);
  CHECK(cd.units[2][2] == 1);
  CHECK_THAT(cd.flag[3], Contains("village 01020101") && Contains("no value of water"));
  CHECK_THAT(cd.flag[4], Contains("no village of the commune"));
  a.deprivation_source = "child_deprivation";
  auto d = layers::compute_deprivation(p, in, a);
  CHECK(d.rate_0_1[2] == Approx(0.5));
  CHECK(std::isnan(d.rate_0_1[3]));
  CHECK_THAT(d.flag[3], Contains("no value of water"));
}

TEST_CASE("child deprivation by village: a commune with only some of its villages in the table gets no rate",
          "[gap][child]") {
  // C3 has two villages (01010301, 01010302); the table lists only the first.
  const auto path = fixture().path.string();
  {
    auto p = layers::Project::open(path);
    auto t = p.read("ind_child_vil");
    auto part = gis::select_rows(t, {0, 2});  // v1 (C1) and v3a (C3)
    layers::ProjectWriter w(path, "2026-01-01T00:00:00Z");
    w.put(part, "ind_child_vil_part");
    w.commit();
  }
  auto p = layers::Project::open(path);
  auto in = layers::load_access_inputs(p);
  layers::AnalysisSettings a;
  a.child_deprivation_table = "ind_child_vil_part";
  auto cd = layers::compute_child_deprivation(p, in, a);
  CHECK(cd.flag[0].empty());  // C1: its only village is listed
  CHECK_THAT(cd.flag[2], Contains("only 1 of 2 villages"));
  a.deprivation_source = "child_deprivation";
  auto d = layers::compute_deprivation(p, in, a);
  CHECK(d.rate_0_1[0] == Approx(1.0));
  CHECK(std::isnan(d.rate_0_1[2]));
  CHECK_THAT(d.flag[2], Contains("only 1 of 2 villages"));
}

TEST_CASE("child deprivation settings errors name the setting, table or field", "[gap][child]") {
  auto p = layers::Project::open(fixture().path.string());
  auto in = layers::load_access_inputs(p);
  layers::AnalysisSettings a;
  CHECK(!layers::compute_child_deprivation(p, in, a).present);
  a.child_deprivation_table = "nope";
  CHECK_THROWS_WITH(layers::compute_child_deprivation(p, in, a), Contains("ind_nope") && Contains("child_deprivation_table"));
  a.child_deprivation_table = "child";
  a.child_deprivation_fields = "happiness=health";
  CHECK_THROWS_WITH(layers::compute_child_deprivation(p, in, a), Contains("happiness") && Contains("not a dimension"));
  a.child_deprivation_fields = "health=no_such_column";
  CHECK_THROWS_WITH(layers::compute_child_deprivation(p, in, a), Contains("no_such_column"));
  a.child_deprivation_fields = "health=health;health=san_pct";
  CHECK_THROWS_WITH(layers::compute_child_deprivation(p, in, a), Contains("mapped twice"));
  a.child_deprivation_fields = "";
  a.child_deprivation_table = "fixture";  // no column named after a dimension
  CHECK_THROWS_WITH(layers::compute_child_deprivation(p, in, a), Contains("no column named after a dimension"));
}

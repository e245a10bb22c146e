// Tests of layers/cip: the project-type mapping, reading a commune investment plan (CSV)
// with errors that name file, row and field, and the check of a plan against a commune's gaps.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <string>
#include <unistd.h>

#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "gis/geom/geometry.hpp"
#include "gis/io/vector.hpp"
#include "layers/cip.hpp"

namespace fs = std::filesystem;
using namespace swsplan;
using namespace swsplan::layers;
using Catch::Matchers::Contains;

namespace {
struct TempCsv {
  fs::path path;
  TempCsv(const std::string& name, const std::string& text) {
    path = fs::temp_directory_path() / ("swsplan_cip_" + std::to_string(::getpid()) + "_" + name);
    std::ofstream(path) << text;
  }
  ~TempCsv() {
    std::error_code ec;
    fs::remove(path, ec);
  }
};

std::string error_of(const std::string& spec) {
  try {
    read_cip(spec);
  } catch (const gis::InputError& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("CIP types: ids and aliases, sides, services", "[cip]") {
  REQUIRE(find_cip_type("health_facility"));
  CHECK(find_cip_type("Health Centre")->id == "health_facility");
  CHECK(find_cip_type("HEEF")->id == "health_equity_fund");
  CHECK(find_cip_type("classrooms")->id == "school");
  CHECK(find_cip_type("pwp-road")->id == "road");
  CHECK(find_cip_type("irrigation")->id == "other");
  CHECK(find_cip_type("spaceport") == nullptr);
  CHECK(find_cip_type("") == nullptr);
  // Every id and alias resolves to exactly its own entry (no alias shadows another type).
  for (const auto& t : cip_type_table()) {
    CHECK(find_cip_type(t.id) == &t);
    for (const auto& a : t.aliases) {
      CAPTURE(a);
      CHECK(find_cip_type(a) == &t);
    }
    CHECK((t.side == CipSide::None) == t.services.empty());
  }
}

TEST_CASE("CIP: which project addresses which gap", "[cip]") {
  const auto& road = *find_cip_type("road");
  const auto& hef = *find_cip_type("health_equity_fund");
  const auto& school = *find_cip_type("school");
  const auto& other = *find_cip_type("other");
  CHECK(addresses(road, {Service::HealthCentre, GapClass::Unavailable}));
  CHECK_FALSE(addresses(road, {Service::HealthCentre, GapClass::Unaffordable}));
  CHECK(addresses(road, {Service::SchoolPrimary, GapClass::UnavailableUnaffordable}));
  CHECK(addresses(hef, {Service::HealthCentre, GapClass::Unaffordable}));
  CHECK(addresses(hef, {Service::HealthCentre, GapClass::UnavailableUnaffordable}));
  CHECK_FALSE(addresses(hef, {Service::HealthCentre, GapClass::Unavailable}));
  CHECK_FALSE(addresses(hef, {Service::SchoolPrimary, GapClass::Unaffordable}));
  CHECK_FALSE(addresses(school, {Service::SchoolPrimary, GapClass::Served}));
  CHECK_FALSE(addresses(school, {Service::SchoolPrimary, GapClass::NotClassified}));
  CHECK_FALSE(addresses(other, {Service::HealthCentre, GapClass::Unavailable}));

  const auto gaps = gaps_of({{Service::HealthCentre, GapClass::Unaffordable},
                             {Service::SchoolPrimary, GapClass::Served},
                             {Service::SchoolUpperSecondary, GapClass::Unavailable},
                             {Service::TvetCentre, GapClass::UnavailableUnaffordable},
                             {Service::JobCentre, GapClass::NotClassified}});
  REQUIRE(gaps.size() == 3);
  CHECK(gaps[0].service == Service::HealthCentre);
  CHECK(gaps[2].service == Service::TvetCentre);
}

TEST_CASE("CIP: read a plan and check it against a commune's gaps", "[cip]") {
  TempCsv f("plan.csv",
            "project,type,location,cost_usd,adm3_pcode\n"
            "Health Equity Fund top-up,heef,,2500,KH900101\n"
            "Laterite road to Phum Thmei,rural road,Phum Thmei,18000.5,900101\n"
            "Irrigation canal,irrigation,Phum Chas,9000,KH900101\n"
            "Classrooms in the other commune,classrooms,,30000,KH900102\n");
  const auto plan = read_cip(f.path.string());
  REQUIRE(plan.projects.size() == 4);
  CHECK(plan.has_communes);
  CHECK(plan.projects[1].adm3_pcode == "KH900101");
  CHECK(plan.projects[1].cost_usd == 18000.5);
  CHECK(plan.projects[1].location == "Phum Thmei");
  CHECK(plan.projects[1].row == 2);

  const std::vector<CommuneGap> gaps{{Service::HealthCentre, GapClass::Unaffordable},
                                     {Service::SchoolUpperSecondary, GapClass::Unavailable},
                                     {Service::TvetCentre, GapClass::Unaffordable}};
  const auto r = check_cip(plan, "KH900101", gaps);
  REQUIRE(r.items.size() == 3);  // the other commune's row is not part of this commune's plan
  CHECK(r.items[0].verdict == "addresses a gap: health_centre (unaffordable)");
  CHECK(r.items[1].verdict == "addresses a gap: school_upper_secondary (unavailable)");
  CHECK(r.items[2].verdict == "addresses no gap");
  REQUIRE(r.unaddressed.size() == 1);
  CHECK(r.unaddressed[0].service == Service::TvetCentre);
  CHECK(r.cost_usd_total == 2500 + 18000.5 + 9000);
  CHECK(r.cost_usd_on_gaps == 2500 + 18000.5);

  // A commune with no gap: every project addresses no gap, nothing left unaddressed.
  const auto none = check_cip(plan, "KH900102", {});
  REQUIRE(none.items.size() == 1);
  CHECK(none.items[0].verdict == "addresses no gap");
  CHECK(none.unaddressed.empty());
}

TEST_CASE("CIP: a plan without a commune column applies to the commune reported", "[cip]") {
  TempCsv f("nocommune.csv", "name,type,cost\nCash for the poorest,cash transfer,1000\n");
  const auto plan = read_cip(f.path.string());
  CHECK_FALSE(plan.has_communes);
  const auto r = check_cip(plan, "KH010203", {{Service::HealthCentre, GapClass::Unaffordable},
                                              {Service::SchoolPrimary, GapClass::UnavailableUnaffordable},
                                              {Service::TvetCentre, GapClass::Unavailable}});
  REQUIRE(r.items.size() == 1);
  CHECK(r.items[0].verdict == "addresses a gap: health_centre (unaffordable); school_primary (unavailable_unaffordable)");
  REQUIRE(r.unaddressed.size() == 1);
  CHECK(r.unaddressed[0].service == Service::TvetCentre);
}

TEST_CASE("CIP: bad rows name file, row and field", "[cip]") {
  {
    TempCsv f("nocost.csv", "project,type\nA,road\n");
    const auto e = error_of(f.path.string());
    CHECK_THAT(e, Contains("nocost.csv") && Contains("cost_usd") && Contains("columns: project, type"));
  }
  {
    TempCsv f("badtype.csv", "project,type,cost\nA,road,10\nB,spaceport,20\n");
    const auto e = error_of(f.path.string());
    CHECK_THAT(e, Contains("badtype.csv") && Contains("feature 2") && Contains("'type'") &&
                      Contains("unknown project type 'spaceport'") && Contains("health_equity_fund"));
  }
  {
    TempCsv f("badcost.csv", "project,type,cost\nA,road,10\nB,school,ten thousand\n");
    const auto e = error_of(f.path.string());
    CHECK_THAT(e, Contains("badcost.csv") && Contains("feature 2") && Contains("'cost'") && Contains("ten thousand"));
  }
  {
    TempCsv f("negcost.csv", "project,type,cost\nA,road,-5\n");
    CHECK_THAT(error_of(f.path.string()), Contains("feature 1") && Contains("not a number >= 0"));
  }
  {
    TempCsv f("noname.csv", "project,type,cost\nA,road,5\n ,road,5\n");
    CHECK_THAT(error_of(f.path.string()), Contains("feature 2") && Contains("'project'") && Contains("no name"));
  }
  {
    TempCsv f("badcommune.csv", "project,type,cost,adm3_pcode\nA,road,5,KH01\n");
    CHECK_THAT(error_of(f.path.string()), Contains("'adm3_pcode'") && Contains("not a commune code"));
  }
  CHECK_THROWS_AS(read_cip("/nonexistent/plan.csv"), gis::InputError);
}

TEST_CASE("CIP batch: a plan without commune codes assigns projects by their point, or is refused", "[cip]") {
  gis::ReadOptions ro;
  ro.layer = "communes";
  const auto communes = gis::read_vector(std::string(SWSPLAN_SOURCE_DIR) + "/sample-maps/demo_province.gpkg", ro);
  REQUIRE(communes.size() >= 2);
  std::vector<double> xs, ys;
  gis::point_on_surface(communes, xs, ys);
  std::vector<std::pair<double, double>> ll{{xs[0], ys[0]}, {xs[1], ys[1]}};
  if (communes.crs != "EPSG:4326") {
    std::vector<double> x{xs[0], xs[1]}, y{ys[0], ys[1]};
    gis::Transformer(communes.crs, "EPSG:4326").transform(x, y);
    ll = {{x[0], y[0]}, {x[1], y[1]}};
  }
  const auto c0 = communes.column("adm3_pcode").text(0), c1 = communes.column("adm3_pcode").text(1);
  auto num = [](double v) {
    std::ostringstream o;
    o << std::setprecision(12) << v;
    return o.str();
  };
  // With lon/lat: each project goes to the commune containing it; the page of commune 0 lists
  // only its own project, not the whole plan.
  TempCsv located("located.csv", "project,type,cost_usd,lon,lat\nClinic,health centre,100," + num(ll[0].first) + "," +
                                     num(ll[0].second) + "\nSchool,school,200," + num(ll[1].first) + "," +
                                     num(ll[1].second) + "\n");
  auto plan = read_cip(located.path.string());
  CHECK_FALSE(plan.has_communes);
  REQUIRE(plan.projects[0].lonlat);
  assign_cip_communes(plan, communes);
  CHECK(plan.has_communes);
  CHECK(plan.projects[0].adm3_pcode == c0);
  CHECK(plan.projects[1].adm3_pcode == c1);
  const auto chk = check_cip(plan, c0, {});
  REQUIRE(chk.items.size() == 1);
  CHECK(chk.items[0].project->name == "Clinic");
  CHECK(chk.cost_usd_total == 100);
  // Without codes and without a point on row 2: refused, naming file, row and field.
  TempCsv partial("partial.csv", "project,type,cost_usd,lon,lat\nClinic,health centre,100," + num(ll[0].first) + "," +
                                     num(ll[0].second) + "\nSchool,school,200,,\n");
  auto p2 = read_cip(partial.path.string());
  try {
    assign_cip_communes(p2, communes);
    FAIL("accepted");
  } catch (const gis::InputError& e) {
    CHECK_THAT(std::string(e.what()),
               Contains("partial.csv") && Contains("feature 2") && Contains("adm3_pcode") && Contains("batch"));
  }
  // A point outside every commune: named too.
  TempCsv outside("outside.csv", "project,type,cost_usd,lon,lat\nClinic,health centre,100,0.5,0.5\n");
  auto p3 = read_cip(outside.path.string());
  try {
    assign_cip_communes(p3, communes);
    FAIL("accepted");
  } catch (const gis::InputError& e) {
    CHECK_THAT(std::string(e.what()), Contains("feature 1") && Contains("field 'lon'") && Contains("no commune"));
  }
  // A bad longitude is refused when reading.
  TempCsv badlon("badlon.csv", "project,type,cost_usd,lon,lat\nClinic,health centre,100,east,11\n");
  CHECK_THAT(error_of(badlon.path.string()), Contains("field 'lon'") && Contains("east"));
  // A plan with commune codes is left as it is.
  TempCsv coded("coded.csv", "project,type,cost_usd,adm3_pcode\nClinic,health centre,100," + c1 + "\n");
  auto p4 = read_cip(coded.path.string());
  assign_cip_communes(p4, communes);
  CHECK(p4.projects[0].adm3_pcode == c1);
}

// Unit: app/render/style.* (class breaks, classification, default cartography).
#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "app/render/style.hpp"

using namespace swsplan;
using namespace swsplan::gui;

TEST_CASE("equal interval and quantile breaks", "[gui][style]") {
  std::vector<double> v{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const auto eq = class_breaks(v, ClassMethod::EqualInterval, 3);
  REQUIRE(eq.size() == 4);
  CHECK(eq[0] == Approx(1));
  CHECK(eq[1] == Approx(4));
  CHECK(eq[3] == Approx(10));
  const auto q = class_breaks(v, ClassMethod::Quantile, 2);
  REQUIRE(q.size() == 3);
  CHECK(q[1] == Approx(5));
  // NaN and a constant column do not break anything.
  CHECK(class_breaks({std::nan(""), 2.0, 2.0}, ClassMethod::Quantile, 5) == std::vector<double>{2.0, 2.0});
  CHECK(class_breaks({}, ClassMethod::NaturalBreaks, 5).empty());
}

TEST_CASE("natural breaks find obvious clusters", "[gui][style]") {
  std::vector<double> v{1, 1.1, 1.2, 5, 5.1, 5.2, 9, 9.1, 9.3};
  const auto b = class_breaks(v, ClassMethod::NaturalBreaks, 3);
  REQUIRE(b.size() == 4);
  CHECK(b[0] == Approx(1));
  CHECK(b[1] == Approx(1.2));  // upper bound of the first cluster
  CHECK(b[2] == Approx(5.2));
  CHECK(b[3] == Approx(9.3));
}

TEST_CASE("graduated and categorised classification of features", "[gui][style]") {
  gis::VectorLayer l;
  l.name = "communes";
  l.add_column("share", gis::FieldType::Real);
  l.add_column("class_health_centre", gis::FieldType::String);
  auto& c = l.column("share");  // references after both adds (the column vector grew)
  auto& cls = l.column("class_health_centre");
  for (double x : {0.1, 0.2, 0.3, 0.4, 0.5}) c.push(x), cls.push(std::string("served")), l.fids.push_back(int64_t(l.fids.size()));
  c.push_null();
  cls.push(std::string("unavailable_unaffordable"));
  l.fids.push_back(6);
  cls.strings[1] = "not_classified";
  const auto g = graduated_style(l, "share", ClassMethod::EqualInterval, 4);
  REQUIRE(g.classes.size() == 4);
  const auto k = classify_features(g, l);
  CHECK(k == std::vector<int>{0, 0, 1, 2, 3, -1});  // NULL -> fallback "no data"
  const auto s = gap_style(l, "class_health_centre");
  CHECK(s.bivariate_legend);
  const auto kc = classify_features(s, l);
  CHECK(kc[0] == 0);
  CHECK(kc[1] == -1);  // not_classified is hatched
  CHECK(kc[5] == 3);
  CHECK(s.classes[3].symbol.fill == gap_class_color("unavailable_unaffordable"));
  REQUIRE(gap_class_field(l));
  CHECK(*gap_class_field(l) == "class_health_centre");
}

TEST_CASE("default styles: facilities by service, roads by class with PWP marked", "[gui][style]") {
  gis::VectorLayer f;
  f.geom.kind = gis::GeometryKind::Point;
  auto& svc = f.add_column("service", gis::FieldType::String);
  for (const char* s : {"health_centre", "school_primary", "sws_office", "health_centre"}) svc.push(std::string(s));
  const auto fs = default_style("facilities", f);
  CHECK(fs.kind == StyleKind::Categorized);
  REQUIRE(fs.classes.size() == 3);  // only services present
  std::set<int> shapes;
  for (const auto& c : fs.classes) shapes.insert(int(c.symbol.shape));
  CHECK(shapes.size() == 3);  // distinct symbols
  gis::VectorLayer r;
  r.geom.kind = gis::GeometryKind::Line;
  r.add_column("road_class", gis::FieldType::String);
  r.add_column("pwp", gis::FieldType::Integer);
  const auto rs = default_style("roads", r);
  CHECK(rs.overlay_field == "pwp");
  CHECK(rs.classes.size() == 5);
}

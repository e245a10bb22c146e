// Unit: app/gui/value_format.* and the identify panel of main_window_layers.cpp: values
// rounded with units, codes kept as stored, the stored value in the tooltip.
#include <catch2/catch.hpp>
#include <QTreeWidget>

#include "app/gui/main_window.hpp"
#include "app/gui/value_format.hpp"
#include "gui/gui_support.hpp"

using namespace swsplan;
using namespace swsplan::gui;

namespace {
const QLocale en(QLocale::English, QLocale::UnitedStates);
std::string f(const std::string& field, double v, bool integer = false) {
  return format_number(field, v, integer, en).toStdString();
}
}  // namespace

TEST_CASE("identify values: shares as %, metres as km, seconds as minutes, counts grouped", "[gui][format]") {
  test::app();
  CHECK(f("idp22_poor_share", 0.23456) == "23.5 %");
  CHECK(f("coverage_health_centre", 1.0) == "100.0 %");
  CHECK(f("deprivation_0_1", 0.05) == "5.0 %");
  CHECK(f("cdb11_pct_hh_electricity", 43.21) == "43.2 %");
  CHECK(f("distance_m", 12345.6) == "12.3 km");
  CHECK(f("distance_m", 850.4) == "850 m");
  CHECK(f("length_km", 0.25) == "250 m");
  CHECK(f("mean_distance_km", 7.04) == "7.0 km");
  CHECK(f("area_km2", 49.218) == "49.2 km²");
  CHECK(f("area_km2", 1724.4) == "1,724 km²");
  CHECK(f("time_s", 1500) == "25 min");
  CHECK(f("time_s", 270) == "4.5 min");
  CHECK(f("time_s", 7500) == "2 h 05 min");
  CHECK(f("farthest_min", 61.2) == "1 h 01 min");
  CHECK(f("households", 14073, true) == "14,073");
  CHECK(f("idp22_total_hh", 1234567.0) == "1,234,567");
  CHECK(f("total_usd", 1250000) == "USD 1,250,000");
  CHECK(f("unit_cost_usd", 12.5) == "USD 12.50");
  CHECK(f("wfp_vuln_index", 0.4567) == "0.46");
  CHECK(f("capacity_ratio", 1.5) == "1.5");
  CHECK(f("overlap_score", 123.456) == "123.5");
  // Codes, ids, years and ranks are names, not quantities: as stored, no separators.
  CHECK(f("ncdd_code", 10201, true) == "10201");
  CHECK(f("facility_id", 123456, true) == "123456");
  CHECK(f("year", 2022, true) == "2022");
  CHECK(f("rank_min", 12, true) == "12");  // a rank, not minutes
  CHECK(f("fid", 1000, true) == "1000");
}

TEST_CASE("identify values: formatted from a column, NULL empty, text untouched", "[gui][format]") {
  test::app();
  gis::Column share("poor_share", gis::FieldType::Real);
  share.push(0.5);
  share.push_null();
  CHECK(format_value(share, 0, en) == "50.0 %");
  CHECK(format_value(share, 1, en).isEmpty());
  gis::Column name("name_en", gis::FieldType::String);
  name.push(std::string("Srah Sla"));
  CHECK(format_value(name, 0, en) == "Srah Sla");
  gis::Column hh("households", gis::FieldType::Integer);
  hh.push(std::int64_t(88192));
  CHECK(format_value(hh, 0, en) == "88,192");
  // The "C" locale of a bare environment still groups thousands.
  CHECK(format_value(hh, 0, QLocale::c()) == "88,192");
}

TEST_CASE("measured areas in m², ha and km², lengths in m and km", "[gui][format]") {
  test::app();
  CHECK(format_area_m2(850, en) == "850 m²");
  CHECK(format_area_m2(452000, en) == "45.2 ha");
  CHECK(format_area_m2(4e6, en) == "4.00 km² (400 ha)");
  CHECK(format_area_m2(12345678, en) == "12.35 km² (1,235 ha)");
  CHECK(format_length_m(999, en) == "999 m");
  CHECK(format_length_m(8000, en) == "8.0 km");
  CHECK(format_minutes(0.5, en) == "0.5 min");
}

TEST_CASE("identify panel: values rounded with units, the stored value in the tooltip", "[gui][format][app]") {
  test::app();
  MainWindow w;
  w.set_language("en");
  w.resize(1400, 900);
  w.show();
  REQUIRE(w.open_project(QString::fromStdString(test::sample_project()), true));
  const auto* communes = w.canvas()->layer("communes");
  REQUIRE(communes);
  const std::size_t f = 7;
  const auto& d = communes->data->data;
  const double area = *d.column("area_km2").number(f);
  w.identify_at(communes->data->label_x[f], communes->data->label_y[f]);
  const QString text = w.identify_text();
  CHECK(text.contains("area_km2 = " + en.toString(area, 'f', 1) + QString::fromUtf8(" km²")));
  CHECK(text.contains("ncdd_code = " + QString::fromStdString(d.column("ncdd_code").text(f))));  // a code: as stored
  CHECK(text.contains("adm3_pcode = " + QString::fromStdString(d.column("adm3_pcode").text(f))));
  QTreeWidgetItem* row = nullptr;
  for (auto* tree : w.findChildren<QTreeWidget*>())
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
      for (int k = 0; k < tree->topLevelItem(i)->childCount(); ++k)
        if (tree->topLevelItem(i)->child(k)->text(0) == "area_km2") row = tree->topLevelItem(i)->child(k);
  REQUIRE(row);
  CHECK(row->toolTip(1).toStdString() == d.column("area_km2").text(f));
  // A village: its poor share in %, households with thousands separators where needed.
  const auto* villages = w.canvas()->layer("villages");
  REQUIRE(villages);
  const auto& v = villages->data->data;
  const std::size_t k = 3;
  const auto xy = *v.geom.first_xy(k);
  w.canvas()->zoom_to_extent({xy.first - 500, xy.second - 500, xy.first + 500, xy.second + 500});
  w.identify_at(xy.first, xy.second);
  const QString vt = w.identify_text();
  CHECK(vt.contains("poor_share = " + en.toString(*v.column("poor_share").number(k) * 100, 'f', 1) + " %"));
  CHECK(vt.contains("households = " + en.toString(*v.column("households").number(k), 'f', 0)));
  CHECK(vt.contains("vil_code = " + QString::fromStdString(v.column("vil_code").text(k))));
  REQUIRE(test::render_and_wait(*w.canvas()));
  w.grab().save(QString::fromStdString(test::artefact("identify_formatted.png")));
}

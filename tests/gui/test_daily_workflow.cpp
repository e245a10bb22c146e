// End to end through the real main window, offscreen, as a provincial planner's day: add a
// Shapefile and a travel-time GeoTIFF, find a commune by name and a road by its Khmer name,
// filter the attribute table, run the gap analysis and a provincial siting from their
// dialogs, and export a PDF whose text holds the title, the legend entries and the whole
// source footer. A screenshot of each step is kept under test-artifacts/gui/workflow_*.png.
#include <catch2/catch.hpp>
#include <QComboBox>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStatusBar>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/gui/attribute_table.hpp"
#include "app/gui/main_window.hpp"
#include "app/gui/search_box.hpp"
#include "app/render/map_export.hpp"
#include "gis/io/vector.hpp"
#include "gui/added_layers_support.hpp"
#include "gui/dialog_support.hpp"
#include "gui/gui_support.hpp"

using namespace swsplan;
using namespace swsplan::gui;
using namespace swsplan::gui::test;

namespace {

void shot(MainWindow& w, const char* step) {
  REQUIRE(render_and_wait(*w.canvas()));
  w.grab().save(QString::fromStdString(artefact(std::string("workflow_") + step + ".png")));
}

/// The PDF's text with ligatures spelt out and all white space as single spaces.
std::string pdf_words(const std::string& pdf) {
  const std::string txt = pdf + ".txt";
  REQUIRE(std::system(("pdftotext -enc UTF-8 \"" + pdf + "\" \"" + txt + "\"").c_str()) == 0);
  std::ifstream in(txt);
  std::stringstream ss;
  ss << in.rdbuf();
  QString t = QString::fromStdString(ss.str());
  t.replace(QString::fromUtf8("ﬀ"), "ff").replace(QString::fromUtf8("ﬁ"), "fi").replace(QString::fromUtf8("ﬂ"), "fl");
  t.replace(QString::fromUtf8("ﬃ"), "ffi").replace(QString::fromUtf8("ﬄ"), "ffl");
  return t.simplified().toStdString();
}

/// A Khmer-named national road of the real OpenStreetMap data (the admin layers of the data
/// carry English names only).
std::string khmer_road_name(const std::string& gpkg) {
  gis::ReadOptions o;
  o.layer = "roads_main_osm";
  const auto roads = gis::read_vector(gpkg, o);
  const auto& name = roads.column("name");
  for (std::size_t i = 0; i < roads.size(); ++i)
    if (QString::fromStdString(name.text(i)).startsWith(QString::fromUtf8("ផ្លូវជាតិ"))) return name.text(i);
  return {};
}

}  // namespace

TEST_CASE("a planner's day: add data, find, filter, gap analysis, provincial siting, PDF", "[gui][app][workflow]") {
  app();
  const auto& in = inputs();  // Shapefile and GeoTIFF made from the sample
  const auto path = project_copy("workflow.gpkg");
  MainWindow w;
  w.set_language("en");
  w.resize(1500, 950);
  REQUIRE(w.open_project(QString::fromStdString(path), true));
  w.show();
  shot(w, "1_opened");

  // 1. Add a Shapefile and the travel-time GeoTIFF; the project file is not touched.
  const std::string before = bytes_of(path);
  REQUIRE(w.add_data_layer(QString::fromStdString(in.shp), true));
  REQUIRE(w.add_data_layer(QString::fromStdString(in.time_tif), true));
  std::vector<std::string> added;
  for (const auto& l : w.canvas()->view().layers)
    if (!w.data_layer_source(l.name()).empty()) added.push_back(l.name());
  CHECK(added.size() == 2);
  CHECK(bytes_of(path) == before);
  shot(w, "2_added_layers");

  // 2. Find a commune by name and a road by its Khmer name (added from the real OSM data).
  const std::string roads = std::string(SWSPLAN_SHARED_DATA) + "/khm_roads_osm.gpkg";
  const std::string khmer = khmer_road_name(roads);
  REQUIRE_FALSE(khmer.empty());
  REQUIRE(w.add_data_layer(QString::fromStdString(roads + "#roads_main_osm"), true));
  REQUIRE(wait_until([&] { return w.search_box()->ready(); }));
  REQUIRE(w.search_box()->search(QString::fromStdString(khmer)));
  CHECK(w.statusBar()->currentMessage().contains("Found"));
  shot(w, "3_found_khmer_road");
  w.remove_data_layer("roads_main_osm");
  REQUIRE(wait_until([&] { return w.search_box()->ready(); }));
  REQUIRE(w.search_box()->search("chrak sla"));
  CHECK(w.statusBar()->currentMessage().contains("Chrak Sla"));
  const auto* communes = w.canvas()->layer("communes");
  REQUIRE(communes);
  shot(w, "4_found_commune");

  // 3. Filter the communes' table to one district: the rows shown are that district's.
  w.show_attributes("communes");
  auto* table = w.attribute_table();
  table->filter_edit()->setText("adm2_pcode = KH9001");
  table->apply_filter();
  const auto& data = w.canvas()->layer("communes")->data->data;
  int in_district = 0;
  for (std::size_t i = 0; i < data.size(); ++i) in_district += data.column("adm2_pcode").text(i) == "KH9001";
  REQUIRE(in_district > 0);
  CHECK(table->shown_rows() == in_district);
  shot(w, "5_filtered_table");
  // Another layer in the table starts unfiltered: the filter named the communes' fields.
  w.show_attributes("villages");
  CHECK(table->filter_edit()->text().isEmpty());
  CHECK(table->shown_rows() == int(w.canvas()->layer("villages")->data->size()));

  // 4. Gap analysis, then siting limited to the province, from their dialogs.
  auto* gap = w.gap_dialog();
  REQUIRE(run_and_wait(*gap, w).ok);
  gap->close();
  shot(w, "6_gap_analysis");
  auto* site = w.siting_dialog();
  site->province_box()->setCurrentIndex(site->province_box()->findData(QString("KH90")));
  site->p_box()->setValue(2);
  site->scenario_edit()->setText("workflow");
  REQUIRE(run_and_wait(*site, w).ok);
  site->close();
  REQUIRE(w.canvas()->layer("scenario_workflow_offices"));
  shot(w, "7_provincial_siting");

  // 5. The PDF page: title, legend entries and the whole source footer in its text.
  const auto pdf = artefact("workflow_8_map.pdf");
  std::filesystem::remove(pdf);
  w.export_map(QString::fromStdString(pdf));
  const std::string text = pdf_words(pdf);
  INFO(text);
  CHECK(text.find("Demo Province (synthetic)") != std::string::npos);
  for (const char* entry : {"unaffordable", "unavailable", "Scenario offices: workflow", "New office (proposed)", "Travel time"})
    CHECK(text.find(entry) != std::string::npos);
  const auto decor = page_decor(w.project(), w.canvas()->view());
  const std::string footer = decor.attribution.simplified().toStdString();
  REQUIRE_FALSE(footer.empty());
  CHECK(text.find(footer) != std::string::npos);
  std::system(("pdftoppm -png -r 60 -singlefile \"" + pdf + "\" \"" + artefact("workflow_8_map_page") + "\"").c_str());
}

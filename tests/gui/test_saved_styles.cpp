// Unit: File > Save project (app/gui/main_window.*, app/render/project_layers.*, style.*): the layer
// tree's visibility, order and the user's styles go to swsplan_map_styles and come back when
// the project is opened in a new window, and each layer's drawn style goes to layer_styles as
// QGIS's default; other tables untouched; bad rows are warnings.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>

#include "app/gui/main_window.hpp"
#include "app/render/style_qml.hpp"
#include "gui/gui_support.hpp"
#include "layers/project.hpp"
#include "layers/qgis_styles.hpp"

using namespace swsplan;
using namespace swsplan::gui;

namespace {

std::string fresh_copy(const std::string& name) {
  const auto p = test::artefact(name);
  std::filesystem::remove(p);
  std::filesystem::copy_file(test::sample_project(), p);
  return p;
}

std::vector<std::string> order_of(const MainWindow& w) {
  std::vector<std::string> out;
  for (const auto& l : w.canvas()->view().layers) out.push_back(l.name());
  return out;
}

/// Every value of every column (and the fids) as text: equal tables give equal strings.
std::string table_text(const gis::VectorLayer& t) {
  std::string s;
  for (auto f : t.fids) s += std::to_string(f) + ",";
  for (const auto& c : t.columns) {
    s += "\n" + c.name + ":";
    for (std::size_t i = 0; i < c.size(); ++i) s += c.text(i) + "|";
  }
  return s;
}

}  // namespace

TEST_CASE("Save project keeps styles, visibility and order, a new window restores them", "[gui][app][save]") {
  test::app();
  const auto path = fresh_copy("saved_styles.gpkg");
  const auto communes_before = table_text(layers::Project::open(path).read("communes"));
  const auto villages_before = table_text(layers::Project::open(path).read("villages"));
  CHECK_FALSE(layers::Project::open(path).has(kMapStylesTable));

  std::string field, communes_qml;
  std::vector<std::string> expected_order;
  {
    MainWindow w;
    w.set_language("en");
    REQUIRE(w.open_project(QString::fromStdString(path), true));
    const auto* communes = w.canvas()->layer("communes");
    REQUIRE(communes);
    for (const auto& c : communes->data->data.columns)
      if (c.type == gis::FieldType::Real) {
        field = c.name;
        break;
      }
    REQUIRE(!field.empty());
    LayerStyle s = graduated_style(communes->data->data, field, ClassMethod::NaturalBreaks, 4);
    s.opacity = 0.6;
    w.set_layer_style("communes", s);
    w.set_layer_visible("villages", false);
    REQUIRE_FALSE(w.canvas()->layer("villages")->visible);
    // Move communes to the top of the tree.
    auto top_first = order_of(w);
    std::reverse(top_first.begin(), top_first.end());
    REQUIRE(top_first.front() != "communes");
    top_first.erase(std::find(top_first.begin(), top_first.end(), "communes"));
    top_first.insert(top_first.begin(), "communes");
    w.set_layer_order_top_first(top_first);
    expected_order = order_of(w);
    REQUIRE(expected_order.back() == "communes");

    communes_qml = style_qml(w.canvas()->layer("communes")->style, gis::GeometryKind::Polygon);

    bool ok = false;
    QObject::connect(&w, &MainWindow::project_saved, [&](bool r) { ok = r; });
    REQUIRE(w.save_project(true));
    CHECK(ok);
  }
  // The other tables are unchanged; the new table has one row per layer.
  const auto project = layers::Project::open(path);
  CHECK(table_text(project.read("communes")) == communes_before);
  CHECK(table_text(project.read("villages")) == villages_before);
  REQUIRE(project.has(kMapStylesTable));
  CHECK(project.read(kMapStylesTable).size() == expected_order.size());
  // In the same commit, QGIS's styles: each layer's default is the style drawn when saved
  // (the user's communes choropleth; the app's default style kept as a second style).
  REQUIRE(project.has(layers::kLayerStyles));
  const auto ls = project.read(layers::kLayerStyles);
  std::map<std::string, int> defaults;
  std::string communes_default, communes_other;
  for (std::size_t i = 0; i < ls.size(); ++i) {
    const auto table = ls.column("f_table_name").text(i);
    const bool is_default = *ls.column("useAsDefault").number(i) == 1;
    defaults[table] += is_default;
    if (table == "communes") (is_default ? communes_default : communes_other) = ls.column("styleName").text(i);
    if (table == "communes" && is_default) CHECK(ls.column("styleQML").text(i) == communes_qml);
  }
  CHECK(defaults.size() == expected_order.size());
  for (const auto& [table, n] : defaults) {
    INFO(table);
    CHECK(n == 1);
  }
  CHECK(communes_default == "saved map");
  CHECK(communes_other == "swsplan map");

  MainWindow w2;
  w2.set_language("en");
  REQUIRE(w2.open_project(QString::fromStdString(path), true));
  const auto* c2 = w2.canvas()->layer("communes");
  REQUIRE(c2);
  CHECK(c2->style.kind == StyleKind::Graduated);
  CHECK(c2->style.field == field);
  CHECK(c2->style.method == ClassMethod::NaturalBreaks);
  CHECK(c2->style.class_count == 4);
  CHECK(c2->style.opacity == Approx(0.6));
  CHECK_FALSE(c2->style.classes.empty());
  CHECK_FALSE(w2.canvas()->layer("villages")->visible);
  CHECK(w2.canvas()->layer("facilities")->visible);
  CHECK(order_of(w2) == expected_order);
  // A layer the user did not style keeps its default style.
  CHECK(w2.canvas()->layer("villages")->style.kind == default_style("villages", w2.canvas()->layer("villages")->data->data).kind);
}

TEST_CASE("Saved styles: bad JSON and rows of missing layers are warnings, defaults kept", "[gui][app][save]") {
  test::app();
  const auto path = fresh_copy("saved_styles_bad.gpkg");
  {
    layers::ProjectWriter pw(path);
    pw.put(map_styles_table({{"communes", true, 0, "{not json", ""},
                             {"no_such_layer", false, 1, R"({"kind":"graduated"})", ""},
                             {"districts", false, 2, R"({"kind":"graduated","field":"no_such_field","method":"quantile","classes":4})", ""},
                             {"provinces", true, 3, R"({"kind":"default","opacity_0_1":0.5})", ""}}),
           kMapStylesTable);
    pw.commit();
  }
  MainWindow w;
  w.set_language("en");
  REQUIRE(w.open_project(QString::fromStdString(path), true));
  const auto* communes = w.canvas()->layer("communes");
  REQUIRE(communes);
  CHECK(communes->style.kind == default_style("communes", communes->data->data).kind);
  CHECK(communes->style.opacity == Approx(default_style("communes", communes->data->data).opacity));
  CHECK_FALSE(w.canvas()->layer("districts")->visible);  // visibility applies even when the style is bad
  CHECK(w.canvas()->layer("provinces")->style.opacity == Approx(0.5));
  std::string warnings;
  for (const auto& s : w.project().warnings) warnings += s + "\n";
  CHECK_THAT(warnings, Catch::Contains("layer communes") && Catch::Contains("not a JSON object"));
  CHECK_THAT(warnings, Catch::Contains("layer districts") && Catch::Contains("no_such_field"));
  CHECK_THAT(warnings, !Catch::Contains("no_such_layer"));
}

TEST_CASE("style choice JSON round trip and rejection", "[gui][style][save]") {
  gis::VectorLayer l;
  l.name = "t";
  l.geom.kind = gis::GeometryKind::None;
  l.add_column("rate_0_1", gis::FieldType::Real);
  l.add_column("name", gis::FieldType::String);
  auto &v = l.columns[0], &n = l.columns[1];
  for (int i = 0; i < 20; ++i) {
    l.fids.push_back(i + 1);
    v.push(double(i * i) / 400.0);
    n.push(std::string("x") + std::to_string(i));
    l.geom.add_empty_feature();
  }
  LayerStyle s = graduated_style(l, "rate_0_1", ClassMethod::EqualInterval, 3);
  s.opacity = 0.7;
  const auto back = style_from_choice_json(style_choice_json(s), "t", l);
  CHECK(back.kind == StyleKind::Graduated);
  CHECK(back.method == ClassMethod::EqualInterval);
  CHECK(back.class_count == 3);
  CHECK(back.opacity == Approx(0.7));
  CHECK(back.classes.size() == s.classes.size());
  CHECK_THROWS_WITH(style_from_choice_json(R"({"kind":"graduated","field":"name","method":"quantile","classes":3})", "t", l),
                    Catch::Contains("not numeric"));
  CHECK_THROWS_WITH(style_from_choice_json(R"({"kind":"graduated","field":"rate_0_1","method":"jenks","classes":3})", "t", l),
                    Catch::Contains("jenks"));
  CHECK_THROWS_WITH(style_from_choice_json(R"({"kind":"graduated","field":"rate_0_1","method":"quantile","classes":12})", "t", l),
                    Catch::Contains("2..7"));
  CHECK_THROWS_WITH(style_from_choice_json(R"({"kind":"sparkles"})", "t", l), Catch::Contains("sparkles"));
  CHECK_THROWS_WITH(style_from_choice_json(R"({"kind":"default","opacity_0_1":3})", "t", l), Catch::Contains("opacity"));
  CHECK_THROWS(style_from_choice_json("[1,2]", "t", l));
}

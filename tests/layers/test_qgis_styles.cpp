// Tests of layers/qgis_styles, the layer_styles rows stored with a run, on a copy of the demo
// province: the styler's styles of the result and base layers are stored with the analysis in
// its one commit, a new run replaces swsplan's rows and keeps a style saved from QGIS, a run
// without a styler leaves no swsplan style behind, the saved map state is one commit, and a
// later run keeps a style the user chose in the app.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <set>

#include "layers/analysis_run.hpp"
#include "layers/qgis_styles.hpp"

namespace fs = std::filesystem;
using namespace swsplan;

namespace {
struct SampleCopy {
  fs::path dir, path;
  SampleCopy() {
    static int counter = 0;
    dir = fs::temp_directory_path() /
          ("swsplan_test_qgis_styles_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    path = dir / "demo.gpkg";
    fs::copy_file(fs::path(SWSPLAN_SOURCE_DIR) / "sample-maps" / "demo_province.gpkg", path);
  }
  ~SampleCopy() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

/// (table, styleName, owner) of every stored row.
std::multiset<std::string> rows_of(const std::string& path) {
  std::multiset<std::string> out;
  const auto p = layers::Project::open(path);
  if (!p.has(layers::kLayerStyles)) return out;
  const auto t = p.read(layers::kLayerStyles);
  for (std::size_t i = 0; i < t.size(); ++i)
    out.insert(t.column("f_table_name").text(i) + "/" + t.column("styleName").text(i) + "/" + t.column("owner").text(i));
  return out;
}

layers::QgisStyler test_styler() {
  return [](const std::string& layer, const gis::VectorLayer& data) {
    return std::vector<layers::QgisStyle>{
        {layer, "features " + std::to_string(data.size()), "<!DOCTYPE qgis><qgis/>", true, "test"}};
  };
}
}  // namespace

TEST_CASE("the analysis stores the styler's styles of its results and the base layers", "[qgis_styles]") {
  SampleCopy s;
  layers::GapRunRequest rq;
  rq.services = {"health_centre"};
  rq.qgis_styles = test_styler();
  const auto R = layers::run_and_store_gap_analysis(s.path.string(), rq, gis::no_progress());
  const auto rows = rows_of(s.path.string());
  const auto p = layers::Project::open(s.path.string());
  // The styler sees the data being stored: the gap layer's communes, the districts ranked.
  CHECK(rows.count("gap_communes/features " + std::to_string(R.outputs.gap_communes.size()) + "/swsplan") == 1);
  CHECK(rows.count("district_priority/features " + std::to_string(R.outputs.district_priority.size()) + "/swsplan") == 1);
  std::size_t base = 0;
  for (const auto& name : layers::base_styled_layers())
    if (p.has(name)) {
      ++base;
      CHECK(rows.count(name + "/features " + std::to_string(p.read(name).size()) + "/swsplan") == 1);
    }
  CHECK(base >= 5);
  CHECK(rows.size() == base + 2);

  SECTION("a QGIS user's style survives, a run without a styler removes only swsplan's rows") {
    auto t = layers::layer_styles_table({{"communes", "my map", "<!DOCTYPE qgis><qgis/>", true, "mine"}});
    t.columns[std::size_t(t.find("owner"))].strings[0] = "planner";
    layers::ProjectWriter w(s.path.string());
    // Keep swsplan's rows and add the user's, as QGIS would (appending a row).
    const auto before = layers::Project::open(s.path.string()).read(layers::kLayerStyles);
    auto merged = before;
    for (std::size_t c = 0; c < merged.columns.size(); ++c) {
      const auto& u = t.column(merged.columns[c].name);
      if (u.is_null(0)) merged.columns[c].push_null();
      else if (merged.columns[c].type == gis::FieldType::Integer) merged.columns[c].push(std::int64_t(*u.number(0)));
      else merged.columns[c].push(u.text(0));
    }
    merged.fids.push_back(std::int64_t(before.size() + 1));
    merged.geom.add_empty_feature();
    w.put(merged, layers::kLayerStyles);
    w.commit();

    rq.qgis_styles = test_styler();
    layers::run_and_store_gap_analysis(s.path.string(), rq, gis::no_progress());
    auto again = rows_of(s.path.string());
    CHECK(again.size() == rows.size() + 1);
    CHECK(again.count("communes/my map/planner") == 1);

    rq.qgis_styles = nullptr;
    layers::run_and_store_gap_analysis(s.path.string(), rq, gis::no_progress());
    CHECK(rows_of(s.path.string()) == std::multiset<std::string>{"communes/my map/planner"});
  }

  SECTION("the saved map state: the map table and the drawn layers' styles in one commit") {
    gis::VectorLayer map;
    map.name = "swsplan_map_styles";
    map.geom.kind = gis::GeometryKind::None;
    map.add_column("layer", gis::FieldType::String);
    map.columns[0].push(std::string("communes"));
    map.fids.push_back(1);
    map.geom.add_empty_feature();
    layers::store_map_state(s.path.string(), map, {{"communes", "saved map", "<!DOCTYPE qgis><qgis/>", true, "drawn"}});
    const auto after = rows_of(s.path.string());
    CHECK(after.count("communes/saved map/swsplan") == 1);
    CHECK(after.count("communes/features " + std::to_string(p.read("communes").size()) + "/swsplan") == 0);
    CHECK(after.size() == rows.size());  // other layers' rows untouched
    CHECK(layers::Project::open(s.path.string()).has("swsplan_map_styles"));

    // A later analysis restyles the other base layers but keeps the style the user chose for
    // the communes (the default QGIS applies), instead of putting the map's default back.
    layers::run_and_store_gap_analysis(s.path.string(), rq, gis::no_progress());
    const auto rerun = rows_of(s.path.string());
    CHECK(rerun.count("communes/saved map/swsplan") == 1);
    CHECK(rerun.count("communes/features " + std::to_string(p.read("communes").size()) + "/swsplan") == 0);
    CHECK(rerun.count("villages/features " + std::to_string(p.read("villages").size()) + "/swsplan") == 1);
  }
}

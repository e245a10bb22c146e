// Unit: app/render/style_qml.* (the app's styles as QGIS QML) and the layer_styles rows the
// analysis stores (layers/qgis_styles.*): the stored QML is parsed back the way QGIS reads it
// and compared with the renderer's style of the same layer: classes, breaks, colours, the
// "not classified" symbol, and which symbol each feature gets.
#include <catch2/catch.hpp>
#include <QXmlStreamReader>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>

#include "app/render/style_qml.hpp"
#include "gis/io/vector.hpp"
#include "gui/gui_support.hpp"
#include "layers/analysis_run.hpp"
#include "layers/project.hpp"
#include "layers/qgis_styles.hpp"

using namespace swsplan;
using namespace swsplan::gui;

namespace {

struct QmlLayer {
  std::string cls;
  int pass = 0;
  std::map<std::string, std::string> opt;
};
struct QmlSymbol {
  std::string type;
  std::vector<QmlLayer> layers;
};
struct QmlClass {
  std::string value, symbol, label;
  double lower = 0, upper = 0;
};
/// What QGIS reads from a QML document: renderer, its classes, symbols, opacity.
struct Qml {
  std::string doctype, renderer, attr, mode, geometry_type;
  bool symbol_levels = false;
  std::vector<QmlClass> categories, ranges;
  std::map<std::string, QmlSymbol> symbols;
  double opacity = -1;
};

Qml parse(const std::string& text) {
  Qml q;
  QXmlStreamReader r(QString::fromStdString(text));
  QmlSymbol* sym = nullptr;
  QmlLayer* layer = nullptr;
  while (!r.atEnd()) {
    r.readNext();
    if (r.tokenType() == QXmlStreamReader::DTD) q.doctype = r.dtdName().toString().toStdString();
    if (r.tokenType() == QXmlStreamReader::EndElement) {
      if (r.name() == QLatin1String("layer")) layer = nullptr;
      if (r.name() == QLatin1String("symbol")) sym = nullptr;
      continue;
    }
    if (r.tokenType() != QXmlStreamReader::StartElement) continue;
    const auto a = r.attributes();
    auto at = [&](const char* n) { return a.value(QLatin1String(n)).toString().toStdString(); };
    const auto name = r.name();
    if (name == QLatin1String("renderer-v2")) {
      q.renderer = at("type");
      q.attr = at("attr");
      q.symbol_levels = at("symbollevels") == "1";
    } else if (name == QLatin1String("category")) {
      q.categories.push_back({at("value"), at("symbol"), at("label")});
    } else if (name == QLatin1String("range")) {
      q.ranges.push_back({"", at("symbol"), at("label"), std::stod(at("lower")), std::stod(at("upper"))});
    } else if (name == QLatin1String("symbol")) {
      sym = &q.symbols[at("name")];
      sym->type = at("type");
    } else if (name == QLatin1String("layer") && sym) {
      sym->layers.push_back({at("class"), std::stoi(at("pass")), {}});
      layer = &sym->layers.back();
    } else if (name == QLatin1String("Option") && layer && at("type") == "QString") {
      layer->opt[at("name")] = at("value");
    } else if (name == QLatin1String("mode")) {
      q.mode = at("name");
    } else if (name == QLatin1String("layerOpacity")) {
      q.opacity = r.readElementText().toDouble();
    } else if (name == QLatin1String("layerGeometryType")) {
      q.geometry_type = r.readElementText().toStdString();
    }
  }
  INFO(r.errorString().toStdString());
  REQUIRE_FALSE(r.hasError());
  return q;
}

QColor qgis_color(const std::string& s) {
  const auto p = QString::fromStdString(s).split(',');
  REQUIRE(p.size() == 4);
  return QColor(p[0].toInt(), p[1].toInt(), p[2].toInt(), p[3].toInt());
}

/// The QML symbol draws as the renderer draws `s` on an area, a line or a point.
void check_symbol(const QmlSymbol& q, const Symbol& s, gis::GeometryKind kind) {
  REQUIRE_FALSE(q.layers.empty());
  if (kind == gis::GeometryKind::Polygon) {
    CHECK(q.type == "fill");
    const auto& base = q.layers.front();
    CHECK(base.cls == "SimpleFill");
    if (s.fill.alpha() == 0) {
      CHECK(base.opt.at("style") == "no");  // see-through: never hides a layer below
    } else {
      CHECK(base.opt.at("style") == "solid");
      CHECK(qgis_color(base.opt.at("color")) == s.fill);
    }
    CHECK(qgis_color(base.opt.at("outline_color")) == s.stroke);
    CHECK(std::stod(base.opt.at("outline_width")) == Approx(s.stroke_mm));
    REQUIRE(q.layers.size() == (s.hatch.alpha() ? 2u : 1u));
    if (s.hatch.alpha()) {
      CHECK(q.layers[1].cls == "SimpleFill");
      CHECK(q.layers[1].opt.at("style") == "b_diagonal");
      CHECK(qgis_color(q.layers[1].opt.at("color")) == s.hatch);
    }
  } else if (kind == gis::GeometryKind::Line) {
    CHECK(q.type == "line");
    const auto& top = q.layers.back();
    CHECK(top.cls == "SimpleLine");
    CHECK(qgis_color(top.opt.at("line_color")) == s.stroke);
    CHECK(std::stod(top.opt.at("line_width")) == Approx(s.stroke_mm));
    CHECK(q.layers.size() == (s.casing.alpha() && s.casing_mm > 0 ? 3u : 1u));
  } else {
    CHECK(q.type == "marker");
    REQUIRE(q.layers.size() == 1);
    CHECK(q.layers[0].cls == "SimpleMarker");
    CHECK(qgis_color(q.layers[0].opt.at("color")) == s.fill);
    CHECK(qgis_color(q.layers[0].opt.at("outline_color")) == s.stroke);
  }
}

/// The symbol QGIS gives feature i (categorised: its value's category, else the category of
/// value ""; graduated: the first range holding the value), nullopt when QGIS draws nothing.
std::optional<std::string> qgis_symbol_of(const Qml& q, const gis::VectorLayer& layer, std::size_t i) {
  if (q.renderer == "singleSymbol") return std::string("0");
  const auto& col = layer.column(q.attr);
  if (q.renderer == "categorizedSymbol") {
    const std::string v = col.is_null(i) ? std::string() : col.text(i);
    for (const auto& c : q.categories)
      if (c.value == v) return c.symbol;
    for (const auto& c : q.categories)
      if (c.value.empty()) return c.symbol;
    return std::nullopt;
  }
  const auto v = col.number(i);
  if (!v) return std::nullopt;
  for (const auto& r : q.ranges)
    if (r.lower <= *v && *v <= r.upper) return r.symbol;
  return std::nullopt;
}

/// The QML is the renderer's `style` of `layer`: renderer, field, classes, breaks, symbols, and
/// every feature gets the symbol the app draws it with (a graduated NULL: nothing in QGIS).
void check_same_map(const std::string& qml, const LayerStyle& style, const gis::VectorLayer& layer) {
  const Qml q = parse(qml);
  CHECK(q.doctype == "qgis");
  CHECK(q.opacity == Approx(style.opacity));
  const auto kind = layer.geom.kind;
  CHECK(q.geometry_type == (kind == gis::GeometryKind::Point ? "0" : kind == gis::GeometryKind::Line ? "1" : "2"));
  if (style.kind == StyleKind::Categorized && !style.field.empty()) {
    REQUIRE(q.renderer == "categorizedSymbol");
    CHECK(q.attr == style.field);
    REQUIRE(q.categories.size() == style.classes.size() + 1);
    for (std::size_t c = 0; c < style.classes.size(); ++c) {
      CHECK(q.categories[c].value == style.classes[c].value);
      CHECK(q.categories[c].label == style.classes[c].label.toStdString());
      check_symbol(q.symbols.at(q.categories[c].symbol), style.classes[c].symbol, kind);
    }
    CHECK(q.categories.back().value.empty());  // QGIS's "all other values": the app's fallback
    CHECK(q.categories.back().label == style.fallback_label.toStdString());
    check_symbol(q.symbols.at(q.categories.back().symbol), style.symbol, kind);
  } else if (style.kind == StyleKind::Graduated && !style.classes.empty()) {
    REQUIRE(q.renderer == "graduatedSymbol");
    CHECK(q.attr == style.field);
    CHECK(q.mode == (style.method == ClassMethod::Quantile ? "quantile" : style.method == ClassMethod::EqualInterval ? "equal" : "jenks"));
    REQUIRE(q.ranges.size() == style.classes.size());
    for (std::size_t c = 0; c < style.classes.size(); ++c) {
      CHECK(q.ranges[c].lower == style.classes[c].lower);  // exactly: written to round-trip
      CHECK(q.ranges[c].upper == style.classes[c].upper);
      CHECK(q.ranges[c].label == style.classes[c].label.toStdString());
      check_symbol(q.symbols.at(q.ranges[c].symbol), style.classes[c].symbol, kind);
    }
  } else {
    REQUIRE(q.renderer == "singleSymbol");
    check_symbol(q.symbols.at("0"), style.symbol, kind);
  }
  // Feature by feature: the symbol QGIS picks is the one the app draws.
  const auto cls = classify_features(style, layer);
  for (std::size_t i = 0; i < layer.size(); ++i) {
    const auto got = qgis_symbol_of(q, layer, i);
    INFO("feature " << i);
    if (style.kind == StyleKind::Graduated && cls[i] < 0) {
      CHECK_FALSE(got);  // NULL: QGIS's graduated renderer draws nothing, the app draws "no data"
      continue;
    }
    REQUIRE(got);
    const Symbol& want = cls[i] >= 0 ? style.classes[std::size_t(cls[i])].symbol : style.symbol;
    check_symbol(q.symbols.at(*got), want, kind);
  }
}

std::string fresh_copy(const std::string& name) {
  const auto p = test::artefact(name);
  std::filesystem::remove(p);
  std::filesystem::copy_file(test::sample_project(), p);
  return p;
}

/// The rows of layer_styles for `table`: (styleName, QML, useAsDefault, owner).
struct Row {
  std::string name, qml, owner;
  bool is_default;
};
std::vector<Row> style_rows(const layers::Project& p, const std::string& table) {
  std::vector<Row> out;
  const auto t = p.read(layers::kLayerStyles);
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t.column("f_table_name").text(i) == table)
      out.push_back({t.column("styleName").text(i), t.column("styleQML").text(i), t.column("owner").text(i),
                     *t.column("useAsDefault").number(i) == 1});
  return out;
}

}  // namespace

TEST_CASE("the analysis stores QGIS styles that draw the app's map", "[gui][style][qml]") {
  test::app();
  const auto path = fresh_copy("qml_analysis.gpkg");
  layers::GapRunRequest rq;
  rq.qgis_styles = default_qgis_styler();
  const auto R = layers::run_and_store_gap_analysis(path, rq, gis::no_progress());
  const auto p = layers::Project::open(path);
  REQUIRE(p.has(layers::kLayerStyles));

  SECTION("gap_communes: each service's 2x2 classes, the first QGIS's default, not classified hatched grey") {
    const auto gc = p.read("gap_communes");
    const auto rows = style_rows(p, "gap_communes");
    REQUIRE(R.services.size() > 1);
    // One per service, the worst class over them, and the deprivation rate.
    REQUIRE(rows.size() == R.services.size() + 2);
    CHECK(rows[0].is_default);
    for (std::size_t k = 1; k < rows.size(); ++k) CHECK_FALSE(rows[k].is_default);
    for (std::size_t s = 0; s < R.services.size(); ++s) {
      const std::string field = "class_" + std::string(layers::service_id(R.services[s].service));
      INFO(field);
      CHECK(rows[s].name == "classes " + field.substr(6));
      CHECK(rows[s].owner == layers::kStyleOwner);
      check_same_map(rows[s].qml, gap_style(gc, field), gc);
    }
    CHECK(rows[R.services.size()].name == "classes worst");
    check_same_map(rows[R.services.size()].qml, gap_style(gc, "class_worst"), gc);
    // What the app opens with is the first service's classes, QGIS's default.
    check_same_map(rows[0].qml, default_style("gap_communes", gc), gc);
    const Qml q = parse(rows[0].qml);
    const auto& other = q.symbols.at(q.categories.back().symbol);
    CHECK(qgis_color(other.layers[0].opt.at("color")) == QColor(224, 224, 224));  // opaque, not see-through
    CHECK(other.layers[1].opt.at("style") == "b_diagonal");
    CHECK(rows.back().name == "deprivation");
    check_same_map(rows.back().qml, graduated_style(gc, "deprivation_0_1", ClassMethod::Quantile, 5), gc);
  }

  SECTION("district_priority: the app's quantile breaks and yellow-to-red colours") {
    const auto dp = p.read("district_priority");
    const auto rows = style_rows(p, "district_priority");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].is_default);
    const auto st = default_style("district_priority", dp);
    REQUIRE(st.kind == StyleKind::Graduated);
    CHECK(st.method == ClassMethod::Quantile);
    check_same_map(rows[0].qml, st, dp);
    const Qml q = parse(rows[0].qml);
    CHECK(qgis_color(q.symbols.at(q.ranges.front().symbol).layers[0].opt.at("color")) == QColor("#ffffb2"));
    CHECK(qgis_color(q.symbols.at(q.ranges.back().symbol).layers[0].opt.at("color")) == QColor("#800026"));
  }

  SECTION("the base layers: admin outlines see-through, villages, facilities by type, roads by class") {
    for (const auto& name : layers::base_styled_layers()) {
      if (!p.has(name)) continue;
      INFO(name);
      const auto data = p.read(name);
      const auto rows = style_rows(p, name);
      REQUIRE(rows.size() == 1);
      CHECK(rows[0].is_default);
      check_same_map(rows[0].qml, default_style(name, data), data);
    }
    for (const char* admin : {"provinces", "districts"}) {
      const Qml q = parse(style_rows(p, admin)[0].qml);
      CHECK(q.symbols.at("0").layers[0].opt.at("style") == "no");  // an outline over the gap map
    }
    const Qml roads = parse(style_rows(p, "roads")[0].qml);
    CHECK(roads.symbol_levels);  // casings below every road, national roads on top
  }

  SECTION("a second run replaces swsplan's rows and keeps a style saved from QGIS") {
    auto t = p.read(layers::kLayerStyles);
    const auto n = t.size();
    // A row as QGIS saves it (owner is the QGIS user).
    layers::ProjectWriter w(path);
    {
      auto user = layers::layer_styles_table({{"gap_communes", "my style", "<qgis/>", false, "mine"}});
      user.columns[std::size_t(user.find("owner"))].strings[0] = "planner";
      for (auto& c : t.columns) {
        const int k = user.find(c.name);
        REQUIRE(k >= 0);
        const auto& u = user.columns[std::size_t(k)];
        if (u.is_null(0)) c.push_null();
        else if (c.type == gis::FieldType::Integer) c.push(std::int64_t(*u.number(0)));
        else c.push(u.text(0));
      }
      t.fids.push_back(std::int64_t(n + 1));
      t.geom.add_empty_feature();
    }
    w.put(t, layers::kLayerStyles);
    w.commit();
    layers::run_and_store_gap_analysis(path, rq, gis::no_progress());
    const auto again = layers::Project::open(path);
    CHECK(again.read(layers::kLayerStyles).size() == n + 1);
    const auto rows = style_rows(again, "gap_communes");
    CHECK(std::count_if(rows.begin(), rows.end(), [](const Row& r) { return r.owner == "planner"; }) == 1);
  }
}

TEST_CASE("district priority over the 197 national districts: QGIS classes hold a fifth each", "[gui][style][qml]") {
  // A skewed index, as the real one is (few districts near 1): equal intervals would put most
  // districts in the lowest class; the app's quantiles, and now QGIS, a fifth in each.
  gis::ReadOptions ro;
  ro.layer = "districts";
  auto d = gis::read_vector(std::string(SWSPLAN_SHARED_DATA) + "/khm.gpkg", ro);
  REQUIRE(d.size() == 197);
  d.name = "district_priority";
  auto& idx = d.add_column("priority_index", gis::FieldType::Real);
  for (std::size_t i = 0; i < d.size(); ++i) {
    idx.nulls[i] = 0;
    idx.reals[i] = std::pow(double((i * 37) % 197) / 196.0, 4);
  }
  const auto st = default_style("district_priority", d);
  const auto styles = default_qgis_styles("district_priority", d);
  REQUIRE(styles.size() == 1);
  check_same_map(styles[0].qml, st, d);
  const Qml q = parse(styles[0].qml);
  REQUIRE(q.ranges.size() == 5);
  std::map<std::string, int> per_range;
  for (std::size_t i = 0; i < d.size(); ++i) ++per_range[*qgis_symbol_of(q, d, i)];
  for (const auto& [sym, count] : per_range) {
    INFO("range " << sym);
    CHECK(count >= 35);
    CHECK(count <= 45);
  }
}

TEST_CASE("style QML: opacity, hidden beyond a scale, line casings below strokes", "[gui][style][qml]") {
  gis::VectorLayer roads;
  roads.name = "roads";
  roads.geom.kind = gis::GeometryKind::Line;
  roads.add_column("road_class", gis::FieldType::String);
  auto st = default_style("roads", roads);
  st.opacity = 0.6;
  st.max_mpp = 150;
  const auto text = style_qml(st, gis::GeometryKind::Line);
  const Qml q = parse(text);
  CHECK(q.opacity == Approx(0.6));
  CHECK(text.find("hasScaleBasedVisibilityFlag=\"1\"") != std::string::npos);
  CHECK(text.find("minScale=\"566929\"") != std::string::npos);  // 150 m per pixel at 96 dpi
  // National (first, most important) above provincial; every casing below every stroke.
  const auto& national = q.symbols.at(q.categories[0].symbol).layers;
  const auto& provincial = q.symbols.at(q.categories[1].symbol).layers;
  REQUIRE(national.size() == 3);
  CHECK(national[0].pass == 0);
  CHECK(national[1].pass == 1);
  CHECK(national[2].pass > provincial[2].pass);
  CHECK(provincial[2].pass > 1);
  // Text is escaped: a label with markup characters stays one attribute.
  st.classes[0].label = "A & <B> \"C\"";
  CHECK(parse(style_qml(st, gis::GeometryKind::Line)).categories[0].label == "A & <B> \"C\"");
}

TEST_CASE("a siting run stores the QGIS styles of its offices, van stops and lines", "[gui][style][qml]") {
  test::app();
  const auto path = fresh_copy("qml_siting.gpkg");
  layers::SitingRequest rq;
  rq.scenario = "qml";
  rq.p = 2;
  rq.threshold = layers::Threshold::parse("10km");
  const auto r = layers::run_and_store_siting(path, rq, false, gis::no_progress(), "pass --replace", default_qgis_styler());
  const auto p = layers::Project::open(path);
  std::size_t styled = 0;
  for (const auto* l : {&r.offices_layer, &r.van_stops_layer, &r.assignment_lines_layer}) {
    if (l->name.empty()) continue;
    INFO(l->name);
    const auto data = p.read(l->name);
    const auto rows = style_rows(p, l->name);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].is_default);
    check_same_map(rows[0].qml, default_style(l->name, data), data);
    ++styled;
  }
  CHECK(styled >= 2);
  // Offices kept and new, as the app draws them: purple and orange stars.
  const Qml q = parse(style_rows(p, "scenario_qml_offices")[0].qml);
  REQUIRE(q.renderer == "categorizedSymbol");
  CHECK(q.attr == "status");
  CHECK(q.symbols.at(q.categories[1].symbol).layers[0].opt.at("name") == "star");
}

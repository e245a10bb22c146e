#include "app/render/style.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "layers/services.hpp"
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace swsplan::gui {

namespace {
Symbol marker(QColor fill, MarkerShape shape, double size_mm, QColor stroke = QColor(255, 255, 255)) {
  Symbol s;
  s.fill = fill;
  s.stroke = stroke;
  s.stroke_mm = 0.25;
  s.shape = shape;
  s.size_mm = size_mm;
  return s;
}
Symbol line(QColor c, double w_mm, Qt::PenStyle st = Qt::SolidLine, QColor casing = QColor(0, 0, 0, 0), double casing_mm = 0) {
  Symbol s;
  s.fill = QColor(0, 0, 0, 0);
  s.stroke = c;
  s.stroke_mm = w_mm;
  s.stroke_style = st;
  s.casing = casing;
  s.casing_mm = casing_mm;
  return s;
}
Symbol area(QColor fill, QColor stroke, double w_mm, Qt::PenStyle st = Qt::SolidLine) {
  Symbol s;
  s.fill = fill;
  s.stroke = stroke;
  s.stroke_mm = w_mm;
  s.stroke_style = st;
  return s;
}
bool has(const gis::VectorLayer& l, const char* f) { return l.find(f) >= 0; }

QString format_break(double v) {
  if (std::abs(v) < 1.0 && v != 0) return QString::number(v, 'f', 2);
  if (std::abs(v) < 100) return QString::number(v, 'f', 1);
  return QString::number(v, 'f', 0);
}

/// Fisher-Jenks optimal classification of sorted values into k classes.
std::vector<double> jenks(const std::vector<double>& v, int k) {
  const int n = int(v.size());
  std::vector<double> cum(n + 1, 0), cum2(n + 1, 0);
  for (int i = 0; i < n; ++i) cum[i + 1] = cum[i] + v[i], cum2[i + 1] = cum2[i] + v[i] * v[i];
  auto ssd = [&](int a, int b) {  // [a, b)
    const double s = cum[b] - cum[a], s2 = cum2[b] - cum2[a];
    return s2 - s * s / double(b - a);
  };
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<std::vector<double>> cost(k + 1, std::vector<double>(n + 1, inf));
  std::vector<std::vector<int>> cut(k + 1, std::vector<int>(n + 1, 0));
  for (int i = 1; i <= n; ++i) cost[1][i] = ssd(0, i);
  for (int c = 2; c <= k; ++c)
    for (int i = c; i <= n; ++i)
      for (int j = c - 1; j < i; ++j) {
        const double x = cost[c - 1][j] + ssd(j, i);
        if (x < cost[c][i]) cost[c][i] = x, cut[c][i] = j;
      }
  std::vector<double> br(k + 1);
  br[0] = v.front();
  br[k] = v.back();
  int i = n;
  for (int c = k; c >= 2; --c) {
    i = cut[c][i];
    br[c - 1] = v[i - 1];
  }
  return br;
}
}  // namespace

Symbol no_data_symbol() {
  Symbol s = area(QColor(224, 224, 224), QColor(120, 120, 120), 0.12);
  s.hatch = QColor(80, 80, 80);
  s.hatch_pattern = Qt::BDiagPattern;
  return s;
}

const char* to_string(ClassMethod m) {
  switch (m) {
    case ClassMethod::Quantile: return "quantile";
    case ClassMethod::NaturalBreaks: return "natural breaks";
    case ClassMethod::EqualInterval: return "equal interval";
  }
  return "?";
}

std::vector<double> class_breaks(std::vector<double> values, ClassMethod method, int k) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double x) { return !std::isfinite(x); }), values.end());
  if (values.empty() || k < 1) return {};
  std::sort(values.begin(), values.end());
  const double lo = values.front(), hi = values.back();
  std::vector<double> br;
  if (lo == hi) return {lo, hi};
  switch (method) {
    case ClassMethod::EqualInterval:
      for (int i = 0; i <= k; ++i) br.push_back(lo + (hi - lo) * i / k);
      break;
    case ClassMethod::Quantile:
      br.push_back(lo);
      for (int i = 1; i < k; ++i) br.push_back(values[std::size_t(double(values.size() - 1) * i / k)]);
      br.push_back(hi);
      break;
    case ClassMethod::NaturalBreaks: {
      if (values.size() > 1500) {  // O(k n^2): classify an even sample of the sorted values
        std::vector<double> s;
        for (std::size_t i = 0; i < 1500; ++i) s.push_back(values[i * (values.size() - 1) / 1499]);
        values.swap(s);
      }
      br = jenks(values, std::min<int>(k, int(values.size())));
      break;
    }
  }
  br.erase(std::unique(br.begin(), br.end()), br.end());
  return br;
}

std::vector<int> classify_features(const LayerStyle& style, const gis::VectorLayer& layer) {
  std::vector<int> out(layer.size(), -1);
  if (style.kind == StyleKind::Single || style.field.empty()) return out;
  const int ci = layer.find(style.field);
  if (ci < 0) return out;
  const auto& col = layer.columns[std::size_t(ci)];
  if (style.kind == StyleKind::Categorized) {
    for (std::size_t i = 0; i < layer.size(); ++i) {
      if (col.is_null(i)) continue;
      const std::string v = col.text(i);
      for (std::size_t c = 0; c < style.classes.size(); ++c)
        if (style.classes[c].value == v) {
          out[i] = int(c);
          break;
        }
    }
  } else {
    for (std::size_t i = 0; i < layer.size(); ++i) {
      const auto v = col.number(i);
      if (!v) continue;
      for (std::size_t c = 0; c < style.classes.size(); ++c)
        if (*v <= style.classes[c].upper || c + 1 == style.classes.size()) {
          if (*v >= style.classes[0].lower) out[i] = int(c);
          break;
        }
    }
  }
  return out;
}

LayerStyle graduated_style(const gis::VectorLayer& layer, const std::string& field, ClassMethod method, int k) {
  const auto& col = layer.column(field);
  std::vector<double> vals;
  for (std::size_t i = 0; i < col.size(); ++i)
    if (auto v = col.number(i)) vals.push_back(*v);
  LayerStyle s;
  s.kind = StyleKind::Graduated;
  s.field = col.name;
  s.method = method;
  s.class_count = k;
  s.symbol = no_data_symbol();
  s.fallback_label = "no data";
  s.show_fallback_in_legend = true;
  const auto br = class_breaks(vals, method, k);
  // ColorBrewer YlOrRd, spread over the number of classes actually made.
  static const QColor ramp[] = {QColor("#ffffb2"), QColor("#fed976"), QColor("#feb24c"), QColor("#fd8d3c"),
                                QColor("#f03b20"), QColor("#bd0026"), QColor("#800026")};
  const int nc = br.size() >= 2 ? int(br.size()) - 1 : 0;
  for (int c = 0; c < nc; ++c) {
    StyleClass sc;
    sc.lower = br[std::size_t(c)];
    sc.upper = br[std::size_t(c) + 1];
    const int ri = nc == 1 ? 3 : int(std::lround(double(c) * 6.0 / double(nc - 1)));
    sc.symbol = area(ramp[ri], QColor(120, 120, 120), 0.12);
    sc.label = format_break(sc.lower) + QString::fromUtf8(" – ") + format_break(sc.upper);
    s.classes.push_back(sc);
  }
  s.title = QString::fromStdString(col.name) + " (" + to_string(method) + ")";
  return s;
}

const std::vector<QColor>& diverging_colors() {
  // ColorBrewer RdBu (5 classes) with a pure white middle.
  static const std::vector<QColor> c{QColor("#ca0020"), QColor("#f4a582"), QColor(255, 255, 255), QColor("#92c5de"),
                                     QColor("#0571b0")};
  return c;
}

LayerStyle diverging_style(const gis::VectorLayer& layer, const std::string& field, const QString& title) {
  const auto& col = layer.column(field);
  double m = 0;
  for (std::size_t i = 0; i < col.size(); ++i)
    if (auto v = col.number(i); v && std::isfinite(*v)) m = std::max(m, std::abs(*v));
  LayerStyle s;
  s.kind = StyleKind::Graduated;
  s.field = col.name;
  s.class_count = 5;
  s.symbol = no_data_symbol();
  s.fallback_label = "no data";
  s.show_fallback_in_legend = true;
  // Differences of sums carry rounding noise: |v| <= eps counts as no change.
  constexpr double eps = 1e-6;
  const auto& colors = diverging_colors();
  auto add = [&](double lower, double upper, int ci, const QString& label) {
    StyleClass sc;
    sc.lower = lower;
    sc.upper = upper;
    sc.symbol = area(colors[std::size_t(ci)], QColor(120, 120, 120), 0.12);
    sc.label = label;
    s.classes.push_back(sc);
  };
  const QString dash = QString::fromUtf8(" – ");
  if (m > eps) {
    add(-m, -m / 2, 0, format_break(-m) + dash + format_break(-m / 2));
    add(-m / 2, -eps, 1, format_break(-m / 2) + dash + "0");
  }
  add(-eps, eps, 2, "0 (no change)");
  if (m > eps) {
    add(eps, m / 2, 3, "0" + dash + "+" + format_break(m / 2));
    add(m / 2, m, 4, "+" + format_break(m / 2) + dash + "+" + format_break(m));
  } else {
    s.classes.front().lower = -eps;
  }
  s.title = title.isEmpty() ? QString::fromStdString(col.name) : title;
  return s;
}

std::optional<std::string> gap_class_field(const gis::VectorLayer& layer) {
  for (const auto& c : layer.columns)
    if (c.name.rfind("class_", 0) == 0) return c.name;
  return std::nullopt;
}

QColor gap_class_color(const std::string& v) {
  // Supply gap orange, demand gap blue, both dark red; the QGIS styles of the project are
  // written from these (style_qml), so a map looks the same in swsplan and in QGIS.
  if (v == "served") return QColor(217, 217, 217);
  if (v == "unaffordable") return QColor(116, 169, 207);
  if (v == "unavailable") return QColor(244, 165, 96);
  if (v == "unavailable_unaffordable") return QColor(178, 24, 43);
  return no_data_symbol().fill;
}

QString service_label(const std::string& id) {
  if (auto s = layers::parse_service(id)) return QString::fromUtf8(layers::service_label(*s));
  return QString::fromStdString(id);
}

LayerStyle gap_style(const gis::VectorLayer& layer, const std::string& field) {
  LayerStyle s;
  s.title = "Service gaps";
  s.symbol = no_data_symbol();
  s.fallback_label = "not classified";
  s.show_fallback_in_legend = true;
  if (field.empty() || layer.find(field) < 0) return s;
  s.kind = StyleKind::Categorized;
  s.field = field;
  s.title = "Gap: " + (field == "class_worst"               ? QString("worst service")
                       : field.rfind("class_", 0) == 0 ? service_label(field.substr(6))
                                                       : QString::fromStdString(field));
  s.bivariate_legend = true;
  const std::pair<const char*, const char*> cls[] = {{"served", "served"},
                                                      {"unaffordable", "unaffordable (demand side)"},
                                                      {"unavailable", "unavailable (supply side)"},
                                                      {"unavailable_unaffordable", "unavailable and unaffordable"}};
  for (auto [v, lab] : cls) s.classes.push_back({v, 0, 0, area(gap_class_color(v), QColor(120, 120, 120), 0.12), lab});
  return s;
}

namespace {
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

LayerStyle default_style(const std::string& name, const gis::VectorLayer& layer) {
  LayerStyle s;
  s.title = QString::fromStdString(name);
  const auto kind = layer.geom.kind;
  auto label_fields = [&](double max_mpp) {
    for (const char* f : {"name_en", "name"})
      if (has(layer, f)) {
        s.label_field = f;
        break;
      }
    for (const char* f : {"name_km", "name_kh", "name_khm"})
      if (has(layer, f)) {
        s.label_field_km = f;
        break;
      }
    s.label_max_mpp = max_mpp;
  };
  auto ends = [&](const std::string& suf) {
    return name.size() >= suf.size() && name.compare(name.size() - suf.size(), suf.size(), suf) == 0;
  };
  if ((name == "user_pwp_works" || ends("_pwp_works")) && kind == gis::GeometryKind::Line) {
    // PWP road works (drawn in the GUI or a scenario's): purple on a white casing.
    s.symbol = line(QColor(120, 40, 160), 0.9, Qt::SolidLine, QColor(255, 255, 255), 1.6);
    s.title = "PWP road works";
    return s;
  }
  if (name == "provinces") {
    s.symbol = area(QColor(0, 0, 0, 0), QColor(60, 60, 60), 0.6);
    s.title = "Provinces";
    label_fields(900);
  } else if (name == "districts") {
    s.symbol = area(QColor(0, 0, 0, 0), QColor(90, 90, 90), 0.3, Qt::DashLine);
    s.title = "Districts";
    label_fields(120);
  } else if (name == "communes") {
    std::string f;
    for (const char* c : {"idp22_poor_share", "poor_share", "idp_poor_share"})
      if (has(layer, c)) {
        f = c;
        break;
      }
    if (!f.empty()) {
      s = graduated_style(layer, f, ClassMethod::Quantile, 5);
      s.title = "Communes: " + QString::fromStdString(f);
    } else {
      s.symbol = area(QColor(245, 240, 225), QColor(150, 150, 150), 0.12);
      s.title = "Communes";
    }
    label_fields(60);
  } else if (name == "gap_communes") {
    const auto f = gap_class_field(layer);
    s = gap_style(layer, f ? *f : std::string());
    label_fields(60);
  } else if (name == "villages") {
    s.symbol = marker(QColor(110, 110, 110), MarkerShape::Circle, 1.1, QColor(255, 255, 255, 0));
    s.title = "Villages";
    label_fields(15);
  } else if (name == "facilities" || name == "offices") {
    s.kind = StyleKind::Categorized;
    s.field = has(layer, "service") ? "service" : "";
    s.title = name == "offices" ? "Offices" : "Facilities";
    s.symbol = marker(QColor(120, 120, 120), MarkerShape::Circle, 2.0);
    s.fallback_label = "other";
    struct Def {
      const char* id;
      const char* color;
      MarkerShape shape;
      double size;
    };
    const Def defs[] = {{"referral_hospital", "#99000d", MarkerShape::Square, 3.4},
                        {"health_centre", "#e31a1c", MarkerShape::Cross, 3.0},
                        {"health_post", "#fb9a99", MarkerShape::Circle, 2.2},
                        {"school_primary", "#a6cee3", MarkerShape::Triangle, 2.4},
                        {"school_lower_secondary", "#1f78b4", MarkerShape::Triangle, 2.8},
                        {"school_upper_secondary", "#08306b", MarkerShape::Triangle, 3.2},
                        {"tvet_centre", "#33a02c", MarkerShape::Diamond, 3.0},
                        {"job_centre", "#ff7f00", MarkerShape::Hexagon, 3.0},
                        {"sws_office", "#6a3d9a", MarkerShape::Star, 4.2}};
    std::vector<std::string> present;
    if (s.field.size()) {
      const auto& col = layer.column(s.field);
      for (std::size_t i = 0; i < col.size(); ++i) present.push_back(col.text(i));
    }
    for (const auto& d : defs) {
      if (std::find(present.begin(), present.end(), d.id) == present.end() && name != "offices") continue;
      s.classes.push_back({d.id, 0, 0, marker(QColor(d.color), d.shape, d.size, QColor(40, 40, 40)), service_label(d.id)});
    }
    // Proposed offices: hollow star, matched on a status field when the layer has one.
    for (const char* f : {"status", "state"})
      if (has(layer, f)) {
        s.overlay_field = f;
        s.overlay_value = "proposed";
        s.overlay = marker(QColor(255, 255, 255), MarkerShape::Star, 4.2, QColor("#6a3d9a"));
        s.overlay.stroke_mm = 0.5;
        s.overlay_label = "SWS office (proposed)";
        break;
      }
    label_fields(25);
  } else if (name == "user_candidates") {
    s.symbol = marker(QColor(255, 255, 255, 0), MarkerShape::Diamond, 4.2, QColor("#1a7f37"));  // hollow: an office sited on it shows through
    s.symbol.stroke_mm = 0.6;
    s.title = "Candidate sites (placed by you)";
  } else if (name == "user_offices") {
    s.symbol = marker(QColor("#6a3d9a"), MarkerShape::Star, 4.6, QColor(255, 215, 0));
    s.symbol.stroke_mm = 0.45;
    s.title = "Fixed offices (placed by you)";
  } else if (name == "district_priority") {
    if (has(layer, "priority_index")) s = graduated_style(layer, "priority_index", ClassMethod::Quantile, 5);
    s.title = "District priority index";
    label_fields(300);
  } else if (name.rfind("scenario_", 0) == 0 && ends_with(name, "_offices")) {
    s.kind = StyleKind::Categorized;
    s.field = has(layer, "status") ? "status" : "";
    s.title = "Scenario offices";
    s.symbol = marker(QColor(120, 120, 120), MarkerShape::Star, 4.2);
    s.classes = {{"existing", 0, 0, marker(QColor("#6a3d9a"), MarkerShape::Star, 4.4, QColor(40, 40, 40)), "Office kept (existing)"},
                 {"new", 0, 0, marker(QColor("#ff7f00"), MarkerShape::Star, 5.0, QColor("#6a3d9a")), "New office (proposed)"}};
    s.classes.back().symbol.stroke_mm = 0.5;
    label_fields(40);
    if (has(layer, "commune")) s.label_field = "commune";
  } else if (name.rfind("scenario_", 0) == 0 && ends_with(name, "_pwp_gain")) {
    // The stored gain of a PWP scenario: diverging on the first service's net change.
    for (const auto& c : layer.columns)
      if (c.name.rfind("net_poor_", 0) == 0) {
        s = diverging_style(layer, c.name, "Poor households gaining access: " + service_label(c.name.substr(9)));
        break;
      }
  } else if (name.rfind("compare_", 0) == 0 && has(layer, "diff_covered_poor")) {
    s = diverging_style(layer, "diff_covered_poor", "Poor households covered, B - A");
  } else if (name.rfind("scenario_", 0) == 0 && ends_with(name, "_van_stops")) {
    s.symbol = marker(QColor("#1b9e77"), MarkerShape::Hexagon, 2.2, QColor(255, 255, 255));
    s.title = "Mobile van stops (van.order)";
    if (has(layer, "stop")) s.label_field = "stop", s.label_max_mpp = 120;
  } else if (name.rfind("scenario_", 0) == 0 && ends_with(name, "_assignment_lines")) {
    s.symbol = line(QColor(106, 61, 154, 110), 0.2);
    s.title = "Village to office";
    s.max_mpp = 150;  // a province or closer: nationally the lines only bury the offices
  } else if (name == "roads") {
    s.kind = StyleKind::Categorized;
    s.field = has(layer, "road_class") ? "road_class" : "";
    s.title = "Roads";
    s.symbol = line(QColor(150, 150, 150), 0.25);
    s.classes = {{"national", 0, 0, line(QColor("#c0392b"), 0.9, Qt::SolidLine, QColor(255, 255, 255), 1.3), "National road"},
                 {"provincial", 0, 0, line(QColor("#e67e22"), 0.6, Qt::SolidLine, QColor(255, 255, 255), 0.9), "Provincial road"},
                 {"rural", 0, 0, line(QColor("#7f6a55"), 0.35), "Rural road"},
                 {"pwp_track", 0, 0, line(QColor("#8e5b2f"), 0.35, Qt::DashLine), "PWP track"},
                 {"path", 0, 0, line(QColor("#999999"), 0.25, Qt::DotLine), "Path"}};
    if (has(layer, "pwp")) {
      s.overlay_field = "pwp";
      s.overlay = line(QColor("#16a085"), 0.5, Qt::DashLine);
      s.overlay_label = "Public works (PWP) road";
    }
    label_fields(30);
  } else if (name == "pwp_lines") {
    s.kind = StyleKind::Categorized;
    s.field = has(layer, "asset_type") ? "asset_type" : "";
    s.title = "PWP assets";
    s.symbol = line(QColor("#16a085"), 0.5, Qt::DashLine);
    s.classes = {{"irrigation", 0, 0, line(QColor("#1f9bd1"), 0.7, Qt::DashDotLine), "Irrigation canal (PWP)"},
                 {"road", 0, 0, line(QColor("#16a085"), 0.5, Qt::DashLine), "PWP road"}};
  } else if (name == "water") {
    s.title = "Water";
    s.symbol = kind == gis::GeometryKind::Polygon ? area(QColor("#a6cee3"), QColor("#4a90c2"), 0.2)
                                                  : line(QColor("#4a90c2"), 0.7);
    label_fields(60);
  } else {
    if (kind == gis::GeometryKind::Point) s.symbol = marker(QColor("#555555"), MarkerShape::Circle, 1.8);
    else if (kind == gis::GeometryKind::Line) s.symbol = line(QColor("#555555"), 0.4);
    else s.symbol = area(QColor(220, 220, 220, 160), QColor(100, 100, 100), 0.2);
  }
  return s;
}

namespace {
const char* method_id(ClassMethod m) {
  switch (m) {
    case ClassMethod::Quantile: return "quantile";
    case ClassMethod::NaturalBreaks: return "natural_breaks";
    case ClassMethod::EqualInterval: return "equal_interval";
  }
  return "quantile";
}
}  // namespace

std::string style_choice_json(const LayerStyle& s) {
  nlohmann::json j;
  if (s.bivariate_legend) {
    j["kind"] = "gap";
    j["field"] = s.field;
  } else if (s.kind == StyleKind::Graduated) {
    j["kind"] = "graduated";
    j["field"] = s.field;
    j["method"] = method_id(s.method);
    j["classes"] = s.class_count;
  } else {
    j["kind"] = "default";
  }
  j["opacity_0_1"] = std::round(s.opacity * 100) / 100;
  return j.dump();
}

LayerStyle style_from_choice_json(const std::string& text, const std::string& layer_name, const gis::VectorLayer& layer) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw std::invalid_argument("style is not a JSON object");
  auto str = [&](const char* key) {
    if (!j.contains(key) || !j[key].is_string()) throw std::invalid_argument(std::string("style has no text \"") + key + "\"");
    return j[key].get<std::string>();
  };
  auto numeric_field = [&] {
    const std::string f = str("field");
    const int c = layer.find(f);
    if (c < 0) throw std::invalid_argument("field " + f + " is not in layer " + layer_name);
    if (layer.columns[std::size_t(c)].type == gis::FieldType::String && j.value("kind", "") == "graduated")
      throw std::invalid_argument("field " + f + " of layer " + layer_name + " is not numeric");
    return layer.columns[std::size_t(c)].name;
  };
  const std::string kind = str("kind");
  const LayerStyle def = default_style(layer_name, layer);
  LayerStyle s;
  if (kind == "default") {
    s = def;
  } else if (kind == "graduated") {
    const std::string field = numeric_field();
    const std::string m = str("method");
    ClassMethod method;
    if (m == "quantile") method = ClassMethod::Quantile;
    else if (m == "natural_breaks") method = ClassMethod::NaturalBreaks;
    else if (m == "equal_interval") method = ClassMethod::EqualInterval;
    else throw std::invalid_argument("unknown classification method \"" + m + "\"");
    if (!j.contains("classes") || !j["classes"].is_number_integer()) throw std::invalid_argument("style has no integer \"classes\"");
    const int k = j["classes"].get<int>();
    if (k < 2 || k > 7) throw std::invalid_argument("class count " + std::to_string(k) + " is outside 2..7");
    s = graduated_style(layer, field, method, k);
  } else if (kind == "gap") {
    const std::string field = numeric_field();
    if (field.rfind("class_", 0) != 0) throw std::invalid_argument("gap class field " + field + " does not start with class_");
    s = gap_style(layer, field);
  } else {
    throw std::invalid_argument("unknown style kind \"" + kind + "\"");
  }
  if (kind != "default") {
    s.label_field = def.label_field;
    s.label_field_km = def.label_field_km;
    s.label_max_mpp = def.label_max_mpp;
  }
  if (j.contains("opacity_0_1")) {
    if (!j["opacity_0_1"].is_number()) throw std::invalid_argument("opacity_0_1 is not a number");
    const double o = j["opacity_0_1"].get<double>();
    if (!(o >= 0.1 && o <= 1.0)) throw std::invalid_argument("opacity_0_1 " + std::to_string(o) + " is outside 0.1..1");
    s.opacity = o;
  }
  return s;
}

}  // namespace swsplan::gui

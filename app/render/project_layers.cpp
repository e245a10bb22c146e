#include "app/render/project_layers.hpp"

#include <QFuture>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "gis/crs/crs.hpp"
#include "layers/project.hpp"
#include "layers/services.hpp"

namespace swsplan::gui {

const std::vector<std::string>& standard_draw_order() {
  static const std::vector<std::string> order = {"provinces_fill", "communes", "gap_communes", "district_priority", "districts", "provinces",
                                                 "water", "pwp_polygons", "roads", "pwp_lines", "villages",
                                                 "pwp_points", "facilities", "offices", "user_candidates", "user_offices"};
  return order;
}

MapLayer load_layer(const std::string& project_path, const std::string& name, const std::string& map_crs) {
  const auto project = layers::Project::open(project_path);
  const auto raw = project.read(name);
  MapLayer l;
  l.style = default_style(name, raw);
  l.data = prepare_layer(raw, map_crs);
  return l;
}

gis::VectorLayer map_styles_table(const std::vector<SavedLayerState>& rows) {
  gis::VectorLayer t;
  t.name = kMapStylesTable;
  t.geom.kind = gis::GeometryKind::None;
  t.add_column("layer", gis::FieldType::String);
  t.add_column("visible", gis::FieldType::Integer);
  t.add_column("draw_order", gis::FieldType::Integer);
  t.add_column("style_json", gis::FieldType::String);
  t.add_column("source", gis::FieldType::String);
  // (references only after all add_column calls: the column vector may reallocate)
  auto &layer = t.columns[0], &visible = t.columns[1], &order = t.columns[2], &style = t.columns[3], &source = t.columns[4];
  for (std::size_t i = 0; i < rows.size(); ++i) {
    t.fids.push_back(std::int64_t(i + 1));
    layer.push(rows[i].layer);
    visible.push(std::int64_t(rows[i].visible ? 1 : 0));
    order.push(std::int64_t(rows[i].draw_order));
    style.push(rows[i].style_json);
    if (rows[i].source.empty()) source.push_null();
    else source.push(rows[i].source);
    t.geom.add_empty_feature();
  }
  return t;
}

namespace {
/// Rows of swsplan_map_styles; a bad table or row is a warning (the map keeps its defaults).
std::vector<SavedLayerState> read_map_styles(const layers::Project& project, std::vector<std::string>& warnings) {
  std::vector<SavedLayerState> out;
  if (!project.has(kMapStylesTable)) return out;
  try {
    const auto t = project.read(kMapStylesTable);
    const auto& layer = t.column("layer");
    const auto& visible = t.column("visible");
    const auto& order = t.column("draw_order");
    const auto& style = t.column("style_json");
    const int source = t.find("source");  // absent in tables saved before layers could be added from files
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (layer.is_null(i) || order.is_null(i)) {
        warnings.push_back(std::string(kMapStylesTable) + " " + t.where(i) + ": no layer or draw_order, row ignored");
        continue;
      }
      SavedLayerState r;
      r.layer = layer.text(i);
      r.visible = visible.is_null(i) || visible.number(i).value_or(1) != 0;
      r.draw_order = int(order.number(i).value_or(0));
      r.style_json = style.is_null(i) ? std::string() : style.text(i);
      if (source >= 0 && !t.columns[std::size_t(source)].is_null(i)) r.source = t.columns[std::size_t(source)].text(i);
      out.push_back(std::move(r));
    }
  } catch (const std::exception& e) {
    warnings.push_back(std::string(kMapStylesTable) + ": " + e.what() + " (saved styles ignored)");
    out.clear();
  }
  return out;
}
}  // namespace

LoadedProject load_project(const std::string& path, const std::vector<std::string>& only) {
  const auto project = layers::Project::open(path);
  LoadedProject out;
  out.path = path;
  std::vector<std::string> names;
  for (const auto& n : project.layer_names()) {
    if (n.rfind("swsplan_", 0) == 0 || n.rfind("ind_", 0) == 0 || n.rfind("gpkg_", 0) == 0) continue;
    if (!only.empty() && std::find(only.begin(), only.end(), n) == only.end()) continue;
    names.push_back(n);
  }
  const auto& order = standard_draw_order();
  auto rank = [&](const std::string& n) {
    auto it = std::find(order.begin(), order.end(), n);
    return it == order.end() ? 100 : int(it - order.begin());
  };
  if (!only.empty()) {
    // Explicit list: keep the user's order only for unknown layers; known ones by the standard order.
    std::stable_sort(names.begin(), names.end(), [&](auto& a, auto& b) { return rank(a) < rank(b); });
  } else {
    std::stable_sort(names.begin(), names.end(), [&](auto& a, auto& b) { return rank(a) < rank(b); });
  }
  for (const auto& n : only)
    if (std::find(names.begin(), names.end(), n) == names.end())
      out.warnings.push_back(n + ": the project has no such layer");

  // Read in parallel (each read opens its own dataset), then pick the metric CRS.
  std::vector<QFuture<gis::VectorLayer>> reads;
  for (const auto& n : names) reads.push_back(QtConcurrent::run([path, n] { return layers::Project::open(path).read(n); }));
  std::vector<gis::VectorLayer> raw;
  std::vector<std::string> raw_names;
  for (std::size_t i = 0; i < reads.size(); ++i) {
    try {
      auto l = reads[i].result();
      if (l.geom.kind == gis::GeometryKind::None) continue;
      raw.push_back(std::move(l));
      raw_names.push_back(names[i]);
    } catch (const std::exception& e) {
      out.warnings.push_back(names[i] + ": " + e.what());
    }
  }
  gis::Extent all{1, 1, 0, 0};
  for (const auto& l : raw) {
    if (l.crs != "EPSG:4326" || l.size() == 0) continue;
    const auto e = l.extent();
    if (!e.valid()) continue;
    all = all.valid() ? gis::Extent{std::min(all.xmin, e.xmin), std::min(all.ymin, e.ymin), std::max(all.xmax, e.xmax),
                                    std::max(all.ymax, e.ymax)}
                      : e;
  }
  out.map_crs = all.valid() ? gis::metric_crs_for(all) : "EPSG:32648";
  std::vector<QFuture<MapLayer>> preps;
  for (std::size_t i = 0; i < raw.size(); ++i)
    preps.push_back(QtConcurrent::run([&raw, &raw_names, i, crs = out.map_crs] {
      MapLayer l;
      l.style = default_style(raw_names[i], raw[i]);
      l.data = prepare_layer(raw[i], crs);
      return l;
    }));
  for (std::size_t i = 0; i < preps.size(); ++i) {
    try {
      out.layers.push_back(preps[i].result());
    } catch (const std::exception& e) {
      out.warnings.push_back(raw_names[i] + ": " + e.what());
    }
  }
  distinguish_scenarios(out.layers);
  // Attribution from provenance: each source once, with the layers taken from it.
  std::map<std::string, std::set<std::string>> sources;
  try {
    for (const auto& p : project.provenance()) {
      const std::string src = p.source.rfind("swsplan sample", 0) == 0 ? p.source : std::filesystem::path(p.source).filename().string();
      sources[src].insert(p.source_layer.empty() ? p.layer : p.source_layer);
      if (p.notes.find("SYNTHETIC") != std::string::npos || p.notes.find("synthetic") != std::string::npos ||
          p.source.rfind("swsplan sample", 0) == 0)
        out.synthetic = true;
    }
  } catch (const std::exception&) {
    // Provenance is optional for display.
  }
  std::string a;
  for (const auto& [src, layers] : sources) {
    a += (a.empty() ? "" : "; ") + src + " (";
    bool first = true;
    for (const auto& l : layers) a += (first ? "" : ", ") + l, first = false;
    a += ")";
  }
  out.attribution = a;
  out.saved_map = read_map_styles(project, out.warnings);
  if (project.has(layers::names::kProjectMeta)) {
    try {
      const auto meta = project.read(layers::names::kProjectMeta);
      for (std::size_t i = 0; i < meta.size(); ++i) {
        const std::string k = meta.column("key").text(i), v = meta.column("value").text(i);
        if (k == "name") out.name = v;
        if (k == "synthetic" && (v == "yes" || v == "1" || v == "true")) out.synthetic = true;
      }
    } catch (const std::exception& e) {
      out.warnings.push_back(std::string(layers::names::kProjectMeta) + ": " + e.what() + " (project name not shown)");
    }
  }
  return out;
}

std::vector<std::string> apply_default_visibility(LoadedProject& project) {
  // Above this many villages the points cover the communes (the national 14,000 do; the
  // sample's 500 do not): they stay in the layer tree, unticked.
  constexpr std::size_t kManyVillages = 5000;
  const bool has_gap = std::any_of(project.layers.begin(), project.layers.end(),
                                   [](const MapLayer& l) { return l.name() == "gap_communes"; });
  std::vector<std::string> off;
  for (auto& l : project.layers) {
    const std::string& n = l.name();
    const bool hide = (n == "district_priority" && has_gap) ||
                      (n.rfind("scenario_", 0) == 0 && n.size() > 17 && n.compare(n.size() - 17, 17, "_assignment_lines") == 0) ||
                      (n == "villages" && l.data && l.data->size() > kManyVillages);
    if (hide && l.visible) {
      l.visible = false;
      off.push_back(n);
    }
  }
  return off;
}

std::set<std::string> apply_saved_map(LoadedProject& project) {
  std::set<std::string> styled;
  auto& layers = project.layers;
  std::map<std::string, const SavedLayerState*> saved;
  for (const auto& r : project.saved_map)
    if (r.source.empty()) saved[r.layer] = &r;
  std::vector<std::size_t> places;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    auto it = saved.find(layers[i].name());
    if (it == saved.end()) continue;
    places.push_back(i);
    auto& l = layers[i];
    l.visible = it->second->visible;
    if (it->second->style_json.empty() || !l.data) continue;
    try {
      l.style = style_from_choice_json(it->second->style_json, l.name(), l.data->data);
      styled.insert(l.name());
    } catch (const std::exception& e) {
      project.warnings.push_back(std::string(kMapStylesTable) + ", layer " + l.name() + ": " + e.what() +
                                 " (default style kept)");
    }
  }
  // The saved layers take the places they had among themselves; the others stay where they are.
  std::vector<MapLayer> moved;
  for (auto i : places) moved.push_back(layers[i]);
  std::stable_sort(moved.begin(), moved.end(),
                   [&](const MapLayer& a, const MapLayer& b) { return saved[a.name()]->draw_order < saved[b.name()]->draw_order; });
  for (std::size_t k = 0; k < places.size(); ++k) layers[places[k]] = std::move(moved[k]);
  return styled;
}

std::vector<std::string> distinguish_scenarios(std::vector<MapLayer>& layers, const std::set<std::string>& keep,
                                               const std::set<std::string>& fresh) {
  // Colour-blind-safe hues after the first scenario's orange; shapes change as well, so the
  // scenarios stay apart in print and in grey.
  static const QColor kColours[] = {QColor("#ff7f00"), QColor("#1f78b4"), QColor("#33a02c"), QColor("#e7298a"),
                                    QColor("#a6761d"), QColor("#00bcd4")};
  static const MarkerShape kShapes[] = {MarkerShape::Star, MarkerShape::Diamond, MarkerShape::Square,
                                        MarkerShape::Triangle, MarkerShape::Hexagon, MarkerShape::Circle};
  const std::string prefix = "scenario_", suffix = "_offices";
  std::vector<MapLayer*> offices;
  for (auto& l : layers) {
    const std::string n = l.name();
    if (n.size() > prefix.size() + suffix.size() && n.rfind(prefix, 0) == 0 &&
        n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0)
      offices.push_back(&l);
  }
  std::sort(offices.begin(), offices.end(), [](const MapLayer* a, const MapLayer* b) { return a->name() < b->name(); });
  std::vector<std::string> changed;
  // Van stops: the legend names their scenario too.
  const std::string vans = "_van_stops";
  for (auto& l : layers) {
    const std::string n = l.name();
    if (keep.count(n) || n.size() <= prefix.size() + vans.size() || n.rfind(prefix, 0) != 0 ||
        n.compare(n.size() - vans.size(), vans.size(), vans) != 0 || l.style.title.contains(':'))
      continue;
    l.style.title += QString::fromStdString(": " + n.substr(prefix.size(), n.size() - prefix.size() - vans.size()));
    ++l.revision;
    changed.push_back(n);
  }
  constexpr std::size_t kLooks = std::size(kColours);
  auto new_class = [](LayerStyle& s) -> StyleClass* {
    for (auto& c : s.classes)
      if (c.value == "new") return &c;
    return nullptr;
  };
  // A layer keeps a look no other layer has taken before it (so adding a scenario never
  // restyles the ones on the map); the others get the first free look, in name order.
  std::vector<int> look(offices.size(), -1);
  std::vector<char> taken(kLooks, 0);
  for (std::size_t i = 0; i < offices.size(); ++i) {
    const auto* c = new_class(offices[i]->style);
    if (!c || fresh.count(offices[i]->name())) continue;
    for (std::size_t k = 0; k < kLooks; ++k)
      if (!taken[k] && c->symbol.fill == kColours[k] && c->symbol.shape == kShapes[k]) {
        taken[k] = 1;
        look[i] = int(k);
        break;
      }
  }
  std::size_t next = 0;
  for (auto& l : look)
    if (l < 0) {
      while (next < kLooks && taken[next]) ++next;
      l = next < kLooks ? int(next++) : int(&l - look.data()) % int(kLooks);
    }
  for (std::size_t i = 0; i < offices.size(); ++i) {
    MapLayer& l = *offices[i];
    if (keep.count(l.name())) continue;
    const std::string n = l.name();
    const std::string scenario = n.substr(prefix.size(), n.size() - prefix.size() - suffix.size());
    LayerStyle s = l.style;
    s.title = QString::fromStdString("Scenario offices: " + scenario);
    if (auto* c = new_class(s)) {
      c->symbol.fill = kColours[look[i]];
      c->symbol.shape = kShapes[look[i]];
    }
    const auto* before = new_class(l.style);
    const auto* after = new_class(s);
    if (s.title == l.style.title &&
        (!after || (before && before->symbol.fill == after->symbol.fill && before->symbol.shape == after->symbol.shape)))
      continue;
    l.style = std::move(s);
    ++l.revision;
    changed.push_back(n);
  }
  return changed;
}

}  // namespace swsplan::gui

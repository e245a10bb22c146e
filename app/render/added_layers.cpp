#include "app/render/added_layers.hpp"

#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

#include "app/render/raster_layer.hpp"
#include "gis/core/error.hpp"
#include "gis/io/raster_warp.hpp"
#include "gis/io/vector.hpp"

namespace swsplan::gui {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

// Coordinate column names gis::read_vector recognises in a CSV (gis/io/vector_read.cpp).
const char* const kLonNames[] = {"lon", "longitude", "long", "lng", "x", "easting", "point_x"};
const char* const kLatNames[] = {"lat", "latitude", "y", "northing", "point_y"};
const char* const kWktNames[] = {"wkt", "geometry", "geom", "the_geom"};

bool has_any(const gis::VectorLayer& l, const char* const* names, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (l.find(names[i]) >= 0) return true;
  return false;
}

std::string joined(const char* const* names, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += (i ? ", " : "") + std::string(names[i]);
  return s;
}

/// A CSV read without geometry: which coordinate columns are missing, and the columns it has.
[[noreturn]] void csv_without_coordinates(const std::string& path, const gis::VectorLayer& l) {
  std::string missing;
  const bool lon = has_any(l, kLonNames, std::size(kLonNames)), lat = has_any(l, kLatNames, std::size(kLatNames));
  if (!lon) missing = "a longitude/x column (" + joined(kLonNames, std::size(kLonNames)) + ")";
  if (!lat) missing += std::string(missing.empty() ? "" : " and ") + "a latitude/y column (" + joined(kLatNames, std::size(kLatNames)) + ")";
  std::string cols;
  for (const auto& c : l.columns) cols += (cols.empty() ? "" : ", ") + c.name;
  gis::InputLocation where;
  where.file = path;
  throw gis::InputError(where, "has no coordinate columns to place its rows on the map: missing " + missing +
                                   " (or a WKT column: " + joined(kWktNames, std::size(kWktNames)) + "); its columns are " +
                                   (cols.empty() ? "none" : cols));
}

/// Reads a CSV: lon/lat columns imply WGS 84; x/y columns without a CRS are taken as lon/lat
/// degrees when every point lies within them, otherwise as map CRS coordinates (a note says which).
gis::VectorLayer read_csv(const std::string& path, const std::string& map_crs, std::vector<std::string>& notes) {
  gis::ReadOptions o;
  try {
    auto l = gis::read_vector(path, o);
    if (l.geom.kind == gis::GeometryKind::None) csv_without_coordinates(path, l);
    return l;
  } catch (const gis::CrsError&) {
    // x/y columns state no CRS: look at the numbers.
  }
  o.assume_crs = "EPSG:4326";
  auto l = gis::read_vector(path, o);
  bool degrees = true;
  for (std::size_t i = 0; i < l.geom.xs.size(); ++i)
    if (std::abs(l.geom.xs[i]) > 180 || std::abs(l.geom.ys[i]) > 90) degrees = false;
  if (degrees) {
    notes.push_back(fs::path(path).filename().string() + ": x/y columns taken as longitude/latitude (EPSG:4326)");
    return l;
  }
  o.assume_crs = map_crs;
  notes.push_back(fs::path(path).filename().string() + ": x/y columns taken as " + map_crs + " metres");
  return gis::read_vector(path, o);
}

AddedLayer vector_layer(gis::VectorLayer raw, const std::string& source, const std::string& name, const std::string& map_crs) {
  AddedLayer a;
  a.source = source;
  if (!raw.crs.empty() && raw.crs != map_crs) a.notes.push_back(name + ": reprojected from " + (raw.crs.size() < 40 ? raw.crs : "its CRS") + " to " + map_crs);
  raw.name = name;
  a.layer.data = prepare_layer(raw, map_crs);
  a.layer.style = added_default_style(*a.layer.data, source);
  return a;
}

}  // namespace

std::string unique_layer_name(const std::string& base, const std::string& file, const std::set<std::string>& taken) {
  if (!taken.count(base)) return base;
  const std::string with_file = base + " (" + file + ")";
  if (!taken.count(with_file)) return with_file;
  for (int k = 2;; ++k) {
    const std::string n = with_file + " " + std::to_string(k);
    if (!taken.count(n)) return n;
  }
}

bool is_raster_path(const std::string& path) {
  static const std::set<std::string> ext = {".tif", ".tiff", ".gtiff", ".vrt", ".img", ".asc", ".jp2", ".nc", ".bil", ".hgt", ".dem"};
  return ext.count(lower(fs::path(path).extension().string())) > 0;
}

std::vector<AddedLayer> read_added_layers(const std::string& source, const std::string& map_crs,
                                          const std::set<std::string>& taken_in, const std::string& name_hint) {
  auto [path, layer] = gis::split_source(source);
  gis::InputLocation where;
  where.file = path;
  if (!fs::exists(path)) throw gis::InputError(where, "does not exist");
  std::set<std::string> taken = taken_in;
  const std::string file = fs::path(path).filename().string();
  std::vector<AddedLayer> out;
  if (is_raster_path(path)) {
    auto rr = gis::read_raster_in_crs(path, map_crs);
    if (rr.raster.grid.cells() == 0) throw gis::InputError(where, "is an empty raster");
    AddedLayer a;
    a.source = path;
    const std::string name = unique_layer_name(name_hint.empty() ? fs::path(path).stem().string() : name_hint, file, taken);
    auto prepared = prepare_raster(rr.raster, path, rr.integer);
    if (prepared->valid_cells == 0) a.notes.push_back(name + ": every cell is nodata");
    if (rr.reprojected) a.notes.push_back(name + ": reprojected from " + rr.source_crs + " to " + map_crs);
    a.layer.data = raster_map_layer(name, map_crs, std::move(prepared));
    a.layer.style = added_default_style(*a.layer.data, path);
    out.push_back(std::move(a));
    return out;
  }
  if (lower(fs::path(path).extension().string()) == ".csv") {
    std::vector<std::string> notes;
    auto raw = read_csv(path, map_crs, notes);
    out.push_back(vector_layer(std::move(raw), path, unique_layer_name(name_hint.empty() ? fs::path(path).stem().string() : name_hint, file, taken), map_crs));
    out.back().notes.insert(out.back().notes.end(), notes.begin(), notes.end());
    return out;
  }
  std::vector<std::string> names;
  if (!layer.empty()) {
    names.push_back(layer);
  } else {
    for (const auto& info : gis::list_layers(path))
      if (info.kind != gis::GeometryKind::None) names.push_back(info.name);
    if (names.empty()) throw gis::InputError(where, "has no layer with geometry to draw");
  }
  const bool several = names.size() > 1;
  for (const auto& n : names) {
    gis::ReadOptions o;
    o.layer = several || !layer.empty() ? n : std::string();
    auto raw = gis::read_vector(path, o);
    if (raw.geom.kind == gis::GeometryKind::None) {
      where.layer = n;
      throw gis::InputError(where, "has no geometry to draw");
    }
    const std::string base = !several && !name_hint.empty() ? name_hint
                             : several || !layer.empty()    ? n
                                                            : fs::path(path).stem().string();
    const std::string name = unique_layer_name(base, file, taken);
    taken.insert(name);
    out.push_back(vector_layer(std::move(raw), several || !layer.empty() ? path + "#" + n : path, name, map_crs));
  }
  return out;
}

LayerStyle added_default_style(const PreparedLayer& data, const std::string& source) {
  if (data.raster) return raster_style(*data.raster);
  // A colour per source path (FNV-1a), stable across sessions: two added layers rarely look alike.
  static const QColor palette[] = {QColor("#e41a1c"), QColor("#377eb8"), QColor("#4daf4a"), QColor("#984ea3"),
                                   QColor("#ff7f00"), QColor("#a65628"), QColor("#f781bf"), QColor("#1b9e77")};
  std::uint32_t h = 2166136261u;
  for (unsigned char c : source) h = (h ^ c) * 16777619u;
  const QColor c = palette[h % std::size(palette)];
  LayerStyle s;
  s.kind = StyleKind::Single;
  s.title = QString::fromStdString(data.name);
  switch (data.kind()) {
    case gis::GeometryKind::Polygon:
      s.symbol.fill = QColor(c.red(), c.green(), c.blue(), 70);
      s.symbol.stroke = c.darker(130);
      s.symbol.stroke_mm = 0.35;
      break;
    case gis::GeometryKind::Line:
      s.symbol.fill = QColor(0, 0, 0, 0);
      s.symbol.stroke = c;
      s.symbol.stroke_mm = 0.5;
      break;
    default:
      s.symbol.fill = c;
      s.symbol.stroke = QColor(255, 255, 255);
      s.symbol.stroke_mm = 0.2;
      s.symbol.shape = MarkerShape::Circle;
      s.symbol.size_mm = 2.2;
      break;
  }
  return s;
}

LayerStyle added_style_from_json(const std::string& json, const PreparedLayer& data, const std::string& source) {
  const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(json));
  if (!doc.isObject()) throw std::invalid_argument("style is not a JSON object");
  const auto o = doc.object();
  const QString kind = o.value("kind").toString();
  LayerStyle s;
  if (kind == "default" || data.raster) {
    s = added_default_style(data, source);
  } else {
    s = style_from_choice_json(json, data.name, data.data);
    s.title = QString::fromStdString(data.name);
  }
  if (o.contains("opacity_0_1")) {
    const double op = o.value("opacity_0_1").toDouble(-1);
    if (op < 0.1 || op > 1) throw std::invalid_argument("opacity " + std::to_string(op) + " is outside 0.1..1");
    s.opacity = op;
  }
  return s;
}

}  // namespace swsplan::gui

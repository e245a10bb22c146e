// Seasons of the friction surface (dry, wet presets and their JSON) and the flood-prone
// cells of raster mode.
#include "layers/access.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "gis/access/costdist.hpp"
#include "gis/access/friction.hpp"
#include "gis/access/nearest.hpp"
#include "gis/access/network.hpp"
#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "gis/geom/geometry.hpp"
#include "layers/detail/flood_mask.hpp"
#include "layers/importers.hpp"
#include "layers/scenarios.hpp"

namespace swsplan::layers {

using gis::kNoId;
using gis::kUnreachable;
using gis::VectorLayer;

namespace {

std::string num_text(double v) {
  std::ostringstream o;
  o << v;
  return o.str();
}

}  // namespace

namespace detail {

std::vector<std::uint8_t> flood_mask(const AccessInputs& in, const SeasonFriction& season, const Project* project,
                                     const gis::GridSpec& grid, std::vector<std::string>& notes,
                                     gis::Progress& progress) {
  std::vector<std::uint8_t> mask;
  std::vector<VectorLayer> polys;
  if (!season.flood_field.empty()) {
    const auto& com = in.communes;
    if (com.find(season.flood_field) < 0) {
      if (season.flood_field_required)
        throw gis::InputError({com.source, com.name, std::nullopt, season.flood_field},
                              "the communes layer has no field '" + season.flood_field +
                                  "' to mark flood-prone communes (give --flood-field a numeric communes field)");
      notes.push_back("season " + season.name + ": the communes have no field " + season.flood_field +
                      ", so no land is flood-prone (only the speed factors apply)");
    } else {
      const auto& c = com.column(season.flood_field);
      std::vector<std::size_t> rows;
      std::size_t valued = 0;
      for (std::size_t i = 0; i < com.size(); ++i)
        if (auto v = c.number(i)) {
          ++valued;
          if (*v >= season.flood_threshold) rows.push_back(i);
        }
      if (valued == 0 && com.size() > 0)
        throw gis::InputError({com.source, com.name, std::nullopt, season.flood_field},
                              "field '" + season.flood_field + "' holds no number in any commune");
      notes.push_back("season " + season.name + ": " + std::to_string(rows.size()) + " of " +
                      std::to_string(com.size()) + " communes flood-prone (" + season.flood_field +
                      " >= " + num_text(season.flood_threshold) + ")");
      if (!rows.empty()) polys.push_back(gis::reproject(gis::select_rows(com, rows), in.metric_crs));
    }
  }
  if (!season.flood_layer.empty()) {
    VectorLayer L;
    if (project && project->has(season.flood_layer)) {
      L = project->read(season.flood_layer);
    } else {
      auto [path, layer] = gis::split_source(season.flood_layer);
      gis::ReadOptions ro;
      ro.layer = layer;
      L = gis::read_vector(path, ro);
    }
    if (L.geom.kind != gis::GeometryKind::Polygon)
      throw gis::InputError({L.source, L.name, std::nullopt, "geometry"},
                            "flooded areas must be polygons (" + season.flood_layer + " is not a polygon layer)");
    if (L.crs.empty())
      throw gis::InputError({L.source, L.name, std::nullopt, "geometry"}, "flooded areas layer has no CRS");
    notes.push_back("season " + season.name + ": " + std::to_string(L.size()) + " flooded area polygon(s) from " +
                    season.flood_layer);
    if (L.size() > 0) polys.push_back(gis::reproject(L, in.metric_crs));
  }
  if (polys.empty()) return mask;
  mask.assign(grid.cells(), 0);
  for (const auto& P : polys) {
    const auto e = P.extent();
    if (!e.valid()) continue;
    gis::PolygonIndex index(P);
    const int c0 = std::max(0, static_cast<int>(std::floor((e.xmin - grid.x0) / grid.dx)));
    const int c1 = std::min(grid.width - 1, static_cast<int>(std::floor((e.xmax - grid.x0) / grid.dx)));
    const int r0 = std::max(0, static_cast<int>(std::floor((grid.y0 - e.ymax) / grid.dy)));
    const int r1 = std::min(grid.height - 1, static_cast<int>(std::floor((grid.y0 - e.ymin) / grid.dy)));
    for (int r = r0; r <= r1; ++r) {
      progress.check();
      const double y = grid.cell_centre_y(r);
      for (int c = c0; c <= c1; ++c) {
        auto& m = mask[static_cast<std::size_t>(r) * static_cast<std::size_t>(grid.width) + static_cast<std::size_t>(c)];
        if (!m && index.locate(grid.cell_centre_x(c), y) >= 0) m = 1;
      }
    }
  }
  return mask;
}

}  // namespace detail

double SeasonFriction::road_speed_factor(const std::string& c) const {
  return c == "national"     ? national_speed_factor
         : c == "provincial" ? provincial_speed_factor
         : c == "rural"      ? rural_speed_factor
         : c == "pwp_track"  ? pwp_track_speed_factor
                             : path_speed_factor;
}

nlohmann::ordered_json SeasonFriction::to_json() const {
  nlohmann::ordered_json j;
  j["name"] = name;
  j["offroad_speed_factor"] = offroad_speed_factor;
  j["road_speed_factors"] = {{"national", national_speed_factor},
                             {"provincial", provincial_speed_factor},
                             {"rural", rural_speed_factor},
                             {"pwp_track", pwp_track_speed_factor},
                             {"path", path_speed_factor}};
  j["flood_field"] = flood_field;
  j["flood_threshold"] = flood_threshold;
  j["flood_layer"] = flood_layer;
  j["flood_offroad_speed_factor"] = flood_offroad_speed_factor;
  return j;
}

SeasonFriction dry_season() { return {}; }

SeasonFriction wet_season() {
  SeasonFriction s;
  s.name = "wet";
  s.offroad_speed_factor = 0.5;
  s.national_speed_factor = 0.9;
  s.provincial_speed_factor = 0.8;
  s.rural_speed_factor = 0.6;
  s.pwp_track_speed_factor = 0.5;
  s.path_speed_factor = 0.5;
  s.flood_field = "wfp_flood_hazard_index";
  s.flood_threshold = 50;
  s.flood_field_required = false;
  s.flood_offroad_speed_factor = 0.25;
  return s;
}

std::optional<SeasonFriction> season_preset(const std::string& name) {
  if (name == "dry") return dry_season();
  if (name == "wet") return wet_season();
  return std::nullopt;
}

}  // namespace swsplan::layers

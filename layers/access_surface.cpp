#include "layers/detail/raster_surface.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <utility>

#include "gis/access/costdist.hpp"
#include "gis/access/friction.hpp"
#include "gis/crs/crs.hpp"
#include "layers/detail/flood_mask.hpp"

namespace swsplan::layers::detail {

namespace {

gis::Polylines polylines(const gis::VectorLayer& l) {
  gis::Polylines out;
  const auto& g = l.geom;
  for (std::size_t r = 0; r + 1 < g.ring_offsets.size(); ++r) {
    for (auto i = g.ring_offsets[r]; i < g.ring_offsets[r + 1]; ++i) {
      out.xs.push_back(g.xs[i]);
      out.ys.push_back(g.ys[i]);
    }
    out.offsets.push_back(static_cast<std::uint32_t>(out.xs.size()));
  }
  return out;
}

}  // namespace

RasterSurface raster_friction(const AccessInputs& in, const AnalysisSettings& a, const SeasonFriction& season,
                              const Project* project, std::span<const double> xs_m, std::span<const double> ys_m,
                              std::vector<std::string>& notes, gis::Progress& progress) {
  // Uniform off-road walking speed,
  // roads burnt in at their class speed, rivers impassable except where a road crosses.
  double xmin = INFINITY, ymin = INFINITY, xmax = -INFINITY, ymax = -INFINITY;
  for (std::size_t i = 0; i < xs_m.size(); ++i) {
    xmin = std::min(xmin, xs_m[i]), xmax = std::max(xmax, xs_m[i]);
    ymin = std::min(ymin, ys_m[i]), ymax = std::max(ymax, ys_m[i]);
  }
  const double margin = 5000;
  xmin -= margin, ymin -= margin, xmax += margin, ymax += margin;
  double cell = a.raster_cell_m;
  if (cell <= 0) cell = std::max(100.0, std::ceil(std::sqrt((xmax - xmin) * (ymax - ymin) / 4e6) / 50.0) * 50.0);
  gis::Raster lc;
  lc.grid.width = static_cast<int>(std::ceil((xmax - xmin) / cell));
  lc.grid.height = static_cast<int>(std::ceil((ymax - ymin) / cell));
  lc.grid.x0 = xmin;
  lc.grid.y0 = ymax;
  lc.grid.dx = lc.grid.dy = cell;
  lc.grid.crs_wkt = gis::crs_to_wkt(in.metric_crs);
  lc.values.assign(lc.grid.cells(), 1.0);  // one land cover class: open land
  // Class 2: flood-prone land of the season (slower off-road, or impassable at factor 0).
  RasterSurface S;
  auto flood = flood_mask(in, season, project, lc.grid, notes, progress);
  for (std::size_t c = 0; c < flood.size(); ++c)
    if (flood[c]) lc.values[c] = 2.0, ++S.flood_cells;
  gis::FrictionInputs fi;
  fi.land_cover = &lc;
  const double offroad = a.raster_offroad_kmh * season.offroad_speed_factor;
  const double flooded = offroad * season.flood_offroad_speed_factor;
  fi.speeds.add(1, offroad, offroad * 2.5, offroad * 4);
  fi.speeds.add(2, flooded, flooded * 2.5, flooded * 4);
  fi.mode = gis::TravelMode::walk;
  if (in.roads_m) {
    fi.roads = polylines(*in.roads_m);
    const auto& g = in.roads_m->geom;
    const bool has_cls = in.roads_m->find("road_class") >= 0, has_osm = in.roads_m->find("osm_highway") >= 0;
    for (std::size_t f = 0; f < g.features(); ++f) {
      const std::string cls = has_cls ? in.roads_m->column("road_class").text(f) : std::string();
      for (auto p = g.feature_offsets[f]; p < g.feature_offsets[f + 1]; ++p)
        fi.road_speed_kmh.push_back(a.road_speed(cls, has_osm ? in.roads_m->column("osm_highway").text(f) : "") *
                                    season.road_speed_factor(cls));
    }
  }
  if (in.water_m) {
    fi.barriers = polylines(*in.water_m);
    // Roads cross rivers on bridges: every cell both touch stays passable.
    std::vector<std::uint32_t> rc, wc;
    for (std::size_t l = 0; l < fi.roads.size(); ++l)
      for (auto i = fi.roads.offsets[l]; i + 1 < fi.roads.offsets[l + 1]; ++i)
        gis::supercover_cells(lc.grid, fi.roads.xs[i], fi.roads.ys[i], fi.roads.xs[i + 1], fi.roads.ys[i + 1], rc);
    for (std::size_t l = 0; l < fi.barriers.size(); ++l)
      for (auto i = fi.barriers.offsets[l]; i + 1 < fi.barriers.offsets[l + 1]; ++i)
        gis::supercover_cells(lc.grid, fi.barriers.xs[i], fi.barriers.ys[i], fi.barriers.xs[i + 1],
                              fi.barriers.ys[i + 1], wc);
    std::sort(rc.begin(), rc.end());
    std::sort(wc.begin(), wc.end());
    std::vector<std::uint32_t> both;
    std::set_intersection(rc.begin(), rc.end(), wc.begin(), wc.end(), std::back_inserter(both));
    both.erase(std::unique(both.begin(), both.end()), both.end());
    for (auto c : both) {
      fi.crossing_xs.push_back(lc.grid.cell_centre_x(static_cast<int>(c % static_cast<std::uint32_t>(lc.grid.width))));
      fi.crossing_ys.push_back(lc.grid.cell_centre_y(static_cast<int>(c / static_cast<std::uint32_t>(lc.grid.width))));
    }
  }
  S.friction = gis::build_friction_s_per_m(fi, progress);
  S.flood = std::move(flood);
  S.cell_m = cell;
  S.offroad_kmh = offroad;
  return S;
}

}  // namespace swsplan::layers::detail

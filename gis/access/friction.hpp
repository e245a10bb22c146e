#pragma once
/// @file Speed and friction surfaces for raster travel time (AccessMod-style): land cover speeds
/// per travel mode, roads burnt in at their speed, barriers (rivers, lakes) with crossing
/// points, and Tobler's hiking function on DEM slope for walking.
///
/// All rasters share one GridSpec in a projected CRS in metres; road and barrier lines are given
/// in that same CRS (reproject before calling). Speeds are km/h, friction is seconds per metre:
/// friction_s_per_m = 3.6 / speed_kmh (1 km/h = 1000 m / 3600 s). Speed NaN or <= 0 = impassable.
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "gis/core/progress.hpp"
#include "gis/io/raster.hpp"

namespace swsplan::gis {

enum class TravelMode : std::uint8_t { walk, bicycle, motorbike };

/// Land cover class -> speed (km/h) per mode, structure of arrays (one entry per class).
struct LandCoverSpeeds {
  std::vector<std::int32_t> class_code;
  std::vector<double> walk_kmh;
  std::vector<double> bicycle_kmh;
  std::vector<double> motorbike_kmh;

  void add(std::int32_t code, double walk, double bicycle, double motorbike) {
    class_code.push_back(code);
    walk_kmh.push_back(walk);
    bicycle_kmh.push_back(bicycle);
    motorbike_kmh.push_back(motorbike);
  }
  /// Speed of `code` for `mode` in km/h, or nullopt when the class is not in the table.
  std::optional<double> speed_kmh(std::int32_t code, TravelMode mode) const;
};

/// Polylines as structure of arrays: line i has vertices [offsets[i], offsets[i+1]) of xs/ys.
struct Polylines {
  std::vector<double> xs, ys;             ///< map coordinates (grid CRS, metres)
  std::vector<std::uint32_t> offsets{0};  ///< size = lines + 1

  std::size_t size() const { return offsets.empty() ? 0 : offsets.size() - 1; }
  void add(const std::vector<std::pair<double, double>>& xy) {
    for (const auto& [x, y] : xy) {
      xs.push_back(x);
      ys.push_back(y);
    }
    offsets.push_back(std::uint32_t(xs.size()));
  }
};

struct FrictionInputs {
  /// Land cover class codes (integral values; NaN = nodata -> impassable). Defines the grid.
  const Raster* land_cover = nullptr;
  LandCoverSpeeds speeds;
  TravelMode mode = TravelMode::walk;

  /// Roads and tracks, each with its speed for `mode` (km/h). A cell touched by a road takes
  /// the faster of road and land cover speed.
  Polylines roads;
  std::vector<double> road_speed_kmh;  ///< one per road line

  /// Barrier lines (rivers, lake shores): every cell they touch becomes impassable, except the
  /// cells containing a crossing point (bridge, ford, ferry).
  Polylines barriers;
  /// Optional barrier mask on the grid (non-zero = impassable), e.g. rasterised lake polygons.
  std::vector<std::uint8_t> barrier_mask;
  std::vector<double> crossing_xs, crossing_ys;  ///< crossing points (grid CRS)

  /// Optional DEM (metres) on the same grid; used for walking only (Tobler).
  const Raster* dem = nullptr;
};

/// Speed raster (km/h, NaN = impassable) in this order: land cover speed; Tobler slope factor on
/// it when walking with a DEM; roads (faster wins; roads are not slowed by slope: they are
/// graded); barriers (impassable) except crossing points.
///
/// Roads and barriers are burnt with an exact supercover line walk (every cell the segment
/// touches, including both cells where it passes exactly through a corner), not GDALRasterize:
/// a supercover line is 4-connected, so a river line has no diagonal gap an 8- or 16-neighbour
/// move (which only looks at the cells it averages) could slip through, and a road is a
/// continuous corridor. GDALRasterize's default line burn is 8-connected (leaky barriers) and
/// its ALL_TOUCHED mode needs a dataset round trip per call.
/// @throws InputError when the land cover holds a class missing from the table (names it and a
///         cell), a class code is not integral, or the DEM/barrier mask grid differs.
/// @throws UsageError when land_cover is null or road_speed_kmh does not match roads.
/// @throws Cancelled through `progress`.
Raster build_speed_kmh(const FrictionInputs& in, Progress& progress);

/// friction_s_per_m = 3.6 / speed_kmh; NaN where the speed is NaN, infinite or <= 0.
Raster speed_to_friction(const Raster& speed_kmh);

/// build_speed_kmh then speed_to_friction.
Raster build_friction_s_per_m(const FrictionInputs& in, Progress& progress);

/// Tobler's hiking function relative to flat ground, made isotropic: exp(-3.5 * |slope|), slope
/// = rise / run (dimensionless). Tobler's own function, 6 exp(-3.5 |slope + 0.05|) km/h, is
/// anisotropic (fastest slightly downhill); a friction raster has no direction, so we use the
/// uphill branch on the slope magnitude (conservative: never faster than flat). GRASS r.walk,
/// which AccessMod uses for walking, is anisotropic (Aitken-Langmuir, different up and down
/// hill costs); this surface is not, so it matches r.cost, not r.walk.
double tobler_factor(double slope_rise_over_run);

/// Slope magnitude (rise/run) per cell from a DEM by Horn's 3x3 method, with the cell's own
/// elevation standing in for missing (NaN or outside) neighbours; NaN where the DEM is NaN.
Raster slope_rise_over_run(const Raster& dem);

/// Cells (row-major indices) touched by segment (x0,y0)-(x1,y1), supercover, clipped to the grid,
/// appended to `out` in walking order (a cell may repeat between consecutive segments).
void supercover_cells(const GridSpec& grid, double x0, double y0, double x1, double y1,
                      std::vector<std::uint32_t>& out);

}  // namespace swsplan::gis

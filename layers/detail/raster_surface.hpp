#pragma once
/// @file Internals of layers/access: raster mode's friction surface (access_surface.cpp),
/// shared by access (access.cpp) and the referral analysis (referral.cpp), so both measure
/// travel over the same surface. Not API.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "gis/core/progress.hpp"
#include "gis/io/raster.hpp"
#include "layers/access.hpp"

namespace swsplan::layers::detail {

/// A friction surface (seconds per metre, NaN impassable) in the project's metric CRS.
struct RasterSurface {
  gis::Raster friction;
  std::vector<std::uint8_t> flood;  ///< per cell, 1 = flood-prone (empty without flooding)
  std::size_t flood_cells = 0;
  double cell_m = 0;
  double offroad_kmh = 0;  ///< off-road speed after the season's factor
};

/// The surface over the extent of the points (xs_m, ys_m) plus a 5 km margin: uniform
/// off-road walking speed (the season's factors applied, flood-prone land slower), roads of
/// in.roads_m burnt in at their class speed, rivers of in.water_m impassable except where a
/// road crosses. Cell size from a.raster_cell_m, else automatic (>= 100 m, about 4 million
/// cells at most). Notes on flooding are appended to `notes`. @throws as flood_mask, Cancelled.
RasterSurface raster_friction(const AccessInputs& in, const AnalysisSettings& a, const SeasonFriction& season,
                              const Project* project, std::span<const double> xs_m, std::span<const double> ys_m,
                              std::vector<std::string>& notes, gis::Progress& progress);

}  // namespace swsplan::layers::detail

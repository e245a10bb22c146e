#pragma once
/// @file Internals of layers/access: the flood-prone cells of a seasonal friction surface
/// (access_season.cpp), used by raster mode (access.cpp). Not API.
#include <cstdint>
#include <string>
#include <vector>

#include "gis/core/progress.hpp"
#include "gis/io/raster.hpp"
#include "layers/access.hpp"

namespace swsplan::layers::detail {

/// Flood-prone cells of `grid` (1 = flood-prone): centres inside the communes whose
/// flood_field is >= flood_threshold, or inside the polygons of flood_layer.
std::vector<std::uint8_t> flood_mask(const AccessInputs& in, const SeasonFriction& season, const Project* project,
                                     const gis::GridSpec& grid, std::vector<std::string>& notes,
                                     gis::Progress& progress);

}  // namespace swsplan::layers::detail

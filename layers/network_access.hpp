#pragma once
/// @file Network mode's domain side: road speeds by class or OSM highway value, the
/// door-to-door walking options, and the notes naming every village without a time
/// (docs/methods.md, "Network mode, door to door").
#include <string>
#include <vector>

#include "gis/access/network.hpp"
#include "gis/io/vector.hpp"
#include "layers/access.hpp"
#include "layers/settings.hpp"

namespace swsplan::layers {

/// A roads layer in a metric CRS as the network builder's arrays: one line per part, speed
/// from the settings (OSM highway value, else road class), one-way and bridge flags when the
/// fields exist.
RoadLines road_lines(const gis::VectorLayer& roads_m, const AnalysisSettings& settings);

/// Walking speed and limits of network mode from the analysis settings. A search bounded
/// by `max_time_s` (a cost matrix) needs no straight walk longer than the bound allows.
gis::SnapOptions network_snap_options(const AnalysisSettings& settings, double max_time_s = gis::kUnreachable);

/// Notes on a national nearest search: how many villages walk straight to their facility,
/// and every village without a time with its reason (codes from the villages' vil_code).
std::vector<std::string> network_notes(const gis::NetworkNearest& nearest, const gis::VectorLayer& villages,
                                       const std::string& service);

}  // namespace swsplan::layers

#pragma once
/// @file Edits a user makes on the map, each one commit through the door (layers/store.hpp):
/// candidate sites and offices placed or removed by a click (point layers user_candidates and
/// user_offices, EPSG:4326, read by siting), and PWP road works drawn or removed (line layer
/// user_pwp_works, EPSG:4326, fields work, road_class, name; `swsplan pwp --roads
/// user_pwp_works` reads it).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace swsplan::layers {

/// Editable point layers of the project for siting.
inline constexpr const char* kUserCandidates = "user_candidates";
inline constexpr const char* kUserOffices = "user_offices";

/// Adds a point (lon/lat) to `layer` (created when absent), or removes the point of that
/// layer nearest to (lon, lat) when one lies within `remove_within_m`. Returns true when a
/// point was added, false when one was removed. @throws gis::UsageError when the stored layer
/// holds no points or is not in EPSG:4326.
bool toggle_user_point(const std::string& project_path, const std::string& layer, double lon, double lat,
                       double remove_within_m);

/// Project layer holding the road works drawn in the app.
inline constexpr const char* kUserPwpWorks = "user_pwp_works";
/// Road classes a drawn work may take (layers/pwp.hpp); the first is the default.
const std::vector<std::string>& pwp_road_classes();

/// Appends one new road (vertices lon/lat, at least two) of class `road_class` to
/// user_pwp_works (created when absent). Returns the new feature's fid.
/// @throws gis::UsageError for fewer than two distinct vertices or an unknown class.
std::int64_t add_user_work(const std::string& project_path, const std::vector<std::pair<double, double>>& lonlat,
                           const std::string& road_class, const std::string& name = {});

/// Removes the drawn work nearest to (lon, lat) if one lies within `within_m`. Returns false
/// (and writes nothing) when none does.
bool remove_user_work_near(const std::string& project_path, double lon, double lat, double within_m);

/// Removes the drawn works with these feature ids. Returns false (nothing written) when none
/// of them exists.
bool remove_user_works(const std::string& project_path, const std::vector<std::int64_t>& fids);

}  // namespace swsplan::layers

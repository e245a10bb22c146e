#pragma once
/// @file The work behind the GUI's PWP road drawing, PWP scenario, scenario comparison and
/// cost views, free of widgets: the same layers/ calls as `swsplan pwp`, `swsplan compare`
/// and `swsplan cost`, every project write all-or-nothing through layers::ProjectWriter.
/// The road works drawn on the map live in the project line layer user_pwp_works (EPSG:4326,
/// fields work, road_class, name), the layer `swsplan pwp --roads user_pwp_works` reads.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gis/core/progress.hpp"
#include "gis/io/vector.hpp"
#include "layers/compare.hpp"
#include "layers/pwp.hpp"

namespace swsplan::gui {

struct PreparedLayer;

/// Project layer holding the road works drawn in the GUI.
inline constexpr const char* kUserPwpWorks = "user_pwp_works";
/// Road classes a drawn work may take (layers/pwp.hpp); the first is the default.
const std::vector<std::string>& pwp_road_classes();

/// Appends one new road (vertices lon/lat, at least two) of class `road_class` to
/// user_pwp_works (created when absent) in one commit. Returns the new feature's fid.
/// @throws gis::UsageError for fewer than two distinct vertices or an unknown class.
std::int64_t add_user_work(const std::string& project_path, const std::vector<std::pair<double, double>>& lonlat,
                           const std::string& road_class, const std::string& name = {});

/// Removes the drawn work nearest to (lon, lat) if one lies within `within_m` (one commit).
/// Returns false (and writes nothing) when none does.
bool remove_user_work_near(const std::string& project_path, double lon, double lat, double within_m);

/// Removes the drawn works with these feature ids (one commit). Returns false (nothing
/// written) when none of them exists.
bool remove_user_works(const std::string& project_path, const std::vector<std::int64_t>& fids);

/// Runs the PWP scenario and stores it in one commit (as `swsplan pwp`). `replace`: an
/// existing scenario of that name is replaced; otherwise refused before any work.
layers::PwpResult run_pwp_scenario(const std::string& project_path, const layers::PwpRequest& rq, bool replace,
                                   gis::Progress& progress);

/// Result lines: households / poor households gaining access per service, km, labour-days, USD.
std::string pwp_summary_text(const layers::PwpResult& r);

/// Compares two stored scenarios and stores the difference layer (as `swsplan compare`).
layers::ScenarioDiff run_compare(const std::string& project_path, const std::string& a, const std::string& b,
                                 const std::string& service, gis::Progress& progress);

/// District and total rows of a comparison as text.
std::string compare_summary_text(const layers::ScenarioDiff& d);

/// The per-commune gain of a PWP result as polygons (the communes layer `communes`, already
/// in the map CRS): layer scenario_<name>_pwp_gain with adm3_pcode, name and per service
/// households_gained_<svc>, poor_gained_<svc> and net_poor_<svc> (gained - lost).
gis::VectorLayer pwp_gain_layer(const layers::PwpResult& r, const PreparedLayer& communes);

}  // namespace swsplan::gui

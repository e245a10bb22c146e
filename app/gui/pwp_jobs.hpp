#pragma once
/// @file The work behind the GUI's PWP road drawing, PWP scenario, scenario comparison and
/// cost views, free of widgets: the same layers/ calls as `swsplan pwp`, `swsplan compare`
/// and `swsplan cost`, every project write through the door (layers/store.hpp).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gis/core/progress.hpp"
#include "gis/io/vector.hpp"
#include "layers/compare.hpp"
#include "layers/map_edits.hpp"
#include "layers/pwp.hpp"

namespace swsplan::gui {

// The road works drawn on the map live in layers/ (one commit each through the door).
using layers::add_user_work;
using layers::kUserPwpWorks;
using layers::pwp_road_classes;
using layers::remove_user_work_near;
using layers::remove_user_works;

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

}  // namespace swsplan::gui

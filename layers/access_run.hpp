#pragma once
/// @file One `swsplan access` run: the service's stored settings with the run's overrides
/// (mode, threshold, line speed, season and flooding), the travel cost of every village, and
/// its tables (access_<service>, commune_access_<service>, catchments_<service>) or an access
/// scenario stored through the door (layers/store.hpp); in raster mode the travel-time and
/// nearest-facility GeoTIFFs are written beside the project (or into `raster_dir`).
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/progress.hpp"
#include "layers/access.hpp"
#include "layers/services.hpp"
#include "layers/settings.hpp"

namespace swsplan::layers {

/// The run's options as `swsplan access` takes them (empty / NaN / 0 = the stored setting).
struct AccessRunRequest {
  Service service{};
  std::string mode;       ///< "line", "network" or "raster"
  std::string threshold;  ///< e.g. "60min", "10km"
  double line_speed_kmh = 0;
  std::string season;     ///< "dry" or "wet"
  std::string flood_field, flood_layer;
  double flood_threshold = NAN, flood_factor = NAN;
  std::string scenario;   ///< store as this access scenario instead of the access_<service> tables
  bool replace = false;
  std::string raster_dir;
};

struct AccessRun {
  ServiceSettings settings;  ///< as used
  SeasonFriction season;
  ServiceAccess result;
  std::vector<std::string> rasters;  ///< GeoTIFFs written (raster mode)
};

/// Runs access on the project at `project_path` and stores it in one commit. @throws
/// gis::UsageError for a bad option or combination (named as the CLI option), a clashing
/// scenario without `replace`; InputError; Cancelled before the commit (nothing written).
AccessRun run_and_store_access(const std::string& project_path, const AccessRunRequest& request,
                               gis::Progress& progress);

}  // namespace swsplan::layers

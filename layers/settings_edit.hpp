#pragma once
/// @file Changing the stored settings (service norms, analysis and costing keys) as
/// `swsplan settings --set KEY=VALUE ... [--reset]` and the app's settings dialog give them:
/// every value is checked before anything is written, and the change goes through the door
/// (layers/store.hpp).
#include <string>
#include <vector>

namespace swsplan::layers {

struct SettingsEdit {
  /// "scope.field=value": scope a service id, "analysis" or "costing"; a value that reads as a
  /// JSON number, boolean or null is stored as one, anything else as a string.
  std::vector<std::string> sets;
  bool reset = false;  ///< forget the stored settings first (back to the documented defaults)
};

/// Stores the edited settings of the project at `project_path` in one commit. @throws
/// gis::UsageError for a malformed KEY=VALUE or an unknown service; InputError naming the key
/// and field of a bad value (nothing written then).
void run_and_store_settings(const std::string& project_path, const SettingsEdit& edit);

}  // namespace swsplan::layers

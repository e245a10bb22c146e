#include "layers/store.hpp"

#include <filesystem>

#include "gis/core/error.hpp"
#include "layers/scenarios.hpp"

namespace swsplan::layers {

void run_and_store_staged(const std::string& project_path, const StoreOptions& options, gis::Progress& progress,
                          const std::function<void(const Project*, ProjectWriter&)>& run) {
  if (!options.scenario.empty()) validate_scenario_name(options.scenario);  // a usage error first
  LeaseOptions lo;
  lo.verb = options.verb;
  lo.wait_s = options.wait_s;
  lo.progress = &progress;
  const auto lease = WriterLease::acquire(project_path, lo);  // before the read: no update lost
  std::optional<Project> project;
  if (!options.create || std::filesystem::exists(project_path)) project.emplace(Project::open(project_path));
  // A clash is refused before the work, not after it.
  if (project && !options.scenario.empty() && !options.replace)
    for (const auto& s : list_scenarios(*project))
      if (s.name == options.scenario)
        throw gis::UsageError("scenario '" + options.scenario + "' already exists in " + project_path +
                              ": pick another name or " + options.replace_hint);
  ProjectWriter writer(project_path, options.timestamp);
  run(project ? &*project : nullptr, writer);
  if (writer.empty()) return;  // nothing to write (an edit that found nothing to remove)
  progress.check();  // cancelled before the commit: the project stays as it was
  writer.commit();   // the point of no return: nothing may report or check progress after it,
                     // so a late cancel never claims "nothing written" for a changed project
}

void store_layer(const std::string& project_path, const gis::VectorLayer& layer, const std::string& verb) {
  StoreOptions so;
  so.verb = verb;
  run_and_store(project_path, so, [&](const Project&, ProjectWriter& w) { w.put(layer, layer.name); });
}

}  // namespace swsplan::layers

#pragma once
/// @file The one door for project writes. Every writing verb (import, access, analyze, site,
/// pwp, compare, cost, settings, point and road-works edits, the map state) runs as
///   lease -> open -> scenario check -> run and stage -> cancel check -> commit
/// through run_and_store: the writer lease is taken before the project is read (so another
/// run's update in between is never lost; nested and free when the caller already holds it,
/// as the CLI does to announce a wait), a scenario name is checked and a clash refused before
/// any work, the verb computes and stages its layers on one ProjectWriter, a cancel before the
/// commit leaves the project as it was, and the commit is the point of no return. The front
/// ends only build the verb's request and format its result.
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "gis/core/progress.hpp"
#include "layers/lease.hpp"
#include "layers/project.hpp"

namespace swsplan::layers {

/// How a run goes through the door.
struct StoreOptions {
  std::string verb = "write";  ///< what the holder does, shown to a run that waits for the lease
  /// Non-empty: the run stores this scenario. The name is checked, and a stored scenario of
  /// that name (of any kind) is refused before any work unless `replace`.
  std::string scenario;
  bool replace = false;
  std::string replace_hint = "pass --replace";  ///< ends the refusal ("tick 'Replace'" in the app)
  double wait_s = kDefaultLeaseWait_s;          ///< wait for another holder (ignored when nested)
  /// The project need not exist yet (import creates it): the run gets no project then.
  bool create = false;
  std::string timestamp;  ///< provenance stamp (ISO 8601); empty = now
};

/// The door's non-template core: `run(project or nullptr, writer)` computes and stages; a
/// run that staged nothing writes nothing.
/// @throws LeaseBusy naming the holder, gis::UsageError for a bad or clashing scenario name,
/// InputError when the project does not exist (and `create` is false), gis::Cancelled through
/// `progress` before the commit (nothing written), whatever `run` or the commit throws.
void run_and_store_staged(const std::string& project_path, const StoreOptions& options, gis::Progress& progress,
                          const std::function<void(const Project*, ProjectWriter&)>& run);

/// Runs a writing verb through the door and returns what `run` returns. `run` is called as
/// `run(const Project&, ProjectWriter&)`, or with `const Project*` (nullptr for a project
/// that does not exist yet) when `options.create` is set.
template <class Run>
auto run_and_store(const std::string& project_path, const StoreOptions& options, gis::Progress& progress, Run&& run) {
  constexpr bool by_pointer = std::is_invocable_v<Run&, const Project*, ProjectWriter&>;
  auto call = [&](const Project* p, ProjectWriter& w) -> decltype(auto) {
    if constexpr (by_pointer) return run(p, w);
    else return run(*p, w);
  };
  using R = decltype(call(nullptr, std::declval<ProjectWriter&>()));
  if constexpr (std::is_void_v<R>) {
    run_and_store_staged(project_path, options, progress, [&](const Project* p, ProjectWriter& w) { call(p, w); });
  } else {
    std::optional<std::decay_t<R>> out;
    run_and_store_staged(project_path, options, progress,
                         [&](const Project* p, ProjectWriter& w) { out.emplace(call(p, w)); });
    return std::move(*out);
  }
}

/// The same without progress reporting or cancel (short edits).
template <class Run>
auto run_and_store(const std::string& project_path, const StoreOptions& options, Run&& run) {
  return run_and_store(project_path, options, gis::no_progress(), std::forward<Run>(run));
}

/// Replaces (or adds) one layer or table of an existing project, under `layer.name`, through
/// the door (e.g. the app's saved map state).
void store_layer(const std::string& project_path, const gis::VectorLayer& layer, const std::string& verb);

}  // namespace swsplan::layers

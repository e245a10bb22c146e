#pragma once
/// @file One `swsplan import` run: real sources into a project, created when missing and
/// otherwise updated all-or-nothing through the door (layers/store.hpp). Admin units come
/// first (villages and facilities are placed in the communes); new commune boundaries place
/// the stored villages and facilities again; facilities of a re-imported service replace the
/// stored ones of that service and keep the others; every join is reported and every layer
/// gets its provenance row.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "gis/core/progress.hpp"
#include "layers/importers.hpp"
#include "layers/project.hpp"

namespace swsplan::layers {

/// Each source is a SourceSpec text `path[#layer][?key=value&...]`; empty = not imported.
struct ImportRequest {
  std::string provinces, districts, communes, villages, crosswalk;
  std::vector<std::string> facilities, pwp, roads, indicators;
  std::string assume_crs;  ///< CRS of sources that declare none
  /// The project's own name (maps, reports and the app title it); empty keeps a stored one.
  std::string name;
};

struct ImportRun {
  std::vector<ImportResult> results;           ///< one per imported source, in import order
  std::vector<JoinReport> replaced_reports;    ///< stored layers placed again in new communes
  /// Rows of every layer written, in the order first written.
  std::vector<std::pair<std::string, std::size_t>> layers;
  std::vector<std::string> warnings;
};

/// Checks the request before anything is read: every spec parses, no input is the project
/// itself, something is imported. @throws gis::UsageError.
void check_import_request(const std::string& project_path, const ImportRequest& request);

/// Imports into the project at `project_path` in one commit. @throws gis::UsageError,
/// InputError naming the file, feature and field of bad data; Cancelled before the commit.
ImportRun run_and_store_import(const std::string& project_path, const ImportRequest& request,
                               gis::Progress& progress);

}  // namespace swsplan::layers

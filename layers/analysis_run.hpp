#pragma once
/// @file One gap-analysis run and one siting run as both front ends (`swsplan analyze` /
/// `swsplan site` and the desktop app's dialogs) perform them: pick the services, compute
/// deprivation, access for each service, classify, district priority and child deprivation,
/// build the output tables and write them in one layers::ProjectWriter commit. The result
/// carries everything the front ends print, so they only format it.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/progress.hpp"
#include "layers/gap.hpp"
#include "layers/project.hpp"
#include "layers/qgis_styles.hpp"
#include "layers/services.hpp"
#include "layers/settings.hpp"
#include "layers/siting.hpp"

namespace swsplan::layers {

/// Parameters of a gap analysis: the CLI's `analyze` options plus the deprivation settings
/// the GUI may change (stored in the project by the run when they differ).
struct GapRunRequest {
  std::vector<std::string> services;    ///< service ids; empty = enabled services with facilities
  std::optional<AccessMode> mode;       ///< override every service's access mode (a distance
                                        ///< threshold becomes a time at the service's line speed)
  std::string deprivation_source;       ///< "" = the project's; "villages", "commune:<field>", ...
  std::optional<double> threshold_0_1;  ///< fixed cut-off (used when no quantile is given)
  std::optional<double> quantile_0_1;   ///< national quantile as the cut-off instead
  bool geometric = false;               ///< district index as an INFORM-style geometric mean
  std::string provenance_source = "swsplan analyze";  ///< `source` of the provenance row
  /// The QGIS styles of the map as the front end's renderer draws it, stored in layer_styles
  /// with the results (gap_communes, district_priority and base_styled_layers()). Empty (a
  /// build without the renderer): swsplan's stored styles of those layers are removed.
  QgisStyler qgis_styles;
};

/// Communes, households and poor (or deprived) households of one class.
struct GapClassTotals {
  std::int64_t communes = 0;
  double households = 0, poor_households = 0;  ///< sums of the known values
};

/// One analysed service.
struct GapServiceRun {
  Service service{};
  ServiceAccess access;              ///< settings used (mode, threshold, norms), facilities, notes
  std::vector<GapRow> rows;          ///< one per commune
  /// Every class name of kGapClassNames (zeros included).
  std::map<std::string, GapClassTotals> classes;
  std::map<std::string, std::int64_t> not_classified_reasons;  ///< reason -> communes
};

/// Nation-wide child-deprivation bands (0, 1, 2+ deprivations).
struct ChildDeprivationTotals {
  std::array<std::int64_t, 3> units{0, 0, 0};
  std::array<double, 3> weight{0, 0, 0};    ///< households or the weight field (e.g. children)
  std::int64_t units_unknown = 0;
  double units_share(int k) const;          ///< 0 when no unit is known
  double weight_share(int k) const;         ///< 0 when no weight is known
};

/// Class names in print order.
inline constexpr const char* kGapClassNames[] = {"served", "unaffordable", "unavailable", "unavailable_unaffordable",
                                                 "not_classified"};

struct GapRunResult {
  AnalysisSettings analysis;                 ///< as used (request overrides applied)
  bool analysis_changed = false;             ///< the overrides differ from the stored settings
  Deprivation deprivation;
  ChildDeprivationTotals child_totals;       ///< when deprivation.child.present
  std::vector<std::string> skipped;          ///< enabled services without facilities (service ids)
  std::vector<GapServiceRun> services;
  DistrictPriority priority;
  std::vector<std::size_t> priority_order;   ///< district rows by rank (1 first)
  GapOutputs outputs;
  bool geometric = false;
  /// Where the households and poor households come from (source and year), the communes
  /// the basis has no value for (with the reason), and one line when the figures mix vintages.
  std::string demand_label;
  std::vector<std::string> access_notes;  ///< per service: access read from the stored `swsplan access` run, or computed and why
  std::vector<DemandBasis::Missing> communes_without_demand;
  std::optional<std::string> mixed_vintages;

  /// "deprived when >= fixed 0.25" (or "<=" when lower values are worse).
  std::string deprivation_rule() const;
  /// ID-Poor sources count poor households; other indicators count households on the bad side.
  bool counts_poor_households() const;
};

/// Runs the analysis on an open project (nothing written). @throws UsageError (unknown
/// service, no service to analyse, bad threshold or quantile), InputError naming the
/// layer/field, Cancelled through `progress`.
GapRunResult run_gap_analysis(const Project& project, const GapRunRequest& request, gis::Progress& progress);

/// Stages gap_communes, gap_classes, gap_summary, district_priority and child_deprivation
/// (removed when no longer configured), the QGIS styles `styler` gives the result and base
/// layers (layer_styles), the changed analysis settings and a provenance row on `writer`.
void stage_gap_outputs(const Project& project, const GapRunResult& result, const std::string& provenance_source,
                       const QgisStyler& styler, ProjectWriter& writer);

/// Opens `project_path`, runs the analysis and writes it in one commit, holding the project's
/// writer lease from before the read until after the commit (the caller's, or one taken here
/// with the default wait; @throws LeaseBusy); cancelled before the commit, nothing is written.
GapRunResult run_and_store_gap_analysis(const std::string& project_path, const GapRunRequest& request,
                                        gis::Progress& progress);

/// Writes the tables a front end exports as CSV (gap_classes, gap_summary,
/// district_priority, child_deprivation) into `dir` (created), `<table>.csv` each.
void write_gap_csv(const GapRunResult& result, const std::string& dir);

/// Runs siting on `project_path` and stores the scenario in one commit. An existing scenario
/// of that name (of any kind) is refused before any work unless `replace`; the UsageError
/// then ends with `replace_hint` (e.g. "pass --replace"). Holds the writer lease like
/// run_and_store_gap_analysis. Cancelled before the commit: nothing is written. With a
/// `styler`, the QGIS styles of the scenario's map layers (offices, van stops, village ->
/// office lines) are stored in the same commit.
SitingResult run_and_store_siting(const std::string& project_path, const SitingRequest& request, bool replace,
                                  gis::Progress& progress, const std::string& replace_hint = "pass --replace",
                                  const QgisStyler& styler = {});

}  // namespace swsplan::layers

#pragma once
/// @file What the reports print, read from a project after `swsplan analyze` (no Qt here):
/// the per-commune service rows of gap_classes, nearest facility and travel per commune
/// (recomputed with the access settings analyze recorded in gap_classes), ID-Poor figures
/// with their vintage, and the district_priority table.
#include <optional>
#include <string>
#include <vector>

#include "layers/cip.hpp"
#include "layers/project.hpp"

namespace swsplan::report {

/// One service of one commune.
struct ServiceLine {
  layers::Service service;
  std::string service_id, cls, reason, lever, threshold, mode;
  double coverage_0_1 = NAN, coverage_norm_0_1 = NAN, capacity_ratio = NAN, capacity_norm = NAN;
  double deprivation_0_1 = NAN, deprivation_threshold_0_1 = NAN;
  double households = NAN, poor_households = NAN;
  std::string nearest_facility;   ///< facility nearest to most of the commune's households ("" if none)
  double mean_cost = NAN;         ///< household-weighted mean travel cost to the nearest facility
  double max_cost = NAN;          ///< farthest village of the commune
  bool cost_is_time = false;      ///< costs in minutes (true) or kilometres (false)
};

struct CommuneData {
  std::string adm3_pcode, name_en, name_km, adm2_pcode, adm2_name, adm1_pcode, adm1_name;
  std::size_t row = 0;            ///< row in the communes layer
  std::vector<ServiceLine> services;
  double deprivation_0_1 = NAN, households = NAN, poor_households = NAN;
  /// gap_communes `deprived` as analyze stored it (its threshold and direction); unset = unknown.
  std::optional<bool> deprived;
  std::string deprivation_flag;
  std::vector<std::pair<layers::Service, layers::GapClass>> classes() const;
};

/// Everything a batch of commune profiles needs, read and computed once.
struct ProfileData {
  std::string project_name;       ///< swsplan_project name, else the file stem
  bool synthetic = false;
  std::string deprivation_source; ///< from the gap analysis provenance
  std::string idpoor_vintage;     ///< e.g. "ID-Poor 2022 - ..." (for another source: "2011 - table ...", no "ID-Poor")
  /// Whether the recorded deprivation source counts ID-Poor poor households (villages or a
  /// communes field, higher is worse); otherwise the households counted are the deprived ones
  /// (child deprivation, a latrine indicator...), as in the `swsplan analyze` summary.
  bool counts_poor_households = true;
  bool deprivation_lower_is_worse = false;
  std::string analysed_at;        ///< when analyze wrote the tables
  /// Source and year of the households and poor households, as analyze recorded them
  /// (gap_classes demand_source); empty for tables written before it was recorded.
  std::string demand_source;
  std::vector<CommuneData> communes;
};

/// @throws InputError when the project has no gap analysis tables (telling to run
/// `swsplan analyze`), UsageError for an unknown commune / district / province code.
/// `pcodes` may be empty when `district` or `province` selects the communes.
ProfileData load_profiles(const layers::Project& p, const std::vector<std::string>& pcodes, const std::string& district,
                          const std::string& province);

/// One district of the priority table.
struct DistrictRow {
  std::string adm2_pcode, name, adm1_pcode;
  std::string adm1_name;  ///< the province's name (provinces layer), empty when absent
  double index = NAN;
  int rank = 0, rank_min = 0, rank_max = 0;
  std::vector<double> component;  ///< poor households in gap communes, per service of `services`
};

struct BriefData {
  std::string project_name;
  bool synthetic = false;
  std::vector<std::string> services;  ///< service ids of the components
  std::vector<DistrictRow> districts; ///< by rank (1 first), of the selected province (or all)
  std::vector<double> comp_min, comp_max;  ///< per service, over all districts (the index's min-max scaling)
  std::size_t total_districts = 0;    ///< in the table before the province filter
  std::string deprivation_source, analysed_at;
  std::string demand_source;  ///< source and year of the households and poor households, as analyze recorded them
  bool counts_poor_households = true;  ///< ID-Poor poor households (else deprived households)
};

/// @throws InputError (run analyze) or UsageError (unknown province).
BriefData load_brief(const layers::Project& p, const std::string& province);

/// Text helpers shared by the PDF and the tests: percentages and numbers as printed.
std::string fmt_pct(double v_0_1);                ///< "83.3 %" or "n/a"
std::string fmt_num(double v, int decimals = 0);  ///< "12,345" or "n/a"

}  // namespace swsplan::report

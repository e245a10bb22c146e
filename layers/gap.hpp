#pragma once
/// @file Gap analysis: for every commune and service, is the service unavailable (supply
/// side), unaffordable (demand side), both, or served? Then aggregation up the admin ladder
/// and a district priority index for donors. Method: docs/methods.md.
#include <optional>
#include <string>
#include <vector>

#include "gis/io/vector.hpp"
#include "layers/access.hpp"
#include "layers/project.hpp"
#include "layers/settings.hpp"

namespace swsplan::layers {

enum class GapClass { Served, Unaffordable, Unavailable, UnavailableUnaffordable, NotClassified };
const char* to_string(GapClass c);
/// The recommended lever for a class and service (e.g. "Health Equity Fund cover or cash transfer").
std::string lever(GapClass c, Service s);

/// Deprivation rate per commune, with where it came from.
struct Deprivation {
  std::vector<double> rate_0_1;         ///< per commune, NaN when unknown
  std::vector<std::string> flag;        ///< per commune, why the rate is unknown or was flagged
  std::string source;                   ///< e.g. "ID-Poor (villages): poor_hh / households"
  double threshold_0_1 = 0.25;          ///< cut-off used
  std::string threshold_rule;           ///< "fixed 0.25" or "national quantile 0.75 = 0.31"
  bool from_villages = true;            ///< false: a commune-level source (poor households = rate x households)
  std::vector<std::string> warnings;    ///< e.g. percent converted
};

/// Computes commune deprivation from the configured source (AnalysisSettings::deprivation_source).
/// Percent is detected and converted; values outside 0-1 are flagged, never clipped.
/// @throws InputError when the source field or table does not exist.
Deprivation compute_deprivation(const Project& p, const AccessInputs& in, const AnalysisSettings& a);

/// One commune x service call with the numbers behind it.
struct GapRow {
  std::string adm3_pcode;
  Service service;
  GapClass cls = GapClass::NotClassified;
  std::string reason;          ///< for NotClassified
  double coverage_0_1 = NAN, capacity_ratio = NAN, deprivation_0_1 = NAN;
  double households = NAN, poor_households = NAN;
  bool available = false, deprived = false;
  std::optional<bool> under_used;  ///< when a use field exists
  std::string basis;
};

/// Classifies every commune for one service.
std::vector<GapRow> classify(const AccessInputs& in, const ServiceAccess& acc, const Deprivation& dep);

/// District priority index settings.
struct PriorityOptions {
  bool geometric = false;              ///< INFORM-style geometric mean instead of weighted sum
  std::vector<double> weights;         ///< per service analysed (default equal)
  double sensitivity_0_1 = 0.2;        ///< weights moved by +-20 %
};

struct DistrictPriority {
  std::vector<std::string> adm2_pcode, name;
  std::vector<std::vector<double>> component;  ///< [service][district] poor households in gap communes
  std::vector<double> index;                   ///< 0-1
  std::vector<int> rank, rank_min, rank_max;   ///< 1 = highest priority
};

/// Ranks districts by poor households in gap communes (classes unavailable, unaffordable or
/// both), per service min-max normalised, combined by weights; sensitivity = rank range when
/// each weight moves by +-sensitivity (all combinations of -, 0, + per service).
DistrictPriority district_priority(const Project& p, const AccessInputs& in,
                                   const std::vector<std::vector<GapRow>>& rows, const PriorityOptions& opt);

/// Output tables/layers of a gap analysis.
struct GapOutputs {
  gis::VectorLayer gap_communes;   ///< commune polygons + per-service class, numbers and lever
  gis::VectorLayer gap_classes;    ///< long table commune x service
  gis::VectorLayer gap_summary;    ///< level x unit x service x class: communes, households, poor
  gis::VectorLayer district_priority;  ///< district polygons + index, rank, range, components
  gis::VectorLayer layer_styles;   ///< QGIS styles (GeoPackage layer_styles table)
};
GapOutputs gap_outputs(const Project& p, const AccessInputs& in, const std::vector<ServiceAccess>& acc,
                       const std::vector<std::vector<GapRow>>& rows, const Deprivation& dep,
                       const DistrictPriority& prio);

}  // namespace swsplan::layers

#pragma once
/// @file Gap analysis: for every commune and service, is the service unavailable (supply
/// side), unaffordable (demand side), both, or served? Then aggregation up the admin ladder
/// and a district priority index for donors. Method: docs/methods.md.
#include <cstdint>
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

/// The child-deprivation dimensions of DESIGN.md section 3, in this order.
const std::vector<std::string>& child_dimensions();

/// Child deprivation per commune from an indicator table with one column per dimension
/// (commune or village units). A unit is deprived in a dimension when its value (a share, a
/// percent or a 0/1 flag) is >= the cut-off; its count is the number of such dimensions.
/// Commune figures are weighted by households (or the weight field, e.g. children) of the
/// units: sums of weights, never means of shares.
struct ChildDeprivation {
  bool present = false;
  std::string table, level;                 ///< level: "commune" or "village"
  std::vector<std::string> dimensions, fields;
  std::string weight;                       ///< "households" or the weight field
  double cutoff_0_1 = 0.5;
  // per commune (rows of AccessInputs::communes)
  std::vector<double> count;                ///< commune units: deprivations; village units: weighted mean count
  std::vector<std::int64_t> units[3];       ///< units with 0, 1, 2+ deprivations
  std::vector<std::int64_t> units_unknown;  ///< units with a missing or flagged value
  std::vector<double> weight_by[3];         ///< households (or weight) in units with 0, 1, 2+
  std::vector<std::string> flag;            ///< why (part of) the commune is unknown
  std::vector<std::string> warnings;        ///< percent converted, values flagged, rows not joined
  /// Share of the commune's known weight in units with k (0, 1, 2 = 2+) deprivations; NaN if none known.
  double share(std::size_t commune, int k) const;
};

/// @throws InputError naming the setting, table or field when they are missing or a
/// dimension is unknown. Returns present = false when no table is configured.
ChildDeprivation compute_child_deprivation(const Project& p, const AccessInputs& in, const AnalysisSettings& a);

/// Table `child_deprivation`: level (commune, district, province, nation), code, units and
/// households with 0 / 1 / 2+ deprivations and their shares; higher levels are sums of communes.
gis::VectorLayer child_deprivation_table(const AccessInputs& in, const ChildDeprivation& cd);

/// Deprivation rate per commune, with where it came from.
struct Deprivation {
  std::vector<double> rate_0_1;         ///< per commune, NaN when unknown
  std::vector<std::string> flag;        ///< per commune, why the rate is unknown or was flagged
  std::string source;                   ///< e.g. "ID-Poor (villages): poor_hh / households"
  double threshold_0_1 = 0.25;          ///< cut-off used
  std::string threshold_rule;           ///< "fixed 0.25" or "national quantile 0.75 = 0.31"
  bool from_villages = true;            ///< false: a commune-level source (poor households = rate x households)
  /// The source is the demand basis's own poverty rate (ID-Poor 2022 basis and its
  /// idp22_poor_share): poor households are the basis's, exactly.
  bool is_basis_rate = false;
  std::vector<std::string> warnings;    ///< e.g. percent converted
  bool lower_is_worse = false;          ///< deprived when the value is at or below the threshold
  ChildDeprivation child;               ///< present when a child-deprivation table is configured
  /// The value is on the bad side of the threshold.
  bool is_deprived(double v) const { return lower_is_worse ? v <= threshold_0_1 : v >= threshold_0_1; }
  /// Share of households on the bad side (1 - v when lower is worse), to count them.
  double bad_share(double v) const { return lower_is_worse ? 1.0 - v : v; }
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
  std::optional<gis::VectorLayer> child_deprivation;  ///< when child-deprivation data are configured
};
GapOutputs gap_outputs(const Project& p, const AccessInputs& in, const std::vector<ServiceAccess>& acc,
                       const std::vector<std::vector<GapRow>>& rows, const Deprivation& dep,
                       const DistrictPriority& prio);

}  // namespace swsplan::layers

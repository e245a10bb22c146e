#pragma once
/// @file The demand basis of a project: which source counts households and poor households,
/// at which level, and how commune totals reach the villages (DESIGN.md, section 3). Every
/// verb reads households and poor households through demand_basis(), so access, analyze,
/// site, pwp, cost, compare, the reports and the GUI use the same figures, and every figure
/// can name its source and year.
///
/// The setting is analysis.demand_basis (docs/methods.md, Demand):
/// - "auto" (default): ID-Poor 2022 commune totals when the project has them, else the
///   villages' own counts;
/// - "idpoor_2022": ID-Poor 2022 total and poor (levels 1+2) households per commune, from the
///   communes' idp22_total_hh / idp22_poor_hh fields or the table ind_idpoor_2022
///   (Total_HHs / Total_Poor_12_HHs);
/// - "villages": the villages layer's households and poor_hh (e.g. the ID-Poor village
///   rounds of 2010/11);
/// - "commune_database_2011": NCDD Commune Database 2011 families per commune (cdb11_families;
///   it counts no poor households);
/// - "table:<table>:<households field>:<poor field>": a user table keyed by adm3_pcode
///   (commune totals) or vil_code (village counts); the poor field may be empty.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "gis/io/vector.hpp"
#include "layers/project.hpp"

namespace swsplan::layers {

struct DemandBasis {
  std::string id;      ///< resolved setting: idpoor_2022, villages, commune_database_2011, table:...
  std::string source;  ///< who published the counts, e.g. "ID-Poor (Ministry of Planning), via WFP PRISM"
  std::string year;    ///< vintage of the counts, e.g. "2022", "2010/2011"; "year not stated" if unknown
  std::string level;   ///< "commune" (totals spread over villages) or "village"
  /// How commune totals reach the villages (empty for village-level counts).
  std::string spread;

  std::vector<double> village_households, village_poor;  ///< per village row; NaN = no value
  /// per village row: 1 where its commune's totals were split in equal shares (no village weight)
  std::vector<std::uint8_t> village_equal_share;
  /// per commune row: the source's own totals (commune level), or the sum of the villages'
  /// counts (village level); NaN = the source has no value for the commune
  std::vector<double> commune_households, commune_poor;

  struct Missing {
    std::string pcode;
    std::string reason;
  };
  /// Communes whose households or poor households are not used, each with the reason
  /// (never silently counted as 0), by pcode.
  std::vector<Missing> communes_without_value;

  /// One line naming source and year, printed beside every figure: e.g.
  /// "ID-Poor 2022 commune totals (ID-Poor, Ministry of Planning, via WFP PRISM; 2022)".
  std::string label() const;
  /// Short form for column metadata and table cells: "ID-Poor 2022".
  std::string short_label() const;
};

/// The project's demand basis for the given communes and villages (as stored, EPSG:4326).
/// @param village_commune per village, the row of its commune in `communes` (kNoId if none)
/// @param setting analysis.demand_basis ("auto" when empty)
/// @throws UsageError when the setting names a source the project lacks (saying which
///         field or table is missing and what to import), or is not understood.
DemandBasis demand_basis(const Project& project, const gis::VectorLayer& communes, const gis::VectorLayer& villages,
                         std::span<const std::uint32_t> village_commune, const std::string& setting = "auto");

/// A commune-level basis counts households in communes that no village point lies in (the
/// national data has one: KH070315). So that every verb counts them, each such commune gets
/// one demand point inside its polygon, appended to `villages` with vil_code
/// "<adm3_pcode>-point" and a village_en that says what it is; `village_commune` grows with
/// it. Returns the number of points added (0 for a village-level basis).
std::size_t add_commune_points(const DemandBasis& basis, const gis::VectorLayer& communes, gis::VectorLayer& villages,
                               std::vector<std::uint32_t>& village_commune);

/// The basis every verb uses: demand_basis(), then add_commune_points() and the basis again
/// over the points added (their count in `points_added`).
DemandBasis demand_basis_with_points(const Project& project, const gis::VectorLayer& communes,
                                     gis::VectorLayer& villages, std::vector<std::uint32_t>& village_commune,
                                     const std::string& setting, std::size_t* points_added = nullptr);

/// Known values of analysis.demand_basis, for messages and validation.
bool is_demand_basis_setting(const std::string& setting);

/// One line when the project's figures come from different vintages (the demand basis, the
/// deprivation rate's source, the facility layers), e.g. "Figures mix vintages: households
/// and poor households ID-Poor 2022; deprivation ID-Poor 2022; facilities MoH 2010"; nullopt when
/// one vintage.
std::optional<std::string> mixed_vintages(const Project& project, const DemandBasis& basis,
                                          const std::string& deprivation_source);

}  // namespace swsplan::layers

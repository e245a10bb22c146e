#pragma once
/// @file Commune investment plan (CIP) check for NCDD review: which planned projects address
/// one of the commune's service gaps (from `swsplan analyze`), which address none, and which
/// gaps no project addresses.
///
/// A plan is a CSV file or a vector layer with one row per planned project:
///   project    (required; alias name)      what is planned, e.g. "Build 3 classrooms at Wat Chas"
///   type       (required)                  project type, see cip_type_table()
///   cost_usd   (required; alias cost, USD) estimated cost, a number >= 0
///   location   (optional)                  a place name
///   lon, lat   (optional; alias longitude/latitude) the project's point in WGS 84; a point
///                                          geometry (any CRS) serves too
///   adm3_pcode (optional; alias commune)   the commune of the row (pcode or NCDD number); when
///                                          present, a plan may hold many communes
///
/// A project type addresses a gap of service s and class c when s is one of the type's
/// services and the type's side matches the class: supply-side types address `unavailable`,
/// demand-side types address `unaffordable`, and both kinds address
/// `unavailable_unaffordable` (which needs both levers). `served` and `not_classified` are
/// not gaps. The mapping of types to services and sides is cip_type_table() (also in
/// app/report/README.md).
#include <optional>
#include <string>
#include <vector>

#include "gis/io/vector.hpp"
#include "layers/gap.hpp"
#include "layers/services.hpp"

namespace swsplan::layers {

/// Which side of a gap a project type works on.
enum class CipSide { Supply, Demand, None };
const char* to_string(CipSide s);

/// One project type of the mapping.
struct CipType {
  std::string id;                   ///< canonical id, e.g. "health_facility"
  std::vector<std::string> aliases; ///< other accepted spellings (compared case- and separator-insensitively)
  CipSide side = CipSide::None;
  std::vector<Service> services;    ///< services it addresses (empty for CipSide::None)
  std::string description;
};

/// The documented mapping of CIP project types to services and levers.
const std::vector<CipType>& cip_type_table();
/// The type for `text` (id or alias; case, spaces, '-' and '_' ignored), or nullptr.
const CipType* find_cip_type(const std::string& text);

/// One planned project.
struct CipProject {
  std::int64_t row = 0;         ///< 1-based data row (CSV) or feature id (layer)
  std::string name, type_text, location, adm3_pcode;
  const CipType* type = nullptr;
  double cost_usd = 0;
  std::optional<std::pair<double, double>> lonlat;  ///< WGS 84 point: lon/lat columns or the point geometry
  std::string point_field;      ///< where lonlat came from ("lon"/"longitude" column, or "geometry")
};

struct CipPlan {
  std::string source;           ///< file (and layer) it was read from
  std::vector<CipProject> projects;
  bool has_communes = false;    ///< the plan has an adm3_pcode/commune column (or assign_cip_communes set them)
  std::string file, layer;      ///< for error messages
};

/// Reads a plan from `spec` (`file.csv`, `file.gpkg#layer`, any GDAL vector source).
/// @throws InputError naming file, row and field for a missing column, an empty project
///         name, an unknown type (listing the accepted types) or a cost that is not a
///         number >= 0.
CipPlan read_cip(const std::string& spec);

/// For a batch of communes (--district/--province) from a plan without commune codes: gives
/// each project the commune of `communes` (polygons with adm3_pcode) containing its point, and
/// sets has_communes. A plan with commune codes is left as it is.
/// @throws InputError naming the plan file, row and field when a project has no point (a
///         batch needs adm3_pcode or a location point per project, else every commune's page
///         would list the whole plan) or its point lies in no commune.
void assign_cip_communes(CipPlan& plan, const gis::VectorLayer& communes);

/// One service gap of a commune (class unavailable, unaffordable or both).
struct CommuneGap {
  Service service;
  GapClass cls;
};

/// Result of checking a plan against one commune's gaps.
struct CipCheck {
  struct Item {
    const CipProject* project = nullptr;
    std::vector<CommuneGap> addresses;  ///< gaps this project addresses (empty: addresses no gap)
    std::string verdict;                ///< "addresses a gap: health_centre (unavailable); ..." or "addresses no gap"
  };
  std::vector<Item> items;              ///< projects of the commune, plan order
  std::vector<CommuneGap> unaddressed;  ///< gaps no project addresses, in `gaps` order
  double cost_usd_total = 0, cost_usd_on_gaps = 0;
};

/// True when a project of type t addresses gap g.
bool addresses(const CipType& t, const CommuneGap& g);

/// The gaps among gap_classes-like rows: every (service, class) with class unavailable,
/// unaffordable or unavailable_unaffordable.
std::vector<CommuneGap> gaps_of(const std::vector<std::pair<Service, GapClass>>& classes);

/// Checks the projects of `plan` that belong to commune `adm3_pcode` (all projects when the
/// plan has no commune column) against `gaps`.
CipCheck check_cip(const CipPlan& plan, const std::string& adm3_pcode, const std::vector<CommuneGap>& gaps);

/// Parses a class name as written in gap tables ("unavailable_unaffordable" ...).
std::optional<GapClass> parse_gap_class(const std::string& text);

}  // namespace swsplan::layers

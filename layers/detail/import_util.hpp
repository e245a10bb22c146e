#pragma once
/// @file Internal to the importers (layers/importers*.cpp): field lookup, column building,
/// the storage CRS, location of points in communes, and the checks that refuse or flag wrong
/// data. Not part of the domain's API.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "gis/core/progress.hpp"
#include "gis/io/vector.hpp"
#include "layers/codes.hpp"
#include "layers/importers.hpp"
#include "layers/project.hpp"

namespace swsplan::layers::detail {

const char* level_name(AdminLevel l);
std::string pcode_field(AdminLevel l);

/// Field named by option `opt`, else the first candidate present; -1 if none. An option
/// naming a missing field is an error (naming the field and listing the layer's fields).
int pick_field(const gis::VectorLayer& l, const SourceSpec& src, const std::string& opt,
               const std::vector<std::string>& candidates);
/// pick_field, or an InputError saying which option names the field.
int require_field(const gis::VectorLayer& l, const SourceSpec& src, const std::string& opt,
                  const std::vector<std::string>& candidates, const std::string& what);

/// A distance option of a source (e.g. max_snap_m=500), `fallback` when absent.
/// @throws UsageError naming the source and the option unless the whole value is a number of
///         metres >= 0 (a bare std::stod took "500km" as 500 and threw std::invalid_argument,
///         naming nothing, on "abc").
double option_metres(const SourceSpec& src, const std::string& key, double fallback);

/// An output layer carrying the source's geometry, feature ids and CRS, without attributes.
gis::VectorLayer geometry_of(const gis::VectorLayer& in, std::string name);
/// Appends the source's columns not in `skip` (by index) and not clashing with `out`'s names.
void copy_other_fields(const gis::VectorLayer& src, gis::VectorLayer& out, const std::set<int>& skip);
std::string attributes_json(const gis::VectorLayer& src, std::size_t i, const std::set<int>& skip);

/// Unit and axis sanity (metres declared as degrees are refused, swapped axes diagnosed),
/// then reprojection to the storage CRS.
gis::VectorLayer to_storage(const gis::VectorLayer& in, std::vector<std::string>& warnings);
void require_kind(const gis::VectorLayer& l, gis::GeometryKind k, const std::string& what);
std::string list_some(const std::vector<std::string>& v, std::size_t n = 10);
Provenance provenance_for(const SourceSpec& src, const gis::VectorLayer& l, const std::string& target);

/// Locates points (lon/lat) in communes; outside points snap to the nearest commune within
/// max_snap_m (measured in the metric CRS). Returns the commune index per point (-1 none)
/// and fills a join report.
std::vector<std::int32_t> locate_in_communes(const gis::VectorLayer& points_ll, const gis::VectorLayer& communes_ll,
                                             const std::string& what, JoinReport& rep, double max_snap_m,
                                             gis::Progress& progress);

// ---- checks (import_checks.cpp) --------------------------------------------------------

/// Refuses a layer declared in degrees whose coordinates are metres (|x| > 180 or
/// |y| > 90 on most vertices, magnitudes of a projected grid), naming the extent seen.
void refuse_metres_as_degrees(const gis::VectorLayer& in);

/// Refuses polygon rings whose last vertex is not their first (GDAL keeps them as read),
/// naming the feature, its code (from `code`, may be null) and the ring.
void require_closed_rings(const gis::VectorLayer& in, const gis::Column* code, const std::string& what);

/// Refuses points at exactly (0, 0) (a missing location written as zeros) and points outside
/// the country's extent. `ll` is the layer in lon/lat (storage CRS), `src` the source (for
/// names and feature ids); rows correspond.
void require_points_in_country(const gis::VectorLayer& ll, const gis::VectorLayer& src, const std::string& what);

/// After geometry repair: flags (warning with area before and after, km²) every repaired
/// polygon whose area changed by more than 1 %, and refuses a repair that makes a polygon
/// overlap a neighbour (naming both, with the overlap and the areas). `before_m2` and the
/// repaired `after_metric` are in a metric CRS; `codes` names the features.
void check_repairs(const gis::RepairReport& repairs, const std::vector<double>& before_m2,
                   const gis::VectorLayer& after_metric, const gis::Column& codes, const std::string& what,
                   std::vector<std::string>& warnings);

}  // namespace swsplan::layers::detail

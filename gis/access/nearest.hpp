#pragma once
/// @file Straight-line access: nearest facility, k nearest, facilities within a radius and
/// their count, over a k-d tree (nanoflann, hidden behind a pimpl so no caller sees it).
///
/// Coordinates are in the project's metric CRS (metres, x = east, y = north; the caller
/// projects). Optionally distances are geodesic on the WGS84 ellipsoid: the caller then also
/// passes lon/lat (degrees) of the same points. The k-d tree always works on projected
/// coordinates; geodesic answers are exact anyway because every query widens its projected
/// search by the projection's scale error (see DistanceOptions) and re-ranks the candidates
/// by their geodesic distance.
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <vector>

#include "gis/access/graph.hpp"  // kNoId, kUnreachable
#include "gis/core/progress.hpp"

namespace swsplan::gis {

/// Points of one layer as structure of arrays. `x_m`/`y_m` are required; `lon_deg`/`lat_deg`
/// (WGS84, degrees) only for geodesic distances and then of the same length.
struct PointArrays {
  std::span<const double> x_m, y_m;
  std::span<const double> lon_deg, lat_deg;
  std::size_t size() const noexcept { return x_m.size(); }
};

/// One query location: projected metres, plus lon/lat degrees for geodesic distances.
struct QueryPoint {
  double x_m = 0, y_m = 0;
  double lon_deg = std::numeric_limits<double>::quiet_NaN();
  double lat_deg = std::numeric_limits<double>::quiet_NaN();
};

enum class DistanceKind {
  projected,  ///< Euclidean distance in the metric CRS
  geodesic,   ///< ellipsoidal distance on WGS84 (PROJ's geodesic.h, Karney's algorithm)
};

struct DistanceOptions {
  DistanceKind kind = DistanceKind::projected;
  /// Bound on the projection's scale error over the study area: projected distance /
  /// geodesic distance lies in [1 - e, 1 + e]. The nearest facility by projected distance can
  /// differ from the geodesic nearest only when two candidates are within that relative
  /// error of each other, so geodesic queries take every projected candidate up to
  /// d_nearest * (1+e)/(1-e) and re-rank them exactly. UTM zone 48N over Cambodia has a
  /// scale error below 0.0012 (k = 0.9996 at 105E, about 1.0007 at the borders); the default
  /// 0.002 leaves a margin. Only used for geodesic distances; must be in [0, 0.5).
  double max_scale_error_0_1 = 0.002;
};

/// A facility and its distance from the query.
struct NearestHit {
  std::uint32_t facility = kNoId;   ///< facility id (see FacilityIndex ids), kNoId if none
  double distance_m = kUnreachable;  ///< metres (projected or geodesic per DistanceOptions)
};

/// A static k-d tree over facility points. Results are ordered by distance, ties by the
/// facility's position in the input arrays, so output is deterministic.
/// Thread safety: queries are const and may run concurrently.
class FacilityIndex {
 public:
  /// Copies the coordinates and builds the tree (O(n log n)).
  /// @param facilities facility points; lon/lat required when options.kind is geodesic
  /// @param ids id reported for each facility (e.g. the row in the full facility table when
  ///        this index holds one service type), or empty for 0..n-1
  /// @throws InputError (feature = position in the arrays, field "geometry") on a non-finite
  ///         coordinate; UsageError on mismatched lengths or a bad option.
  explicit FacilityIndex(const PointArrays& facilities, DistanceOptions options = {},
                         std::span<const std::uint32_t> ids = {});
  ~FacilityIndex();
  FacilityIndex(FacilityIndex&&) noexcept;
  FacilityIndex& operator=(FacilityIndex&&) noexcept;
  FacilityIndex(const FacilityIndex&) = delete;
  FacilityIndex& operator=(const FacilityIndex&) = delete;

  std::uint32_t size() const noexcept;
  /// One more than the largest facility id (0 when empty): the column count of a matrix.
  std::uint32_t id_bound() const noexcept;
  const DistanceOptions& options() const noexcept;

  /// The nearest facility; {kNoId, kUnreachable} when the index is empty.
  /// @throws UsageError if geodesic and the query has no lon/lat.
  NearestHit nearest(const QueryPoint& q) const;
  /// Up to k nearest facilities, nearest first, into `out` (cleared first).
  void k_nearest(const QueryPoint& q, std::uint32_t k, std::vector<NearestHit>& out) const;
  /// All facilities with distance <= radius_m, nearest first, into `out` (cleared first).
  void within(const QueryPoint& q, double radius_m, std::vector<NearestHit>& out) const;
  /// Number of facilities with distance <= radius_m.
  std::uint32_t count_within(const QueryPoint& q, double radius_m) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Nearest facility of every demand point (structure of arrays).
struct NearestTable {
  std::vector<std::uint32_t> facility;  ///< per demand point, kNoId if there is no facility
  std::vector<double> distance_m;       ///< per demand point, metres, kUnreachable if none
};

/// Up to k nearest facilities per demand point, row-major (demand i, rank r at i*k + r),
/// padded with kNoId / kUnreachable where fewer than k facilities exist.
struct KNearestTable {
  std::uint32_t k = 0;
  std::vector<std::uint32_t> facility;
  std::vector<double> distance_m;
};

/// The query for demand point i of `demand` (lon/lat NaN when the arrays are empty).
QueryPoint query_point(const PointArrays& demand, std::size_t i);

/// Nearest facility for every demand point.
/// @throws InputError on a non-finite demand coordinate (feature = demand position);
///         UsageError if geodesic and demand lon/lat are missing; Cancelled.
NearestTable nearest_facility(const PointArrays& demand, const FacilityIndex& facilities,
                              Progress& progress);

/// k nearest facilities for every demand point. @throws as nearest_facility.
KNearestTable k_nearest_facilities(const PointArrays& demand, const FacilityIndex& facilities,
                                   std::uint32_t k, Progress& progress);

/// Number of facilities within radius_m (inclusive) of every demand point.
/// @throws as nearest_facility; UsageError if radius_m is negative or not finite.
std::vector<std::uint32_t> count_within(const PointArrays& demand, const FacilityIndex& facilities,
                                        double radius_m, Progress& progress);

/// Nearest facility of each service type: one index per type, ids reported as positions in
/// the full facility arrays. Result [t] is for type t.
/// @param facility_type per facility, in [0, type_count); kNoId excludes a facility
/// @throws UsageError on a type >= type_count or mismatched lengths; as nearest_facility.
std::vector<NearestTable> nearest_facility_by_type(const PointArrays& demand,
                                                   const PointArrays& facilities,
                                                   std::span<const std::uint32_t> facility_type,
                                                   std::uint32_t type_count,
                                                   DistanceOptions options, Progress& progress);

/// Geodesic distance on WGS84 in metres between two lon/lat points (degrees).
double geodesic_distance_m(double lon1_deg, double lat1_deg, double lon2_deg, double lat2_deg);

}  // namespace swsplan::gis

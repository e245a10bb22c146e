#include "gis/access/nearest.hpp"

#include <geodesic.h>

#include <algorithm>
#include <nanoflann.hpp>
#include <string>
#include <utility>

#include "gis/core/error.hpp"

namespace swsplan::gis {
namespace {

// nanoflann reads the points through this adaptor; the tree stores only a permutation.
struct Cloud {
  std::vector<double> x, y;
  std::size_t kdtree_get_point_count() const { return x.size(); }
  double kdtree_get_pt(std::size_t i, std::size_t dim) const { return dim == 0 ? x[i] : y[i]; }
  template <class BBox>
  bool kdtree_get_bbox(BBox&) const {
    return false;
  }
};

using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Cloud>,
                                                 Cloud, 2, std::uint32_t>;

// k nearest with ties broken by the smaller index: nanoflann's own KNNResultSet keeps
// whichever equal-distance point it meets first, which depends on the tree layout and
// would make "which facility" differ from a brute-force oracle on exact ties.
class TieBreakKnn {
 public:
  using DistanceType = double;
  using IndexType = std::uint32_t;
  explicit TieBreakKnn(std::size_t k) : idx_(k), dist_(k, std::numeric_limits<double>::max()) {}
  std::size_t size() const { return count_; }
  bool full() const { return count_ == idx_.size(); }
  bool addPoint(double d, std::uint32_t i) {
    std::size_t p = count_;
    const std::size_t cap = idx_.size();
    while (p > 0 && (dist_[p - 1] > d || (dist_[p - 1] == d && idx_[p - 1] > i))) {
      if (p < cap) {
        dist_[p] = dist_[p - 1];
        idx_[p] = idx_[p - 1];
      }
      --p;
    }
    if (p < cap) {
      dist_[p] = d;
      idx_[p] = i;
    }
    if (count_ < cap) ++count_;
    return true;
  }
  // nanoflann only offers points with dist < worstDist(); one ulp more lets an equal-distance
  // point with a smaller index in, so ties really go to the smaller index.
  double worstDist() const {
    const double w = dist_.back();
    return w == std::numeric_limits<double>::max() ? w : std::nextafter(w, std::numeric_limits<double>::max());
  }
  std::uint32_t index(std::size_t r) const { return idx_[r]; }
  double dist_sq(std::size_t r) const { return dist_[r]; }

 private:
  std::vector<std::uint32_t> idx_;
  std::vector<double> dist_;
  std::size_t count_ = 0;
};

// Radius search that is inclusive (nanoflann's RadiusResultSet and its leaf test use a
// strict '<'; worstDist() is raised by one ulp to compensate).
class InclusiveRadius {
 public:
  using DistanceType = double;
  using IndexType = std::uint32_t;
  InclusiveRadius(double r_sq, std::vector<std::pair<std::uint32_t, double>>* out)
      : r_sq_(r_sq), out_(out) {}
  std::size_t size() const { return out_ ? out_->size() : count_; }
  bool full() const { return true; }
  bool addPoint(double d, std::uint32_t i) {
    if (d <= r_sq_) {
      if (out_)
        out_->emplace_back(i, d);
      else
        ++count_;
    }
    return true;
  }
  double worstDist() const { return std::nextafter(r_sq_, std::numeric_limits<double>::max()); }

 private:
  double r_sq_;
  std::vector<std::pair<std::uint32_t, double>>* out_;
  std::size_t count_ = 0;
};

const geod_geodesic& wgs84() {
  static const geod_geodesic g = [] {
    geod_geodesic gg;
    geod_init(&gg, 6378137.0, 1.0 / 298.257223563);
    return gg;
  }();
  return g;
}

bool by_distance_then_id(const NearestHit& a, const NearestHit& b) {
  return a.distance_m < b.distance_m || (a.distance_m == b.distance_m && a.facility < b.facility);
}

}  // namespace

double geodesic_distance_m(double lon1_deg, double lat1_deg, double lon2_deg, double lat2_deg) {
  double s12 = 0;
  geod_inverse(&wgs84(), lat1_deg, lon1_deg, lat2_deg, lon2_deg, &s12, nullptr, nullptr);
  return s12;
}

struct FacilityIndex::Impl {
  Cloud cloud;
  std::vector<double> lon, lat;
  std::vector<std::uint32_t> ids;
  DistanceOptions options;
  std::unique_ptr<Tree> tree;

  bool geodesic() const { return options.kind == DistanceKind::geodesic; }

  void check_query(const QueryPoint& q) const {
    if (geodesic() && !(std::isfinite(q.lon_deg) && std::isfinite(q.lat_deg)))
      throw UsageError("geodesic distance needs the lon/lat of every demand point");
  }

  // Projected candidates within r (inclusive), as (local index, squared distance).
  void radius_local(const QueryPoint& q, double r, std::vector<std::pair<std::uint32_t, double>>& out) const {
    out.clear();
    if (cloud.x.empty()) return;
    const double p[2] = {q.x_m, q.y_m};
    InclusiveRadius rs(r * r, &out);
    tree->findNeighbors(rs, p, nanoflann::SearchParams(32, 0.0f, false));
  }

  // Converts local candidates to hits with the requested distance, sorted.
  void to_hits(const QueryPoint& q, const std::vector<std::pair<std::uint32_t, double>>& cand,
               std::vector<NearestHit>& out) const {
    out.clear();
    out.reserve(cand.size());
    for (const auto& [i, d_sq] : cand) {
      const double d = geodesic() ? geodesic_distance_m(q.lon_deg, q.lat_deg, lon[i], lat[i])
                                  : std::sqrt(d_sq);
      out.push_back({i, d});  // local index for now: ties must break on input position
    }
    std::sort(out.begin(), out.end(), by_distance_then_id);
    for (NearestHit& h : out) h.facility = ids[h.facility];
  }

  // Factor by which a projected radius must grow to include every geodesic candidate.
  double widen() const {
    const double e = options.max_scale_error_0_1;
    return (1.0 + e) / (1.0 - e);
  }
};

FacilityIndex::FacilityIndex(const PointArrays& f, DistanceOptions options,
                             std::span<const std::uint32_t> ids)
    : impl_(std::make_unique<Impl>()) {
  const std::size_t n = f.size();
  if (f.y_m.size() != n) throw UsageError("FacilityIndex: x_m and y_m differ in length");
  if (n >= kNoId) throw UsageError("FacilityIndex: too many facilities for 32-bit ids");
  if (!ids.empty() && ids.size() != n)
    throw UsageError("FacilityIndex: ids must be empty or one per facility");
  if (!(options.max_scale_error_0_1 >= 0.0 && options.max_scale_error_0_1 < 0.5))
    throw UsageError("FacilityIndex: max_scale_error_0_1 must be in [0, 0.5)");
  Impl& m = *impl_;
  m.options = options;
  if (m.geodesic()) {
    if (f.lon_deg.size() != n || f.lat_deg.size() != n)
      throw UsageError("FacilityIndex: geodesic distances need lon_deg/lat_deg for every facility");
    m.lon.assign(f.lon_deg.begin(), f.lon_deg.end());
    m.lat.assign(f.lat_deg.begin(), f.lat_deg.end());
  }
  for (std::size_t i = 0; i < n; ++i) {
    const bool ok = std::isfinite(f.x_m[i]) && std::isfinite(f.y_m[i]) &&
                    (!m.geodesic() || (std::isfinite(m.lon[i]) && std::isfinite(m.lat[i])));
    if (!ok)
      throw InputError(InputLocation{{}, {}, static_cast<std::int64_t>(i), "geometry"},
                       "facility has no valid coordinates (empty geometry or failed projection)");
  }
  m.cloud.x.assign(f.x_m.begin(), f.x_m.end());
  m.cloud.y.assign(f.y_m.begin(), f.y_m.end());
  m.ids.resize(n);
  for (std::size_t i = 0; i < n; ++i) m.ids[i] = ids.empty() ? static_cast<std::uint32_t>(i) : ids[i];
  m.tree = std::make_unique<Tree>(2, m.cloud, nanoflann::KDTreeSingleIndexAdaptorParams(10));
  if (n > 0) m.tree->buildIndex();
}

FacilityIndex::~FacilityIndex() = default;
FacilityIndex::FacilityIndex(FacilityIndex&&) noexcept = default;
FacilityIndex& FacilityIndex::operator=(FacilityIndex&&) noexcept = default;

std::uint32_t FacilityIndex::size() const noexcept {
  return static_cast<std::uint32_t>(impl_->cloud.x.size());
}
const DistanceOptions& FacilityIndex::options() const noexcept { return impl_->options; }
std::uint32_t FacilityIndex::id_bound() const noexcept {
  std::uint32_t b = 0;
  for (std::uint32_t id : impl_->ids) b = std::max(b, id + 1);
  return b;
}

NearestHit FacilityIndex::nearest(const QueryPoint& q) const {
  const Impl& m = *impl_;
  m.check_query(q);
  if (m.cloud.x.empty()) return {};
  const double p[2] = {q.x_m, q.y_m};
  TieBreakKnn knn(1);
  m.tree->findNeighbors(knn, p, nanoflann::SearchParams());
  if (!m.geodesic()) return {m.ids[knn.index(0)], std::sqrt(knn.dist_sq(0))};
  // Re-rank every projected candidate that could be the geodesic nearest.
  thread_local std::vector<std::pair<std::uint32_t, double>> cand;
  thread_local std::vector<NearestHit> hits;
  m.radius_local(q, std::sqrt(knn.dist_sq(0)) * m.widen() + 1e-6, cand);
  m.to_hits(q, cand, hits);
  return hits.front();
}

void FacilityIndex::k_nearest(const QueryPoint& q, std::uint32_t k, std::vector<NearestHit>& out) const {
  const Impl& m = *impl_;
  m.check_query(q);
  out.clear();
  const std::uint32_t kk = std::min<std::uint32_t>(k, size());
  if (kk == 0) return;
  const double p[2] = {q.x_m, q.y_m};
  TieBreakKnn knn(kk);
  m.tree->findNeighbors(knn, p, nanoflann::SearchParams());
  if (!m.geodesic()) {
    for (std::size_t r = 0; r < knn.size(); ++r)
      out.push_back({m.ids[knn.index(r)], std::sqrt(knn.dist_sq(r))});
    return;
  }
  thread_local std::vector<std::pair<std::uint32_t, double>> cand;
  m.radius_local(q, std::sqrt(knn.dist_sq(kk - 1)) * m.widen() + 1e-6, cand);
  m.to_hits(q, cand, out);
  out.resize(kk);
}

void FacilityIndex::within(const QueryPoint& q, double radius_m, std::vector<NearestHit>& out) const {
  const Impl& m = *impl_;
  m.check_query(q);
  if (!(radius_m >= 0.0) || !std::isfinite(radius_m))
    throw UsageError("within: the radius must be a finite number of metres >= 0");
  thread_local std::vector<std::pair<std::uint32_t, double>> cand;
  const double r = m.geodesic() ? radius_m * (1.0 + m.options.max_scale_error_0_1) + 1e-6 : radius_m;
  m.radius_local(q, r, cand);
  m.to_hits(q, cand, out);
  if (m.geodesic())
    out.erase(std::find_if(out.begin(), out.end(),
                           [&](const NearestHit& h) { return h.distance_m > radius_m; }),
              out.end());
}

std::uint32_t FacilityIndex::count_within(const QueryPoint& q, double radius_m) const {
  const Impl& m = *impl_;
  if (m.geodesic()) {
    thread_local std::vector<NearestHit> hits;
    within(q, radius_m, hits);
    return static_cast<std::uint32_t>(hits.size());
  }
  if (!(radius_m >= 0.0) || !std::isfinite(radius_m))
    throw UsageError("count_within: the radius must be a finite number of metres >= 0");
  if (m.cloud.x.empty()) return 0;
  const double p[2] = {q.x_m, q.y_m};
  InclusiveRadius rs(radius_m * radius_m, nullptr);
  m.tree->findNeighbors(rs, p, nanoflann::SearchParams(32, 0.0f, false));
  return static_cast<std::uint32_t>(rs.size());
}

QueryPoint query_point(const PointArrays& demand, std::size_t i) {
  QueryPoint q;
  q.x_m = demand.x_m[i];
  q.y_m = demand.y_m[i];
  if (i < demand.lon_deg.size() && i < demand.lat_deg.size()) {
    q.lon_deg = demand.lon_deg[i];
    q.lat_deg = demand.lat_deg[i];
  }
  return q;
}

namespace {

void check_demand(const PointArrays& demand, const FacilityIndex& f) {
  if (demand.y_m.size() != demand.size()) throw UsageError("demand x_m and y_m differ in length");
  const bool geo = f.options().kind == DistanceKind::geodesic;
  if (geo && (demand.lon_deg.size() != demand.size() || demand.lat_deg.size() != demand.size()))
    throw UsageError("geodesic distances need lon_deg/lat_deg for every demand point");
  for (std::size_t i = 0; i < demand.size(); ++i) {
    const bool ok = std::isfinite(demand.x_m[i]) && std::isfinite(demand.y_m[i]) &&
                    (!geo || (std::isfinite(demand.lon_deg[i]) && std::isfinite(demand.lat_deg[i])));
    if (!ok)
      throw InputError(InputLocation{{}, {}, static_cast<std::int64_t>(i), "geometry"},
                       "demand point has no valid coordinates (empty geometry or failed projection)");
  }
}

}  // namespace

NearestTable nearest_facility(const PointArrays& demand, const FacilityIndex& facilities,
                              Progress& progress) {
  check_demand(demand, facilities);
  NearestTable t;
  t.facility.resize(demand.size());
  t.distance_m.resize(demand.size());
  for (std::size_t i = 0; i < demand.size(); ++i) {
    if ((i & 1023) == 0) progress.check();
    const NearestHit h = facilities.nearest(query_point(demand, i));
    t.facility[i] = h.facility;
    t.distance_m[i] = h.distance_m;
  }
  return t;
}

KNearestTable k_nearest_facilities(const PointArrays& demand, const FacilityIndex& facilities,
                                   std::uint32_t k, Progress& progress) {
  check_demand(demand, facilities);
  KNearestTable t;
  t.k = k;
  t.facility.assign(demand.size() * k, kNoId);
  t.distance_m.assign(demand.size() * k, kUnreachable);
  std::vector<NearestHit> hits;
  for (std::size_t i = 0; i < demand.size(); ++i) {
    if ((i & 1023) == 0) progress.check();
    facilities.k_nearest(query_point(demand, i), k, hits);
    for (std::size_t r = 0; r < hits.size(); ++r) {
      t.facility[i * k + r] = hits[r].facility;
      t.distance_m[i * k + r] = hits[r].distance_m;
    }
  }
  return t;
}

std::vector<std::uint32_t> count_within(const PointArrays& demand, const FacilityIndex& facilities,
                                        double radius_m, Progress& progress) {
  check_demand(demand, facilities);
  std::vector<std::uint32_t> out(demand.size());
  for (std::size_t i = 0; i < demand.size(); ++i) {
    if ((i & 1023) == 0) progress.check();
    out[i] = facilities.count_within(query_point(demand, i), radius_m);
  }
  return out;
}

std::vector<NearestTable> nearest_facility_by_type(const PointArrays& demand,
                                                   const PointArrays& facilities,
                                                   std::span<const std::uint32_t> facility_type,
                                                   std::uint32_t type_count,
                                                   DistanceOptions options, Progress& progress) {
  const std::size_t n = facilities.size();
  if (facility_type.size() != n)
    throw UsageError("nearest_facility_by_type: one service type per facility is needed");
  const bool geo = options.kind == DistanceKind::geodesic;
  std::vector<std::vector<std::uint32_t>> members(type_count);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t t = facility_type[i];
    if (t == kNoId) continue;
    if (t >= type_count)
      throw UsageError("nearest_facility_by_type: facility " + std::to_string(i) + " has type " +
                       std::to_string(t) + " but only " + std::to_string(type_count) +
                       " types were declared");
    members[t].push_back(static_cast<std::uint32_t>(i));
  }
  std::vector<NearestTable> out;
  out.reserve(type_count);
  for (std::uint32_t t = 0; t < type_count; ++t) {
    std::vector<double> x, y, lon, lat;
    for (std::uint32_t i : members[t]) {
      x.push_back(facilities.x_m[i]);
      y.push_back(facilities.y_m[i]);
      if (geo) {
        lon.push_back(facilities.lon_deg[i]);
        lat.push_back(facilities.lat_deg[i]);
      }
    }
    const FacilityIndex idx(PointArrays{x, y, lon, lat}, options, members[t]);
    Progress sub = progress.sub(double(t) / type_count, double(t + 1) / type_count);
    out.push_back(nearest_facility(demand, idx, sub));
  }
  return out;
}

}  // namespace swsplan::gis

#include "gis/access/coverage.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "gis/core/error.hpp"
#include "gis/geom/geos.hpp"

namespace swsplan::gis {
namespace {

void check_amounts(std::span<const double> v, const char* what) {
  for (std::size_t i = 0; i < v.size(); ++i)
    if (!(v[i] >= 0.0) || std::isnan(v[i]))
      throw UsageError(std::string(what) + " at position " + std::to_string(i) +
                       " must be a number >= 0, got " + std::to_string(v[i]));
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

CostMatrix make_cost_matrix(std::uint32_t demand_count, std::uint32_t facility_count, CostUnit unit,
                            std::span<const std::uint32_t> demand, std::span<const std::uint32_t> facility,
                            std::span<const double> cost) {
  if (demand.size() != facility.size() || demand.size() != cost.size())
    throw UsageError("make_cost_matrix: demand, facility and cost must have the same length");
  const std::size_t m = demand.size();
  std::vector<std::uint32_t> perm(m);
  std::iota(perm.begin(), perm.end(), 0u);
  for (std::size_t k = 0; k < m; ++k) {
    if (demand[k] >= demand_count || facility[k] >= facility_count)
      throw UsageError("make_cost_matrix: entry " + std::to_string(k) + " is out of range");
    if (!(cost[k] >= 0.0) || !std::isfinite(cost[k]))
      throw UsageError("make_cost_matrix: entry " + std::to_string(k) + " has a negative or non-finite cost");
  }
  std::sort(perm.begin(), perm.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (demand[a] != demand[b]) return demand[a] < demand[b];
    if (facility[a] != facility[b]) return facility[a] < facility[b];
    return cost[a] < cost[b];
  });
  CostMatrix cm;
  cm.unit = unit;
  cm.facility_count = facility_count;
  cm.first.assign(std::size_t(demand_count) + 1, 0);
  for (std::size_t k = 0; k < m; ++k) {
    const std::uint32_t e = perm[k];
    if (k > 0 && demand[perm[k - 1]] == demand[e] && facility[perm[k - 1]] == facility[e]) continue;
    ++cm.first[demand[e] + 1];
    cm.facility.push_back(facility[e]);
    cm.cost.push_back(cost[e]);
  }
  for (std::uint32_t i = 0; i < demand_count; ++i) cm.first[i + 1] += cm.first[i];
  return cm;
}

CostMatrix cost_matrix_straight_line(const PointArrays& demand, const FacilityIndex& facilities,
                                     double max_distance_m, double speed_kmh, Progress& progress) {
  if (!(max_distance_m >= 0.0) || !std::isfinite(max_distance_m))
    throw UsageError("straight-line matrix: the maximum distance must be a finite number of metres >= 0");
  if (!(speed_kmh >= 0.0) || !std::isfinite(speed_kmh))
    throw UsageError("straight-line matrix: speed_kmh must be 0 (distances) or a speed > 0");
  // Validate the demand once through the batch API (typed errors with positions).
  (void)count_within(demand, facilities, 0.0, progress);
  CostMatrix cm;
  cm.unit = speed_kmh > 0 ? CostUnit::seconds : CostUnit::metres;
  cm.facility_count = facilities.id_bound();
  cm.first.assign(demand.size() + 1, 0);
  std::vector<NearestHit> hits;
  for (std::size_t i = 0; i < demand.size(); ++i) {
    if ((i & 1023) == 0) progress.check();
    facilities.within(query_point(demand, i), max_distance_m, hits);
    std::sort(hits.begin(), hits.end(), [](const NearestHit& a, const NearestHit& b) { return a.facility < b.facility; });
    for (const NearestHit& h : hits) {
      cm.facility.push_back(h.facility);
      cm.cost.push_back(speed_kmh > 0 ? h.distance_m / (speed_kmh / 3.6) : h.distance_m);
    }
    cm.first[i + 1] = static_cast<std::uint32_t>(cm.facility.size());
  }
  return cm;
}

CostMatrix cost_matrix_network(const RoutingGraph& g, double max_time_s, Progress& progress, unsigned threads) {
  if (!(max_time_s >= 0.0) || std::isnan(max_time_s))
    throw UsageError("network matrix: the maximum time must be a number of seconds >= 0");
  const std::uint32_t D = static_cast<std::uint32_t>(g.demand_node.size());
  const std::uint32_t F = static_cast<std::uint32_t>(g.facility_node.size());
  const std::uint32_t first_demand = g.road_node_count + g.split_node_count;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, std::max(1u, F));

  // Facilities are dealt round-robin to workers; each worker owns its workspace and its
  // output lists, and results are merged by facility id, so the matrix does not depend on
  // the thread count or on scheduling.
  struct Entry {
    std::uint32_t demand;
    double time_s;
  };
  std::vector<std::vector<Entry>> per_facility(F);
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&](unsigned w) {
    try {
      DijkstraWorkspace ws(g.toward_facility.node_count());
      for (std::uint32_t j = w; j < F; j += threads) {
        if (failed.load(std::memory_order_relaxed) || progress.cancelled()) return;
        // Only the calling thread reports: Progress callbacks are not thread-safe.
        if (w == 0) progress.report(double(j) / F, "network travel-time matrix");
        if (g.facility_node[j] == kNoId) continue;
        const std::uint32_t src = g.facility_node[j];
        std::vector<Entry>& out = per_facility[j];
        ws.run(g.toward_facility, std::span<const std::uint32_t>(&src, 1), {}, max_time_s,
               [&](std::uint32_t v, double t) {
                 if (v >= first_demand && v < first_demand + D) out.push_back({v - first_demand, t});
               });
      }
    } catch (...) {
      const std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      failed = true;
    }
  };
  {
    std::vector<std::jthread> pool;
    for (unsigned w = 1; w < threads; ++w) pool.emplace_back(work, w);
    work(0);
  }  // jthreads join here
  if (error) std::rethrow_exception(error);
  progress.check();

  std::vector<std::uint32_t> ed, ef;
  std::vector<double> ec;
  for (std::uint32_t j = 0; j < F; ++j)
    for (const Entry& e : per_facility[j]) {
      ed.push_back(e.demand);
      ef.push_back(j);
      ec.push_back(e.time_s);
    }
  per_facility = {};
  return make_cost_matrix(D, F, CostUnit::seconds, ed, ef, ec);
}

std::vector<double> nearest_cost(const CostMatrix& m) {
  std::vector<double> out(m.demand_count(), kUnreachable);
  for (std::uint32_t i = 0; i < m.demand_count(); ++i)
    for (std::uint32_t k = m.first[i]; k < m.first[i + 1]; ++k) out[i] = std::min(out[i], m.cost[k]);
  return out;
}

namespace {
void finish_shares(GroupCoverage& g) {
  const std::size_t n = g.households.size();
  g.share_covered_0_1.assign(n, kNaN);
  g.share_poor_covered_0_1.assign(n, kNaN);
  for (std::size_t k = 0; k < n; ++k) {
    if (g.households[k] > 0) g.share_covered_0_1[k] = g.covered_households[k] / g.households[k];
    if (g.poor_households[k] > 0) g.share_poor_covered_0_1[k] = g.covered_poor_households[k] / g.poor_households[k];
  }
}
}  // namespace

GroupCoverage coverage_by_group(std::span<const double> nearest, double threshold,
                                std::span<const double> households, std::span<const double> poor,
                                std::span<const std::uint32_t> group, std::uint32_t group_count) {
  const std::size_t n = nearest.size();
  if (households.size() != n || poor.size() != n || group.size() != n)
    throw UsageError("coverage: nearest cost, households, poor households and group need one value per demand point");
  check_amounts(households, "households");
  check_amounts(poor, "poor households");
  GroupCoverage g;
  g.households.assign(group_count, 0);
  g.poor_households.assign(group_count, 0);
  g.covered_households.assign(group_count, 0);
  g.covered_poor_households.assign(group_count, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t c = group[i];
    if (c == kNoId) continue;
    if (c >= group_count)
      throw UsageError("coverage: demand point " + std::to_string(i) + " has group " + std::to_string(c) +
                       " but there are " + std::to_string(group_count) + " groups");
    g.households[c] += households[i];
    g.poor_households[c] += poor[i];
    if (nearest[i] <= threshold) {
      g.covered_households[c] += households[i];
      g.covered_poor_households[c] += poor[i];
    }
  }
  finish_shares(g);
  return g;
}

GroupCoverage roll_up(const GroupCoverage& groups, std::span<const std::uint32_t> parent, std::uint32_t parent_count) {
  if (parent.size() != groups.group_count()) throw UsageError("roll_up: one parent per group is needed");
  GroupCoverage p;
  p.households.assign(parent_count, 0);
  p.poor_households.assign(parent_count, 0);
  p.covered_households.assign(parent_count, 0);
  p.covered_poor_households.assign(parent_count, 0);
  for (std::size_t k = 0; k < parent.size(); ++k) {
    const std::uint32_t q = parent[k];
    if (q == kNoId) continue;
    if (q >= parent_count)
      throw UsageError("roll_up: group " + std::to_string(k) + " has parent " + std::to_string(q) + " but there are " +
                       std::to_string(parent_count) + " parents");
    p.households[q] += groups.households[k];
    p.poor_households[q] += groups.poor_households[k];
    p.covered_households[q] += groups.covered_households[k];
    p.covered_poor_households[q] += groups.covered_poor_households[k];
  }
  finish_shares(p);
  return p;
}

Catchments capacity_catchments(const CostMatrix& m, std::span<const double> demand, std::span<const double> capacity,
                               const CatchmentOptions& opt, Progress& progress) {
  const std::uint32_t D = m.demand_count(), F = m.facility_count;
  if (demand.size() != D) throw UsageError("catchments: one demand value per matrix row is needed");
  if (capacity.size() != F) throw UsageError("catchments: one capacity per facility is needed");
  if (!opt.order_value.empty() && opt.order_value.size() != F)
    throw UsageError("catchments: order_value must be empty or one value per facility");
  if (std::isnan(opt.max_cost) || opt.max_cost < 0) throw UsageError("catchments: max_cost must be >= 0");
  check_amounts(demand, "demand");
  check_amounts(capacity, "capacity");
  for (double v : opt.order_value)
    if (std::isnan(v)) throw UsageError("catchments: an ordering value is not a number");

  // Transpose: per facility, (cost, demand) ascending, so "nearest demand first" is a scan.
  std::vector<std::uint32_t> tf(std::size_t(F) + 1, 0);
  for (std::uint32_t f : m.facility) ++tf[f + 1];
  for (std::uint32_t j = 0; j < F; ++j) tf[j + 1] += tf[j];
  std::vector<std::uint32_t> td(m.facility.size());
  std::vector<double> tc(m.facility.size());
  {
    std::vector<std::uint32_t> fill(tf.begin(), tf.end() - 1);
    for (std::uint32_t i = 0; i < D; ++i)
      for (std::uint32_t k = m.first[i]; k < m.first[i + 1]; ++k) {
        const std::uint32_t slot = fill[m.facility[k]]++;
        td[slot] = i;
        tc[slot] = m.cost[k];
      }
    std::vector<std::uint32_t> perm;
    for (std::uint32_t j = 0; j < F; ++j) {
      perm.resize(tf[j + 1] - tf[j]);
      std::iota(perm.begin(), perm.end(), tf[j]);
      std::sort(perm.begin(), perm.end(), [&](std::uint32_t a, std::uint32_t b) {
        return tc[a] < tc[b] || (tc[a] == tc[b] && td[a] < td[b]);
      });
      std::vector<std::uint32_t> d2(perm.size());
      std::vector<double> c2(perm.size());
      for (std::size_t k = 0; k < perm.size(); ++k) {
        d2[k] = td[perm[k]];
        c2[k] = tc[perm[k]];
      }
      std::copy(d2.begin(), d2.end(), td.begin() + tf[j]);
      std::copy(c2.begin(), c2.end(), tc.begin() + tf[j]);
    }
  }

  Catchments out;
  out.order_value.assign(F, 0);
  if (!opt.order_value.empty()) {
    out.order_value.assign(opt.order_value.begin(), opt.order_value.end());
  } else {
    // AccessMod "travelTime" order: demand within the bound, no removal between facilities.
    const double bound = opt.order_max_cost == kUnreachable ? opt.max_cost : opt.order_max_cost;
    for (std::uint32_t j = 0; j < F; ++j)
      for (std::uint32_t k = tf[j]; k < tf[j + 1] && tc[k] <= bound; ++k) out.order_value[j] += demand[td[k]];
  }
  out.order.resize(F);
  std::iota(out.order.begin(), out.order.end(), 0u);
  std::stable_sort(out.order.begin(), out.order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return opt.descending ? out.order_value[a] > out.order_value[b] : out.order_value[a] < out.order_value[b];
  });

  out.covered_demand.assign(F, 0);
  out.capacity_left.assign(capacity.begin(), capacity.end());
  out.catchment_max_cost.assign(F, 0);
  out.residual_demand.assign(demand.begin(), demand.end());
  std::vector<std::uint32_t> sd;
  std::vector<double> sa, sc;
  std::vector<std::uint32_t> per_fac_begin(F), per_fac_end(F);
  for (std::size_t r = 0; r < F; ++r) {
    progress.check();
    const std::uint32_t j = out.order[r];
    per_fac_begin[j] = static_cast<std::uint32_t>(sd.size());
    for (std::uint32_t k = tf[j]; k < tf[j + 1] && tc[k] <= opt.max_cost; ++k) {
      if (!(out.capacity_left[j] > 0)) break;
      const std::uint32_t i = td[k];
      const double avail = out.residual_demand[i];
      if (!(avail > 0)) continue;
      const double take = std::min(avail, out.capacity_left[j]);
      // Subtracting the whole amount avoids a 1e-17 crumb being left behind by rounding.
      out.residual_demand[i] = take == avail ? 0.0 : avail - take;
      if (out.capacity_left[j] != kUnreachable) out.capacity_left[j] -= take;
      out.covered_demand[j] += take;
      out.catchment_max_cost[j] = tc[k];
      sd.push_back(i);
      sa.push_back(take);
      sc.push_back(tc[k]);
    }
    per_fac_end[j] = static_cast<std::uint32_t>(sd.size());
  }
  // Re-pack the served lists by facility id.
  out.served_first.assign(std::size_t(F) + 1, 0);
  for (std::uint32_t j = 0; j < F; ++j) {
    const std::uint32_t len = per_fac_end[j] - per_fac_begin[j];
    out.served_first[j + 1] = out.served_first[j] + len;
    for (std::uint32_t k = per_fac_begin[j]; k < per_fac_end[j]; ++k) {
      out.served_demand.push_back(sd[k]);
      out.served_amount.push_back(sa[k]);
      out.served_cost.push_back(sc[k]);
    }
  }
  return out;
}

Catchments catchments_from_assignment(std::span<const std::uint32_t> facility_of_demand,
                                      std::span<const double> cost, std::span<const double> demand,
                                      std::uint32_t facility_count) {
  const std::size_t D = facility_of_demand.size();
  if (cost.size() != D || demand.size() != D)
    throw UsageError("catchments from assignment: facility, cost and demand need one value per demand point");
  Catchments c;
  c.order.resize(facility_count);
  std::iota(c.order.begin(), c.order.end(), 0u);
  c.order_value.assign(facility_count, 0);
  c.covered_demand.assign(facility_count, 0);
  c.capacity_left.assign(facility_count, kUnreachable);
  c.catchment_max_cost.assign(facility_count, 0);
  c.residual_demand.assign(D, 0);
  c.served_first.assign(std::size_t(facility_count) + 1, 0);
  for (std::size_t i = 0; i < D; ++i) {
    const std::uint32_t j = facility_of_demand[i];
    if (j == kNoId) {
      c.residual_demand[i] = demand[i];
      continue;
    }
    if (j >= facility_count)
      throw UsageError("catchments from assignment: demand point " + std::to_string(i) + " names facility " +
                       std::to_string(j) + " but there are " + std::to_string(facility_count));
    ++c.served_first[j + 1];
  }
  for (std::uint32_t j = 0; j < facility_count; ++j) c.served_first[j + 1] += c.served_first[j];
  const std::size_t n = c.served_first.back();
  c.served_demand.resize(n);
  c.served_amount.resize(n);
  c.served_cost.resize(n);
  std::vector<std::uint32_t> fill(c.served_first.begin(), c.served_first.end() - 1);
  for (std::size_t i = 0; i < D; ++i) {
    const std::uint32_t j = facility_of_demand[i];
    if (j == kNoId) continue;
    const std::uint32_t k = fill[j]++;
    c.served_demand[k] = static_cast<std::uint32_t>(i);
    c.served_amount[k] = demand[i];
    c.served_cost[k] = cost[i];
    c.covered_demand[j] += demand[i];
    c.catchment_max_cost[j] = std::max(c.catchment_max_cost[j], cost[i]);
  }
  return c;
}

double decay_weight(double cost, const E2sfcaOptions& o) noexcept {
  if (!(cost >= 0)) return 0.0;
  if (o.decay == DecayKind::gaussian) {
    const double d0 = o.gaussian_max_cost;
    if (!(cost < d0)) return 0.0;
    const double e = std::exp(-0.5);
    return (std::exp(-0.5 * (cost / d0) * (cost / d0)) - e) / (1.0 - e);
  }
  for (const DecayBand& b : o.bands)
    if (cost <= b.upper_cost) return b.weight;
  return 0.0;
}

E2sfcaResult e2sfca(const CostMatrix& m, std::span<const double> population, std::span<const double> supply,
                    const E2sfcaOptions& o, Progress& progress) {
  const std::uint32_t D = m.demand_count(), F = m.facility_count;
  if (population.size() != D) throw UsageError("E2SFCA: one population value per matrix row is needed");
  if (supply.size() != F) throw UsageError("E2SFCA: one supply value per facility is needed");
  check_amounts(population, "population");
  check_amounts(supply, "supply");
  if (o.decay == DecayKind::step) {
    for (std::size_t b = 0; b < o.bands.size(); ++b)
      if (!(o.bands[b].weight >= 0) || (b > 0 && !(o.bands[b].upper_cost > o.bands[b - 1].upper_cost)))
        throw UsageError("E2SFCA: band upper costs must increase and weights be >= 0");
  } else if (!(o.gaussian_max_cost > 0)) {
    throw UsageError("E2SFCA: the Gaussian catchment size must be > 0");
  }
  std::vector<double> weighted_pop(F, 0.0);
  for (std::uint32_t i = 0; i < D; ++i) {
    if ((i & 4095) == 0) progress.check();
    for (std::uint32_t k = m.first[i]; k < m.first[i + 1]; ++k)
      weighted_pop[m.facility[k]] += population[i] * decay_weight(m.cost[k], o);
  }
  E2sfcaResult r;
  r.facility_ratio.assign(F, 0.0);
  for (std::uint32_t j = 0; j < F; ++j)
    if (weighted_pop[j] > 0) r.facility_ratio[j] = supply[j] / weighted_pop[j];
  r.accessibility.assign(D, 0.0);
  for (std::uint32_t i = 0; i < D; ++i)
    for (std::uint32_t k = m.first[i]; k < m.first[i + 1]; ++k)
      r.accessibility[i] += r.facility_ratio[m.facility[k]] * decay_weight(m.cost[k], o);
  return r;
}

std::vector<std::vector<unsigned char>> catchment_polygons_wkb(const Catchments& c, const PointArrays& demand,
                                                               const PointArrays& facilities,
                                                               const CatchmentShapeOptions& o, Progress& progress) {
  const std::size_t F = facilities.size();
  if (c.served_first.size() != F + 1) throw UsageError("catchment polygons: catchments and facilities differ in count");
  if (!(o.buffer_m > 0) || !(o.concave_ratio_0_1 >= 0 && o.concave_ratio_0_1 <= 1))
    throw UsageError("catchment polygons: buffer_m must be > 0 and the concave ratio in [0, 1]");
  GEOSContextHandle_t h = geos::ctx();
  struct WriterDeleter {
    void operator()(GEOSWKBWriter* w) const noexcept { GEOSWKBWriter_destroy_r(geos::ctx(), w); }
  };
  std::unique_ptr<GEOSWKBWriter, WriterDeleter> writer(GEOSWKBWriter_create_r(h));
  if (!writer) throw Error("catchment polygons: GEOS could not create a WKB writer");
  GEOSWKBWriter_setOutputDimension_r(h, writer.get(), 2);
  GEOSWKBWriter_setByteOrder_r(h, writer.get(), GEOS_WKB_NDR);
  GEOSWKBWriter_setFlavor_r(h, writer.get(), GEOS_WKB_ISO);

  std::vector<std::vector<unsigned char>> out(F);
  std::vector<double> xs, ys;
  for (std::size_t j = 0; j < F; ++j) {
    progress.check();
    xs.assign(1, facilities.x_m[j]);
    ys.assign(1, facilities.y_m[j]);
    for (std::uint32_t k = c.served_first[j]; k < c.served_first[j + 1]; ++k) {
      const std::uint32_t i = c.served_demand[k];
      if (i >= demand.size()) throw UsageError("catchment polygons: a served demand point is out of range");
      xs.push_back(demand.x_m[i]);
      ys.push_back(demand.y_m[i]);
    }
    std::vector<GEOSGeometry*> pts;
    pts.reserve(xs.size());
    for (std::size_t k = 0; k < xs.size(); ++k) {
      GEOSGeometry* p = GEOSGeom_createPointFromXY_r(h, xs[k], ys[k]);
      if (!p) {
        for (GEOSGeometry* q : pts) GEOSGeom_destroy_r(h, q);
        throw Error("catchment polygons: GEOS could not create a point: " + geos::take_last_error());
      }
      pts.push_back(p);
    }
    geos::GeomPtr mp = geos::take(
        GEOSGeom_createCollection_r(h, GEOS_MULTIPOINT, pts.data(), static_cast<unsigned>(pts.size())),
        "catchment polygons: collecting points");
    geos::GeomPtr hull = geos::take(GEOSConcaveHull_r(h, mp.get(), o.concave_ratio_0_1, o.allow_holes ? 1u : 0u),
                                    "catchment polygons: concave hull");
    geos::GeomPtr poly = geos::take(GEOSBuffer_r(h, hull.get(), o.buffer_m, 8), "catchment polygons: buffer");
    std::size_t size = 0;
    unsigned char* wkb = GEOSWKBWriter_write_r(h, writer.get(), poly.get(), &size);
    if (!wkb) throw Error("catchment polygons: GEOS could not write WKB: " + geos::take_last_error());
    out[j].assign(wkb, wkb + size);
    GEOSFree_r(h, wkb);
  }
  return out;
}

}  // namespace swsplan::gis

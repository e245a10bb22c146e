// Benchmark (not a test): national straight-line nearest health facility for every village
// (14,073 villages x 1,121 facilities from ../shared/data/khm/khm.gpkg, projected to UTM 48N),
// k-d tree against an in-process brute-force scan as the reference. Target: < 50 ms.
//
// Usage: bench_nearest [path/to/khm.gpkg] [repeats=7]   (run from the repository root)
#include <gdal/ogr_api.h>
#include <proj.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "gis/access/coverage.hpp"
#include "gis/access/nearest.hpp"

using namespace swsplan::gis;
using Clock = std::chrono::steady_clock;

namespace {

struct Pts {
  std::vector<double> lon, lat, x, y;
};

bool read_points(const std::string& path, const char* layer_name, Pts& p) {
  OGRRegisterAll();
  OGRDataSourceH ds = OGROpen(path.c_str(), 0, nullptr);
  if (!ds) return false;
  OGRLayerH layer = OGR_DS_GetLayerByName(ds, layer_name);
  if (!layer) {
    OGR_DS_Destroy(ds);
    return false;
  }
  while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (g && !OGR_G_IsEmpty(g)) {
      p.lon.push_back(OGR_G_GetX(g, 0));
      p.lat.push_back(OGR_G_GetY(g, 0));
    }
    OGR_F_Destroy(f);
  }
  OGR_DS_Destroy(ds);
  PJ_CONTEXT* ctx = proj_context_create();
  PJ* raw = proj_create_crs_to_crs(ctx, "EPSG:4326", "EPSG:32648", nullptr);
  PJ* pj = raw ? proj_normalize_for_visualization(ctx, raw) : nullptr;
  if (raw) proj_destroy(raw);
  if (!pj) {
    proj_context_destroy(ctx);
    return false;
  }
  p.x = p.lon;
  p.y = p.lat;
  proj_trans_generic(pj, PJ_FWD, p.x.data(), sizeof(double), p.x.size(), p.y.data(), sizeof(double), p.y.size(),
                     nullptr, 0, 0, nullptr, 0, 0);
  proj_destroy(pj);
  proj_context_destroy(ctx);
  return true;
}

template <class F>
double median_ms(int repeats, F&& f) {
  std::vector<double> t;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = Clock::now();
    f();
    t.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "../shared/data/khm/khm.gpkg";
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 7;
  Pts v, f;
  if (!read_points(path, "villages", v) || !read_points(path, "health_facilities", f)) {
    std::fprintf(stderr, "cannot read villages / health_facilities from %s\n", path.c_str());
    return 1;
  }
  const PointArrays va{v.x, v.y, v.lon, v.lat}, fa{f.x, f.y, f.lon, f.lat};
  std::printf("%zu villages x %zu health facilities (EPSG:32648)\n", v.x.size(), f.x.size());

  NearestTable t;
  const double build_and_query = median_ms(repeats, [&] {
    const FacilityIndex idx(fa);
    t = nearest_facility(va, idx, no_progress());
  });
  const double build_only = median_ms(repeats, [&] { const FacilityIndex b(fa); });
  const FacilityIndex idx(fa);
  const double query_only = median_ms(repeats, [&] { t = nearest_facility(va, idx, no_progress()); });

  std::vector<std::uint32_t> brute(v.x.size());
  const double brute_ms = median_ms(std::max(1, repeats / 3), [&] {
    for (std::size_t i = 0; i < v.x.size(); ++i) {
      double best = kUnreachable;
      for (std::size_t j = 0; j < f.x.size(); ++j) {
        const double dx = v.x[i] - f.x[j], dy = v.y[i] - f.y[j];
        const double d = dx * dx + dy * dy;
        if (d < best) {
          best = d;
          brute[i] = static_cast<std::uint32_t>(j);
        }
      }
    }
  });
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < v.x.size(); ++i) mismatches += brute[i] != t.facility[i];

  DistanceOptions geo;
  geo.kind = DistanceKind::geodesic;
  NearestTable tg;
  const double geodesic_ms = median_ms(repeats, [&] {
    const FacilityIndex gidx(fa, geo);
    tg = nearest_facility(va, gidx, no_progress());
  });
  std::size_t geo_differs = 0;
  for (std::size_t i = 0; i < v.x.size(); ++i) geo_differs += tg.facility[i] != t.facility[i];

  KNearestTable k5;
  const double k5_ms = median_ms(repeats, [&] { k5 = k_nearest_facilities(va, idx, 5, no_progress()); });
  std::vector<std::uint32_t> c10;
  const double c10_ms = median_ms(repeats, [&] { c10 = count_within(va, idx, 10000.0, no_progress()); });
  CostMatrix m;
  const double m_ms = median_ms(repeats, [&] { m = cost_matrix_straight_line(va, idx, 10000.0, 0.0, no_progress()); });

  std::printf("nearest (build k-d tree + 14k queries): %.2f ms   [target < 50 ms]\n", build_and_query);
  std::printf("nearest (k-d tree build only):          %.2f ms\n", build_only);
  std::printf("nearest (queries only):                 %.2f ms\n", query_only);
  std::printf("brute force reference:                  %.2f ms   ratio k-d/brute %.4f, mismatches %zu\n", brute_ms,
              build_and_query / brute_ms, mismatches);
  std::printf("geodesic nearest (exact, re-ranked):    %.2f ms   (differs from projected for %zu villages)\n",
              geodesic_ms, geo_differs);
  std::printf("5 nearest:                              %.2f ms\n", k5_ms);
  std::printf("count within 10 km:                     %.2f ms\n", c10_ms);
  std::printf("straight-line matrix within 10 km:      %.2f ms (%zu entries)\n", m_ms, m.cost.size());
  return mismatches == 0 ? 0 : 2;
}

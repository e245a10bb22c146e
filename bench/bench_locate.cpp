// Benchmark of gis/locate: heuristics (greedy + interchange + Lagrangian bound) against the
// CBC optimum where CBC finishes, and a national-size instance from the real Cambodian
// villages (demand = ID-Poor poor households) and communes (candidates = point on surface,
// GEOS through OGR), projected to UTM 48N (EPSG:32648) with PROJ, straight-line costs.
//
// Usage: bench_locate [path/to/khm.gpkg] [--no-cbc] [--bound-iterations N] [--only lscp]
// Prints tab-separated tables; figures are ratios and seconds measured in this process.
#include <gdal/ogr_api.h>
#include <gdal/gdal.h>
#include <proj.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

#include "gis/core/progress.hpp"
#include "gis/locate/exact.hpp"
#include "gis/locate/lscp.hpp"
#include "gis/locate/mclp.hpp"
#include "gis/locate/pmedian.hpp"
#include "gis/locate/synthetic.hpp"

using namespace swsplan::gis;
using namespace swsplan::gis::locate;

namespace {

// CPU time of this process: the build machine is shared, so wall-clock time is inflated by
// other jobs; CBC and our solvers are single-threaded, so CPU seconds compare fairly.
double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}
double wall_of_last = 0.0;
double seconds(const std::function<void()>& f) {
  const auto t0 = std::chrono::steady_clock::now();
  const double c0 = cpu_now();
  f();
  wall_of_last = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return cpu_now() - c0;
}

struct Points {
  std::vector<double> x, y, w;
};

bool read_points(GDALDatasetH ds, const char* layer_name, const char* weight_field, Points& out,
                 PJ* to_utm) {
  OGRLayerH layer = GDALDatasetGetLayerByName(ds, layer_name);
  if (!layer) return false;
  OGR_L_ResetReading(layer);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  const int wf = weight_field ? OGR_FD_GetFieldIndex(defn, weight_field) : -1;
  OGRFeatureH f;
  while ((f = OGR_L_GetNextFeature(layer)) != nullptr) {
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (g) {
      OGRGeometryH pt = wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPoint ? OGR_G_Clone(g)
                                                                          : OGR_G_PointOnSurface(g);
      if (pt && !OGR_G_IsEmpty(pt)) {
        PJ_COORD c = proj_coord(OGR_G_GetX(pt, 0), OGR_G_GetY(pt, 0), 0, 0);
        c = proj_trans(to_utm, PJ_FWD, c);
        out.x.push_back(c.xy.x);
        out.y.push_back(c.xy.y);
        out.w.push_back(wf >= 0 && OGR_F_IsFieldSetAndNotNull(f, wf)
                            ? static_cast<double>(OGR_F_GetFieldAsInteger64(f, wf))
                            : 0.0);
      }
      if (pt) OGR_G_DestroyGeometry(pt);
    }
    OGR_F_Destroy(f);
  }
  return true;
}

void header() {
  std::printf("model\tinstance\tp\theur_obj\toptimum\tpct_of_opt\treported_gap_pct\t"
              "true_gap_pct\theur_s\tcbc_s\tcbc_over_heur\n");
}

void compare(const char* name, const Instance& inst, Model model, Options o) {
  Solution h, e;
  const double th = seconds([&] {
    h = model == Model::mclp ? solve_mclp(inst, o, no_progress()) : solve_pmedian(inst, o, no_progress());
  });
  o.time_limit_s = 120;
  const double te = seconds([&] { e = solve_exact(inst, model, o, no_progress()); });
  const bool max = model == Model::mclp;
  const double pct = max ? 100.0 * h.objective / e.objective : 100.0 * e.objective / h.objective;
  std::printf("%s\t%s\t%u\t%.6g\t%.6g%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.2f\t%.1f\n",
              max ? "MCLP" : "p-median", name, o.p, h.objective, e.objective,
              e.proven_optimal ? "" : "(not proven)", pct, 100.0 * h.gap_0_1,
              100.0 * relative_gap(h.objective, e.objective), th, te, te / th);
  std::fflush(stdout);
}

// LSCP on generated national-size instances (Cambodia's area, clustered settlements):
// our heuristic alone, our solver with its CBC prover on the reduced model, and CBC on the
// full covering model, in this process.
void lscp_national() {
  std::printf("# LSCP, generated national-size instances: 14000 demand points, 1600 candidates, "
              "450 x 400 km, 40 clusters, cover 10 km, uncoverable demand left out (CPU seconds)\n");
  std::printf("seed\trows\tunreachable\theur_obj\theur_bound\theur_s\tours_obj\tours_bound\t"
              "ours_s\tcbc_obj\tcbc_s\theur_over_cbc_obj\tours_over_cbc_obj\tours_over_cbc_s\n");
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    SyntheticSpec s;
    s.demand_count = 14000;
    s.candidate_count = 1600;
    s.width_m = 450000;
    s.height_m = 400000;
    s.clusters = 40;
    s.cluster_sigma_m = 25000;
    s.max_cost_m = 10000;
    s.seed = seed;
    const auto si = make_synthetic_instance(s);
    Options o;
    o.cover_cost = 10000;
    o.allow_uncoverable = true;
    o.time_limit_s = 120;
    Solution h, ours, e;
    o.milp_prover = false;
    const double th = seconds([&] { h = solve_lscp(si.instance, o, no_progress()); });
    o.milp_prover = true;
    const double to = seconds([&] { ours = solve_lscp(si.instance, o, no_progress()); });
    const double te = seconds([&] { e = solve_exact(si.instance, Model::lscp, o, no_progress()); });
    std::printf("%llu\t%u\t%zu\t%.0f\t%.0f\t%.3f\t%.0f\t%.0f\t%.3f\t%.0f%s\t%.3f\t%.3f\t%.3f\t%.3f\n",
                static_cast<unsigned long long>(seed), si.instance.demand_count(), h.unreachable.size(),
                h.objective, h.bound, th, ours.objective, ours.bound, to, e.objective,
                e.proven_optimal ? "" : "(not proven)", te, h.objective / e.objective,
                ours.objective / e.objective, to / te);
    std::fflush(stdout);
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Default: ../shared/data/khm/khm.gpkg next to the project (located from this file).
  std::string gpkg = __FILE__;
  gpkg = gpkg.substr(0, gpkg.rfind('/')) + "/../../shared/data/khm/khm.gpkg";
  bool cbc = true;
  std::string only;
  std::uint32_t bound_iterations = Options{}.bound_iterations;
  for (int a = 1; a < argc; ++a) {
    if (std::strcmp(argv[a], "--no-cbc") == 0) cbc = false;
    else if (std::strcmp(argv[a], "--only") == 0 && a + 1 < argc) only = argv[++a];
    else if (std::strcmp(argv[a], "--bound-iterations") == 0 && a + 1 < argc)
      bound_iterations = static_cast<std::uint32_t>(std::stoul(argv[++a]));
    else gpkg = argv[a];
  }

  if (only.empty() || only == "lscp") lscp_national();
  if (only == "lscp") return 0;
  // 1. Heuristic vs CBC optimum on synthetic instances CBC solves.
  if (cbc) {
    std::printf("# heuristic vs CBC optimum (CPU seconds), synthetic clustered instances, "
                "100 x 100 km; MCLP cover 8 km; p-median reach 25 km\n");
    header();
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      SyntheticSpec s;
      s.demand_count = 1000;
      s.candidate_count = 150;
      s.max_cost_m = 8000;
      s.seed = seed;
      const auto mc = make_synthetic_instance(s);
      s.demand_count = 500;
      s.candidate_count = 80;
      s.max_cost_m = 25000;
      const auto pm = make_synthetic_instance(s);
      for (std::uint32_t p : {5u, 10u, 20u}) {
        Options o;
        o.p = p;
        o.cover_cost = 8000;
        compare(("synthetic-1000x150-seed" + std::to_string(seed)).c_str(), mc.instance, Model::mclp, o);
        compare(("synthetic-500x80-seed" + std::to_string(seed)).c_str(), pm.instance, Model::pmedian, o);
      }
    }
  }

  // 2. National instance from the real data.
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  if (!ds) {
    std::fprintf(stderr, "cannot open %s: national instance skipped\n", gpkg.c_str());
    return 0;
  }
  PJ_CONTEXT* ctx = proj_context_create();
  PJ* raw = proj_create_crs_to_crs(ctx, "EPSG:4326", "EPSG:32648", nullptr);
  PJ* to_utm = proj_normalize_for_visualization(ctx, raw);  // lon/lat in, east/north out
  proj_destroy(raw);
  Points villages, communes;
  const double t_read = seconds([&] {
    read_points(ds, "villages", "idp_poor_hh", villages, to_utm);
    read_points(ds, "communes", nullptr, communes, to_utm);
  });
  proj_destroy(to_utm);
  proj_context_destroy(ctx);
  GDALClose(ds);
  std::printf("\n# national instance: %zu villages (weight idp_poor_hh), %zu commune candidates "
              "(point on surface), EPSG:32648, read in %.2f s\n",
              villages.x.size(), communes.x.size(), t_read);

  for (double reach_m : {10000.0, 60000.0}) {
    Instance inst;
    const double t_build = seconds([&] {
      inst = instance_from_points(villages.x, villages.y, villages.w, communes.x, communes.y, reach_m);
    });
    std::printf("# reach %.0f km: %zu pairs, built in %.2f s\n", reach_m / 1000, inst.pair_count(), t_build);
    std::printf("model\treach_km\tp\tobjective\tbound\treported_gap_pct\titerations\tunassigned_w\tcpu_s\twall_s\n");
    for (std::uint32_t p : {20u, 50u, 200u}) {
      Options o;
      o.p = p;
      o.bound_iterations = bound_iterations;
      o.cover_cost = reach_m;  // MCLP: covered within the reach
      Solution s;
      const bool mclp = reach_m <= 10000.0;
      const double t = seconds([&] {
        s = mclp ? solve_mclp(inst, o, no_progress()) : solve_pmedian(inst, o, no_progress());
      });
      std::printf("%s\t%.0f\t%u\t%.6g\t%.6g\t%.3f\t%u\t%.0f\t%.3f\t%.3f\n",
                  mclp ? "MCLP" : "p-median", reach_m / 1000, p, s.objective, s.bound,
                  100.0 * s.gap_0_1, s.iterations, s.unassigned_weight, t, wall_of_last);
      std::fflush(stdout);
    }
    if (cbc && reach_m <= 10000.0) {
      std::printf("# national MCLP against the CBC optimum\n");
      header();
      for (std::uint32_t p : {20u, 50u, 200u}) {
        Options o;
        o.p = p;
        o.cover_cost = reach_m;
        compare("national-10km", inst, Model::mclp, o);
      }
    }
  }
  return 0;
}

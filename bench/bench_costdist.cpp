// Benchmark of gis/access/costdist against GRASS r.cost (driven by bench/run_costdist_vs_grass.sh).
//
//   bench_costdist generate <cells_per_side> <out_dir>
//       friction_<n>.tif (s/m, 100 m cells, EPSG:32648, ~3 % nodata rivers with fords) and
//       sources_<n>.csv (50 sources, x,y,facility), deterministic.
//   bench_costdist run <friction.tif> <sources.csv> <n8|n16> <out_time.tif> <out_facility.tif>
//       prints wall and CPU seconds of the search alone and of read + search + write.
//   bench_costdist compare <ours_time.tif> <ref_time.tif> <ours_facility.tif> <ref_facility.tif>
//       prints max abs / rel difference, nodata mismatches and allocation mismatches.
// Not a test: figures are ratios against r.cost in the same script run.
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "gis/access/costdist.hpp"
#include "gis/core/error.hpp"
#include "gis/io/raster.hpp"

using namespace swsplan::gis;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// EPSG:32648 (UTM 48N), the CRS of the GRASS location the script creates: r.in.gdal then
// imports without a projection mismatch.
const char* kUtm48 =
    R"(PROJCS["WGS 84 / UTM zone 48N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",105],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","32648"]])";

/// Portable uniform [0, 1) from mt19937 (std distributions differ between standard libraries).
double uniform01(std::mt19937& rng) { return double(rng() >> 5) * (1.0 / 134217728.0); }

int generate(int n, const std::string& dir) {
  std::mt19937 rng(20261122u + unsigned(n));
  Raster fr;
  fr.grid = {n, n, 400000.0, 1400000.0, 100.0, 100.0, kUtm48};
  fr.values.resize(fr.grid.cells());
  // Land-cover-like patches: a coarse random lattice of classes (block of 16 cells), each class
  // a friction between 0.05 s/m (72 km/h road-ish) and 0.75 s/m (4.8 km/h walking), plus
  // per-cell jitter so that there are no exact ties between facilities.
  const int block = 16, nb = (n + block - 1) / block;
  std::vector<double> patch(std::size_t(nb) * std::size_t(nb));
  for (double& p : patch) p = 0.05 + 0.7 * uniform01(rng);
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c)
      fr.at(r, c) = patch[std::size_t(r / block) * std::size_t(nb) + std::size_t(c / block)] * (0.9 + 0.2 * uniform01(rng));
  // Rivers: a few meandering 2-cell-wide nodata lines, with a ford every ~200 cells.
  for (int k = 0; k < 6; ++k) {
    const double phase = 6.283 * uniform01(rng), base = n * (0.1 + 0.8 * uniform01(rng));
    for (int c = 0; c < n; ++c) {
      if (c % 200 < 3) continue;  // ford
      const int r = int(base + 0.05 * n * std::sin(phase + 12.0 * c / n));
      for (int w = 0; w < 3; ++w)
        if (r + w >= 0 && r + w < n) fr.at(r + w, c) = kNaN;
    }
  }
  write_geotiff(fr, dir + "/friction_" + std::to_string(n) + ".tif");
  std::ofstream out(dir + "/sources_" + std::to_string(n) + ".csv");
  out << "x,y,facility\n";
  int placed = 0;
  while (placed < 50) {
    const int r = int(uniform01(rng) * n), c = int(uniform01(rng) * n);
    if (std::isnan(fr.at(r, c))) continue;
    ++placed;
    char line[96];
    std::snprintf(line, sizeof line, "%.1f,%.1f,%d\n", fr.grid.cell_centre_x(c), fr.grid.cell_centre_y(r), placed);
    out << line;
  }
  return 0;
}

CostSources read_sources(const std::string& path, const GridSpec& grid) {
  std::ifstream in(path);
  if (!in) throw InputError({path, "", {}, ""}, "cannot open");
  std::string line;
  std::getline(in, line);
  CostSources src;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream ss(line);
    double x = 0, y = 0;
    int fac = 0;
    char comma = 0;
    ss >> x >> comma >> y >> comma >> fac;
    const auto cell = cell_containing(grid, x, y);
    if (!cell) throw InputError({path, "", {}, ""}, "source outside the raster: " + line);
    src.add(cell->first, cell->second, fac);
  }
  return src;
}

/// CPU seconds of this process: on a shared machine wall time depends on the neighbours' load,
/// CPU time much less; the script compares it with r.cost's user + system time.
double cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

int run(const std::string& friction_path, const std::string& sources_path, const std::string& nb,
        const std::string& out_time, const std::string& out_fac) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  const Raster fr = read_raster(friction_path);
  const CostSources src = read_sources(sources_path, fr.grid);
  const auto t1 = clock::now();
  const double c1 = cpu_s();
  const double c0 = c1;
  const auto res = cost_distance(fr, src, {nb == "n16" ? Neighbourhood::n16 : Neighbourhood::n8,
                                           std::numeric_limits<double>::infinity()},
                                 no_progress());
  const auto t2 = clock::now();
  const double c2 = cpu_s();
  write_geotiff(res.time_s, out_time);
  write_geotiff_int(fr.grid, res.facility, -1, out_fac);
  const auto t3 = clock::now();
  const auto s = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  std::printf("compute_s=%.3f compute_cpu_s=%.3f total_s=%.3f total_cpu_s=%.3f read_s=%.3f read_cpu_s=%.3f "
              "write_s=%.3f write_cpu_s=%.3f\n",
              s(t1, t2), c2 - c1, s(t0, t3), cpu_s(), s(t0, t1), c0, s(t2, t3), cpu_s() - c2);
  return 0;
}

int compare(const std::string& ours_t, const std::string& ref_t, const std::string& ours_f, const std::string& ref_f) {
  const Raster a = read_raster(ours_t), b = read_raster(ref_t);
  const Raster fa = read_raster(ours_f), fb = read_raster(ref_f);
  if (a.values.size() != b.values.size()) {
    std::printf("size mismatch\n");
    return 1;
  }
  double max_abs = 0, max_rel = 0;
  std::size_t nodata_mismatch = 0, alloc_mismatch = 0, compared = 0;
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    const double x = a.values[i], y = b.values[i];
    if (std::isnan(x) != std::isnan(y)) {
      ++nodata_mismatch;
      continue;
    }
    if (std::isnan(x)) continue;
    ++compared;
    const double d = std::abs(x - y);
    max_abs = std::max(max_abs, d);
    if (y != 0) max_rel = std::max(max_rel, d / std::abs(y));
    if (fa.values[i] != fb.values[i]) ++alloc_mismatch;
  }
  std::printf("cells_compared=%zu max_abs_s=%.3e max_rel=%.3e nodata_mismatch=%zu alloc_mismatch=%zu\n", compared,
              max_abs, max_rel, nodata_mismatch, alloc_mismatch);
  return nodata_mismatch == 0 && max_rel <= 1e-6 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "generate" && argc == 4) return generate(std::stoi(argv[2]), argv[3]);
    if (mode == "run" && argc == 7) return run(argv[2], argv[3], argv[4], argv[5], argv[6]);
    if (mode == "compare" && argc == 6) return compare(argv[2], argv[3], argv[4], argv[5]);
    std::fprintf(stderr,
                 "usage: bench_costdist generate <n> <dir>\n"
                 "       bench_costdist run <friction.tif> <sources.csv> <n8|n16> <time.tif> <facility.tif>\n"
                 "       bench_costdist compare <ours_time.tif> <ref_time.tif> <ours_fac.tif> <ref_fac.tif>\n");
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_costdist: %s\n", e.what());
    return 1;
  }
}

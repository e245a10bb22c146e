// Benchmark (not a test): STR-tree point-in-polygon, 10^5 points x the 1,633 real communes,
// against a brute-force scan of every commune's prepared geometry as the in-process
// reference. Usage: bench_pip [path/to/khm.gpkg]
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "gis/crs/crs.hpp"
#include "gis/geom/geometry.hpp"
#include "gis/io/vector.hpp"

int main(int argc, char** argv) {
  using namespace swsplan::gis;
  const std::string path = argc > 1 ? argv[1] : "../shared/data/khm/khm.gpkg";
  ReadOptions o;
  o.layer = "communes";
  VectorLayer communes = reproject(read_vector(path, o), "EPSG:32648");
  const Extent e = communes.extent();
  // Deterministic points over the extent (a plain LCG: reproducible on any library).
  const std::size_t n = 100000;
  std::vector<double> xs(n), ys(n);
  std::uint64_t s = 12345;
  auto next = [&s] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return double(s >> 11) / double(1ULL << 53);
  };
  for (std::size_t i = 0; i < n; ++i) {
    xs[i] = e.xmin + next() * (e.xmax - e.xmin);
    ys[i] = e.ymin + next() * (e.ymax - e.ymin);
  }
  auto t0 = std::chrono::steady_clock::now();
  PolygonIndex index(communes);
  auto t1 = std::chrono::steady_clock::now();
  std::vector<std::int32_t> where;
  index.locate_all(xs, ys, where);
  auto t2 = std::chrono::steady_clock::now();
  std::size_t inside = 0;
  for (auto w : where) inside += w >= 0;
  const double build = std::chrono::duration<double>(t1 - t0).count();
  const double query = std::chrono::duration<double>(t2 - t1).count();
  std::printf("point in polygon: %zu points x %zu communes: build %.3f s, queries %.3f s (%.2f us/point), %zu inside\n",
              n, communes.size(), build, query, 1e6 * query / double(n), inside);
  return 0;
}

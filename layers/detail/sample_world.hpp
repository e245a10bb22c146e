#pragma once
/// @file The synthetic demo province's world before it becomes layers (internal to
/// layers/sample*.cpp): the seeded generator, the jittered quad lattice communes are built
/// from, and the communes, roads, river, canal, villages and facilities drawn on it, in local
/// metres around the province centre. Every draw comes from one splitmix64 stream in a fixed
/// order, so a seed gives the same bytes on every machine.
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "layers/sample.hpp"

namespace swsplan::layers::detail {

// ---------------------------------------------------------------------------------------------
// PRNG: splitmix64. std distributions differ between standard libraries, so every draw is
// derived here from raw 64-bit outputs.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, 1).
  double uniform() { return double(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// Uniform integer in [0, n).
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  /// Roughly normal (Irwin-Hall of 4), mean 0, sd 1.
  double noise() { return (uniform() + uniform() + uniform() + uniform() - 2.0) * std::sqrt(3.0); }

 private:
  std::uint64_t state_;
};

struct Pt {
  double x = 0, y = 0;
};
using Line = std::vector<Pt>;

inline double dist(Pt a, Pt b) { return std::hypot(a.x - b.x, a.y - b.y); }

inline double round_to(double v, double unit) { return std::round(v / unit) * unit; }

inline std::string two(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}
inline std::string num(const char* prefix, int n, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%0*d", prefix, width, n);
  return buf;
}

// ---------------------------------------------------------------------------------------------
// The jittered quad lattice from which communes are assembled: quads share their jittered
// corner vertices exactly, so any union of quads tiles without gaps or overlaps.
struct Lattice {
  static constexpr double kStep = 1500;  // metres
  static constexpr double kX0 = -36000, kY0 = -30000;
  static constexpr int kNx = 64, kNy = 40;
  std::vector<Pt> v;  // (kNx+1)*(kNy+1) vertices, local metres around the centre

  explicit Lattice(Rng& rng) {
    v.resize(std::size_t(kNx + 1) * (kNy + 1));
    for (int j = 0; j <= kNy; ++j)
      for (int i = 0; i <= kNx; ++i) {
        // +-0.2 step keeps every quad convex (a corner cannot cross its neighbours' diagonal).
        const double jx = rng.uniform(-0.2, 0.2) * kStep, jy = rng.uniform(-0.2, 0.2) * kStep;
        v[vid(i, j)] = {kX0 + i * kStep + jx, kY0 + j * kStep + jy};
      }
  }
  static std::size_t vid(int i, int j) { return std::size_t(j) * (kNx + 1) + std::size_t(i); }
  static int count() { return kNx * kNy; }
  static int qi(int q) { return q % kNx; }
  static int qj(int q) { return q / kNx; }
  std::array<Pt, 4> corners(int q) const {
    const int i = qi(q), j = qj(q);
    return {v[vid(i, j)], v[vid(i + 1, j)], v[vid(i + 1, j + 1)], v[vid(i, j + 1)]};
  }
  /// Bilinear point of quad q; u, v in (0, 1) lie strictly inside the (convex) quad.
  Pt at(int q, double u, double w) const {
    const auto c = corners(q);
    return {(1 - u) * (1 - w) * c[0].x + u * (1 - w) * c[1].x + u * w * c[2].x + (1 - u) * w * c[3].x,
            (1 - u) * (1 - w) * c[0].y + u * (1 - w) * c[1].y + u * w * c[2].y + (1 - u) * w * c[3].y};
  }
  Pt centre(int q) const { return at(q, 0.5, 0.5); }
  /// Edge-sharing neighbours.
  std::vector<int> neighbours(int q) const {
    std::vector<int> n;
    const int i = qi(q), j = qj(q);
    if (i > 0) n.push_back(q - 1);
    if (i + 1 < kNx) n.push_back(q + 1);
    if (j > 0) n.push_back(q - kNx);
    if (j + 1 < kNy) n.push_back(q + kNx);
    return n;
  }
};

struct Commune {
  int district = 0;  // 0..3
  int seed_quad = 0;
  std::string pcode, name;
  int ncdd = 0;
  std::vector<int> quads;
  bool no_services = false;  // deliberately left without any facility
  double town_distance_m = 0;
};

struct RoadPiece {
  Line line;
  std::string cls, name;
  bool pwp = false, bridge = false;
};

struct Village {
  Pt p;
  int commune = 0;
  std::string code, name;
  int hh = 0, poor = 0, l1 = 0, l2 = 0;
  double share = 0;
};

struct Facility {
  Pt p;
  std::string id, name, service;
  std::optional<double> capacity;
  int commune = 0;
};

/// Everything generate_world() draws, in local metres.
struct SampleWorld {
  explicit SampleWorld(Rng& rng) : lat(rng) {}
  Lattice lat;
  Pt town;                      ///< the provincial town (centre of its quad)
  std::vector<Commune> communes;
  std::vector<int> commune_of;  ///< per quad: its commune, -1 outside the province
  Line river, canal;
  std::vector<RoadPiece> roads;
  std::vector<Village> villages;
  std::vector<Facility> facilities;
};

/// Draws the province for `options.seed`: outline, districts, communes, water, roads,
/// villages with households and ID-Poor counts, facilities.
SampleWorld generate_world(const SampleOptions& options);

}  // namespace swsplan::layers::detail

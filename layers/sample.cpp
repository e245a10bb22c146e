#include "layers/sample.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <sstream>

#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "gis/geom/geometry.hpp"
#include "layers/project.hpp"
#include "layers/services.hpp"

namespace swsplan::layers {

namespace {

using gis::Column;
using gis::FieldType;
using gis::GeometryKind;
using gis::VectorLayer;

constexpr double kPi = 3.14159265358979323846;
constexpr const char* kMetricCrs = "EPSG:32648";
constexpr double kCentreLon = 104.0, kCentreLat = 11.8;

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

std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  Rng r(a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL));
  return r.next();
}

struct Pt {
  double x = 0, y = 0;
};
double dist(Pt a, Pt b) { return std::hypot(a.x - b.x, a.y - b.y); }

double seg_dist(Pt p, Pt a, Pt b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double l2 = dx * dx + dy * dy;
  double t = l2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

using Line = std::vector<Pt>;

double line_dist(Pt p, const Line& l) {
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 1; i < l.size(); ++i) best = std::min(best, seg_dist(p, l[i - 1], l[i]));
  return best;
}

/// Subdivides each leg into pieces of about `step` metres with a gentle sideways wobble;
/// waypoints are kept exactly (so lines that share a waypoint share a vertex).
Line wiggle(const std::vector<Pt>& waypoints, double step, double amplitude, Rng& rng) {
  Line out;
  out.push_back(waypoints.front());
  for (std::size_t w = 1; w < waypoints.size(); ++w) {
    const Pt a = waypoints[w - 1], b = waypoints[w];
    const double len = dist(a, b);
    const int n = std::max(1, int(std::ceil(len / step)));
    const double nx = len > 0 ? -(b.y - a.y) / len : 0, ny = len > 0 ? (b.x - a.x) / len : 0;
    const double phase = rng.uniform(0, 2 * kPi);
    for (int k = 1; k < n; ++k) {
      const double t = double(k) / n;
      const double off = amplitude * (std::sin(kPi * t) * std::sin(3 * kPi * t + phase) + 0.3 * rng.noise());
      out.push_back({a.x + t * (b.x - a.x) + off * nx, a.y + t * (b.y - a.y) + off * ny});
    }
    out.push_back(b);
  }
  return out;
}

double round_to(double v, double unit) { return std::round(v / unit) * unit; }

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

/// Multi-source Dijkstra over the quads where `allowed` holds, with a random (but symmetric,
/// seed-derived) weight per shared edge, so regions grow organically and stay contiguous.
/// Returns the index of the winning seed per quad (-1 unreached).
std::vector<int> grow_regions(const Lattice& lat, const std::vector<int>& seeds, const std::vector<char>& allowed,
                              std::uint64_t salt) {
  std::vector<double> d(std::size_t(Lattice::count()), std::numeric_limits<double>::infinity());
  std::vector<int> label(std::size_t(Lattice::count()), -1);
  using Item = std::pair<double, int>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> pq;
  for (std::size_t s = 0; s < seeds.size(); ++s) {
    d[std::size_t(seeds[s])] = 0;
    label[std::size_t(seeds[s])] = int(s);
    pq.push({0.0, seeds[s]});
  }
  while (!pq.empty()) {
    const auto [dq, q] = pq.top();
    pq.pop();
    if (dq > d[std::size_t(q)]) continue;
    for (int n : lat.neighbours(q)) {
      if (!allowed[std::size_t(n)]) continue;
      const auto a = std::uint64_t(std::min(q, n)), b = std::uint64_t(std::max(q, n));
      const double w = 1.0 + 0.8 * double(mix(salt, a * 100003 + b) >> 11) * 0x1.0p-53;
      const double nd = dq + w;
      if (nd < d[std::size_t(n)]) {
        d[std::size_t(n)] = nd;
        label[std::size_t(n)] = label[std::size_t(q)];
        pq.push({nd, n});
      }
    }
  }
  return label;
}

/// Quads of `allowed` reachable from `start` through edge-sharing neighbours.
std::vector<char> component(const Lattice& lat, int start, const std::vector<char>& allowed) {
  std::vector<char> in(allowed.size(), 0);
  std::vector<int> stack{start};
  in[std::size_t(start)] = 1;
  while (!stack.empty()) {
    const int q = stack.back();
    stack.pop_back();
    for (int n : lat.neighbours(q))
      if (allowed[std::size_t(n)] && !in[std::size_t(n)]) {
        in[std::size_t(n)] = 1;
        stack.push_back(n);
      }
  }
  return in;
}

// ---------------------------------------------------------------------------------------------
// Layer building helpers.

Column& col(VectorLayer& l, const char* name, FieldType t) {
  if (l.columns.size() == l.columns.capacity()) throw gis::Error("sample: too many columns");
  Column c;
  c.name = name;
  c.type = t;
  l.columns.push_back(std::move(c));
  return l.columns.back();
}

VectorLayer make_layer(const std::string& name, GeometryKind kind, std::string crs) {
  VectorLayer l;
  l.name = name;
  l.source = "swsplan sample (synthetic)";
  l.crs = std::move(crs);
  l.geom.kind = kind;
  l.columns.reserve(16);  // col() hands out references: no reallocation while building
  return l;
}

void add_line(VectorLayer& l, const Line& line) {
  std::vector<double> xs, ys;
  for (const Pt& p : line) {
    xs.push_back(p.x);
    ys.push_back(p.y);
  }
  l.geom.begin_feature();
  l.geom.begin_part();
  l.geom.add_ring(xs.data(), ys.data(), xs.size());
  l.geom.end_feature();
  l.fids.push_back(std::int64_t(l.fids.size()) + 1);
}

void add_point(VectorLayer& l, Pt p) {
  l.geom.begin_feature();
  l.geom.add_point(p.x, p.y);
  l.geom.end_feature();
  l.fids.push_back(std::int64_t(l.fids.size()) + 1);
}

void put_int(Column& c, std::int64_t v) { c.push(v); }
void put_real(Column& c, double v) { c.push(v); }
void put_text(Column& c, std::string v) { c.push(std::move(v)); }

/// Local metres -> EPSG:32648 (the centre is added) -> EPSG:4326, coordinates rounded to
/// 1e-7 degree (about 1 cm) so last-bit differences of libm/PROJ builds cannot change bytes.
VectorLayer to_storage(VectorLayer layer, Pt origin) {
  for (auto& x : layer.geom.xs) x += origin.x;
  for (auto& y : layer.geom.ys) y += origin.y;
  layer.crs = kMetricCrs;
  VectorLayer out = gis::reproject(layer, "EPSG:4326");
  for (auto& x : out.geom.xs) x = round_to(x, 1e-7);
  for (auto& y : out.geom.ys) y = round_to(y, 1e-7);
  out.crs = "EPSG:4326";
  return out;
}

std::string two(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}
std::string num(const char* prefix, int n, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%0*d", prefix, width, n);
  return buf;
}

const std::array<const char*, 14> kFirst = {"Prey",   "Svay",   "Trapeang", "Chamkar", "Phnum", "Boeng", "Tuol",
                                            "Kraol",  "Ou",     "Thnal",    "Roka",    "Chrak", "Srah",  "Veal"};
const std::array<const char*, 16> kSecond = {"Thmei", "Chas",  "Khpos", "Kandal", "Lech", "Kaeut", "Tbong", "Cheung",
                                             "Meas",  "Chrey", "Sla",   "Kouk",   "Run",  "Toch",  "Thom",  "Pring"};

std::string place_name(Rng& rng, std::set<std::string>* used) {
  for (int attempt = 0;; ++attempt) {
    // One draw per statement: the order of operands of + (and of function arguments) is
    // unspecified, and gcc and clang differ, which gave two samples from one seed.
    const auto second = rng.below(kSecond.size());
    const auto first = rng.below(kFirst.size());
    std::string n = std::string(kFirst[first]) + " " + kSecond[second];
    if (!used || attempt > 50) return n;
    if (used->insert(n).second) return n;
  }
}

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

/// Splits a road where it crosses the river: a 120 m bridge piece around each crossing.
std::vector<RoadPiece> split_at_river(const RoadPiece& road, const Line& river) {
  std::vector<RoadPiece> out;
  RoadPiece cur = road;
  cur.line.clear();
  cur.line.push_back(road.line.front());
  for (std::size_t i = 1; i < road.line.size(); ++i) {
    const Pt a = road.line[i - 1], b = road.line[i];
    std::optional<double> cross;
    for (std::size_t k = 1; k < river.size() && !cross; ++k) {
      const Pt c = river[k - 1], e = river[k];
      const double den = (b.x - a.x) * (e.y - c.y) - (b.y - a.y) * (e.x - c.x);
      if (std::abs(den) < 1e-9) continue;
      const double t = ((c.x - a.x) * (e.y - c.y) - (c.y - a.y) * (e.x - c.x)) / den;
      const double u = ((c.x - a.x) * (b.y - a.y) - (c.y - a.y) * (b.x - a.x)) / den;
      if (t > 0 && t < 1 && u >= 0 && u <= 1) cross = t;
    }
    const double len = dist(a, b);
    if (cross && len > 400) {
      const double h = 60.0 / len;
      const double t0 = std::max(0.1, *cross - h), t1 = std::min(0.9, *cross + h);
      const Pt p0{a.x + t0 * (b.x - a.x), a.y + t0 * (b.y - a.y)};
      const Pt p1{a.x + t1 * (b.x - a.x), a.y + t1 * (b.y - a.y)};
      cur.line.push_back(p0);
      out.push_back(cur);
      RoadPiece br = road;
      br.bridge = true;
      br.line = {p0, p1};
      out.push_back(br);
      cur.line = {p1};
    }
    cur.line.push_back(b);
  }
  out.push_back(cur);
  return out;
}

}  // namespace

const VectorLayer& SampleProject::layer(const std::string& name) const {
  for (const auto& [n, l] : layers)
    if (n == name) return l;
  throw gis::UsageError("the sample has no layer '" + name + "'");
}

SampleProject generate_sample(const SampleOptions& options) {
  Rng rng(options.seed);
  const Lattice lat(rng);
  const int nq = Lattice::count();

  // Province outline: a wobbly disc (main body) plus a long thin arm to the east; the arm
  // is one district, a chain of communes awkward to cluster in 2-3s.
  std::array<double, 3> phase{};
  for (auto& p : phase) p = rng.uniform(0, 2 * kPi);
  const double body_r = 22000;
  auto radius = [&](double th) {
    return body_r * (1 + 0.10 * std::sin(2 * th + phase[0]) + 0.07 * std::sin(3 * th + phase[1]) +
                     0.04 * std::sin(5 * th + phase[2]));
  };
  auto in_body = [&](Pt p) { return std::hypot(p.x, p.y) < radius(std::atan2(p.y, p.x)); };
  auto arm_y = [](double x) { return -4000 + 3000 * std::sin(x / 9000); };
  auto in_arm = [&](Pt p) { return p.x > 10000 && p.x < 52000 && std::abs(p.y - arm_y(p.x)) < 3300; };
  auto edge_point = [&](double deg, double f) {
    const double th = deg * kPi / 180;
    return Pt{f * radius(th) * std::cos(th), f * radius(th) * std::sin(th)};
  };
  auto nearest_quad = [&](Pt p, const std::vector<char>& allowed) {
    int best = -1;
    double bd = std::numeric_limits<double>::infinity();
    for (int q = 0; q < nq; ++q)
      if (allowed[std::size_t(q)] && dist(lat.centre(q), p) < bd) {
        bd = dist(lat.centre(q), p);
        best = q;
      }
    return best;
  };

  std::vector<char> inside(std::size_t(nq), 0);
  for (int q = 0; q < nq; ++q) inside[std::size_t(q)] = in_body(lat.centre(q)) || in_arm(lat.centre(q));
  // Keep the piece connected to the centre and fill enclosed holes: the province is one
  // simply connected polygon.
  {
    const std::vector<char> all(std::size_t(nq), 1);
    inside = component(lat, nearest_quad({0, 0}, all), inside);
    std::vector<char> outside(std::size_t(nq), 0);
    for (int q = 0; q < nq; ++q) outside[std::size_t(q)] = !inside[std::size_t(q)];
    std::vector<char> reached(std::size_t(nq), 0);
    for (int q = 0; q < nq; ++q) {
      const int i = Lattice::qi(q), j = Lattice::qj(q);
      const bool border = i == 0 || j == 0 || i == Lattice::kNx - 1 || j == Lattice::kNy - 1;
      if (border && outside[std::size_t(q)] && !reached[std::size_t(q)]) {
        auto c = component(lat, q, outside);
        for (int k = 0; k < nq; ++k) reached[std::size_t(k)] |= c[std::size_t(k)];
      }
    }
    for (int q = 0; q < nq; ++q)
      if (!reached[std::size_t(q)]) inside[std::size_t(q)] = 1;
  }

  // Districts: the arm (district 4) first, then three districts grown over the body.
  std::vector<int> district(std::size_t(nq), -1);
  std::vector<char> arm_only(std::size_t(nq), 0);
  for (int q = 0; q < nq; ++q)
    arm_only[std::size_t(q)] = inside[std::size_t(q)] && in_arm(lat.centre(q)) && !in_body(lat.centre(q));
  const int arm_tip = nearest_quad({52000, arm_y(52000)}, arm_only);
  const auto arm = component(lat, arm_tip, arm_only);
  std::vector<char> body(std::size_t(nq), 0);
  for (int q = 0; q < nq; ++q) {
    if (arm[std::size_t(q)]) district[std::size_t(q)] = 3;
    body[std::size_t(q)] = inside[std::size_t(q)] && !arm[std::size_t(q)];
  }
  const int town_quad = nearest_quad({-5000, 2000}, body);
  const std::vector<int> dseeds{town_quad, nearest_quad({-9000, 11000}, body), nearest_quad({4000, -12000}, body)};
  {
    const auto lab = grow_regions(lat, dseeds, body, options.seed ^ 0xD15u);
    for (int q = 0; q < nq; ++q)
      if (body[std::size_t(q)]) district[std::size_t(q)] = lab[std::size_t(q)] < 0 ? 3 : lab[std::size_t(q)];
  }
  const Pt town = lat.centre(town_quad);

  // Communes: seeds spread within each district, then grown inside the district.
  const std::array<int, 4> per_district{12, 11, 10, 7};
  std::vector<Commune> communes;
  for (int d = 0; d < 4; ++d) {
    std::vector<char> mask(std::size_t(nq), 0);
    std::vector<int> members;
    for (int q = 0; q < nq; ++q)
      if (district[std::size_t(q)] == d) {
        mask[std::size_t(q)] = 1;
        members.push_back(q);
      }
    std::vector<int> seeds;
    if (d == 3) {
      double xmin = std::numeric_limits<double>::infinity(), xmax = -xmin;
      for (int q : members) {
        xmin = std::min(xmin, lat.centre(q).x);
        xmax = std::max(xmax, lat.centre(q).x);
      }
      for (int k = 0; k < per_district[3]; ++k) {
        const double x = xmin + (xmax - xmin) * (k + 0.5) / per_district[3];
        seeds.push_back(nearest_quad({x, arm_y(x)}, mask));
      }
    } else {
      seeds.push_back(dseeds[std::size_t(d)]);
      const double area = double(members.size()) * Lattice::kStep * Lattice::kStep;
      double min_gap = 0.85 * std::sqrt(area / per_district[std::size_t(d)]);
      int tries = 0;
      while (int(seeds.size()) < per_district[std::size_t(d)]) {
        const int q = members[rng.below(members.size())];
        bool ok = true;
        for (int s : seeds) ok = ok && dist(lat.centre(s), lat.centre(q)) >= min_gap;
        if (ok) seeds.push_back(q);
        if (++tries % 400 == 0) min_gap *= 0.92;
      }
      // Number communes outwards from the district seat (the town commune is KH900101).
      const Pt seat = lat.centre(seeds.front());
      std::stable_sort(seeds.begin() + 1, seeds.end(),
                       [&](int a, int b) { return dist(lat.centre(a), seat) < dist(lat.centre(b), seat); });
    }
    const auto lab = grow_regions(lat, seeds, mask, options.seed ^ (0xC0u + std::uint64_t(d)));
    const std::size_t first = communes.size();
    for (std::size_t s = 0; s < seeds.size(); ++s) {
      Commune c;
      c.district = d;
      c.seed_quad = seeds[s];
      c.ncdd = 900000 + (d + 1) * 100 + int(s) + 1;
      c.pcode = "KH" + std::to_string(c.ncdd);
      c.town_distance_m = dist(lat.centre(seeds[s]), town);
      communes.push_back(c);
    }
    for (int q : members)
      if (lab[std::size_t(q)] >= 0) communes[first + std::size_t(lab[std::size_t(q)])].quads.push_back(q);
  }
  std::vector<int> commune_of(std::size_t(nq), -1);
  for (std::size_t c = 0; c < communes.size(); ++c)
    for (int q : communes[c].quads) commune_of[std::size_t(q)] = int(c);
  for (int q = 0; q < nq; ++q)
    if (inside[std::size_t(q)] && commune_of[std::size_t(q)] < 0)
      throw gis::Error("sample: seed " + std::to_string(options.seed) + " leaves a gap in the commune tiling");
  {
    std::set<std::string> used;
    for (auto& c : communes) c.name = place_name(rng, &used);
  }
  // Remote communes left without any service: the tip of the arm and the commune of the
  // southern district farthest from town.
  communes[communes.size() - 1].no_services = true;
  {
    std::size_t far = 0;
    for (std::size_t c = 0; c < communes.size(); ++c)
      if (communes[c].district == 2 && communes[c].town_distance_m > communes[far].town_distance_m) far = c;
    communes[far].no_services = true;
  }
  auto hall = [&](const Commune& c) { return lat.centre(c.seed_quad); };
  // The seat (first commune) of district d: communes are numbered per district in order.
  auto seat = [&](int d) {
    std::size_t c = 0;
    while (communes[c].district != d) ++c;
    return c;
  };

  // Water: a river from the north, past the west of the town, leaving to the south-west.
  const Line river = wiggle({edge_point(95, 1.06), {-9000, 12000}, {town.x - 1800, town.y + 1500},
                             {town.x - 2200, town.y - 4000}, {-12000, -12000}, edge_point(235, 1.06)},
                            500, 500, rng);
  // Irrigation canal from the river south of the town, heading east-south-east.
  const Pt canal_start = *std::min_element(river.begin(), river.end(), [&](Pt a, Pt b) {
    return dist(a, {town.x - 2200, town.y - 5000}) < dist(b, {town.x - 2200, town.y - 5000});
  });
  const Line canal = wiggle({canal_start, {canal_start.x + 7000, canal_start.y - 1200},
                             {canal_start.x + 13000, canal_start.y - 1600}},
                            700, 60, rng);

  // Roads: national road through the town, provincial roads to the district seats and up
  // the arm, rural roads from commune halls to the nearest road vertex (a tree growing out
  // from the town), PWP tracks and footpaths in the remote east.
  std::vector<RoadPiece> roads;
  auto network_vertex = [&](Pt p) {
    Pt best{};
    double bd = std::numeric_limits<double>::infinity();
    for (const auto& r : roads)
      for (const Pt& v : r.line)
        if (dist(v, p) < bd) {
          bd = dist(v, p);
          best = v;
        }
    return std::make_pair(best, bd);
  };
  roads.push_back({wiggle({edge_point(205, 0.99), town, edge_point(45, 0.99)}, 900, 250, rng), "national",
                   "National Road 90 (synthetic)", false, false});
  roads.push_back({wiggle({town, hall(communes[seat(1)]), edge_point(125, 0.97)}, 900, 200, rng), "provincial",
                   "Provincial Road 901 (synthetic)", false, false});
  roads.push_back({wiggle({town, hall(communes[seat(2)]), edge_point(285, 0.97)}, 900, 200, rng), "provincial",
                   "Provincial Road 902 (synthetic)", false, false});
  // Up the arm only to its third commune: beyond, PWP tracks and footpaths.
  const Commune& arm_mid = communes[seat(3) + 2];
  roads.push_back({wiggle({town, {14000, arm_y(14000)}, hall(communes[seat(3)]), hall(arm_mid)}, 900, 200, rng),
                   "provincial", "Provincial Road 903 (synthetic)", false, false});
  {
    std::vector<std::size_t> order(communes.size());
    for (std::size_t c = 0; c < order.size(); ++c) order[c] = c;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return communes[a].town_distance_m < communes[b].town_distance_m; });
    int rural_no = 0;
    for (std::size_t c : order) {
      const Commune& cm = communes[c];
      const auto [target, d] = network_vertex(hall(cm));
      if (d < 600) continue;
      RoadPiece r;
      r.line = wiggle({hall(cm), target}, 700, 150, rng);
      ++rural_no;
      if (cm.no_services) {
        r.cls = "path";
        r.name = "Footpath to " + cm.name + " (synthetic)";
      } else if (cm.district == 3 || (cm.district == 2 && cm.town_distance_m > 15000)) {
        r.cls = "pwp_track";
        r.pwp = true;
        r.name = "PWP track " + cm.name + " (synthetic)";
      } else {
        r.cls = "rural";
        r.pwp = rural_no % 3 == 0;  // rural roads maintained by public works
        r.name = "Rural road " + cm.name + " (synthetic)";
      }
      roads.push_back(std::move(r));
    }
  }

  // Villages: weighted towards roads and the river, 9-16 per commune.
  struct Village {
    Pt p;
    int commune = 0;
    std::string code, name;
    int hh = 0, poor = 0, l1 = 0, l2 = 0;
    double share = 0;
  };
  std::vector<Village> villages;
  std::vector<double> quad_weight(std::size_t(nq), 0);
  for (int q = 0; q < nq; ++q) {
    if (commune_of[std::size_t(q)] < 0) continue;
    const Pt c = lat.centre(q);
    double dr = std::numeric_limits<double>::infinity();
    for (const auto& r : roads) dr = std::min(dr, line_dist(c, r.line));
    quad_weight[std::size_t(q)] = 0.15 + std::exp(-dr / 1200) + 0.8 * std::exp(-line_dist(c, river) / 1500);
  }
  for (std::size_t c = 0; c < communes.size(); ++c) {
    const Commune& cm = communes[c];
    const int n = 9 + int(rng.below(8));
    double total = 0;
    std::set<std::string> used_names;  // village names unique within a commune
    for (int q : cm.quads) total += quad_weight[std::size_t(q)];
    for (int k = 0; k < n; ++k) {
      double pick = rng.uniform() * total;
      int chosen = cm.quads.back();
      for (int q : cm.quads) {
        pick -= quad_weight[std::size_t(q)];
        if (pick < 0) {
          chosen = q;
          break;
        }
      }
      Village v;
      const double fy = rng.uniform(0.15, 0.85);  // drawn before fx, as gcc evaluated the arguments
      const double fx = rng.uniform(0.15, 0.85);
      v.p = lat.at(chosen, fx, fy);
      v.commune = int(c);
      v.code = cm.pcode.substr(2) + two(k + 1);
      v.name = place_name(rng, &used_names);
      villages.push_back(v);
    }
  }
  double max_town = 1;
  for (const auto& v : villages) max_town = std::max(max_town, dist(v.p, town));
  // Two peri-urban communes (2nd and 4th nearest the town) hold poor settlements: services are
  // near, money is not, so the demo shows "unaffordable" as well as the remote "unavailable".
  std::vector<char> urban_poor(communes.size(), 0);
  {
    std::vector<std::size_t> by_town(communes.size());
    for (std::size_t c = 0; c < by_town.size(); ++c) by_town[c] = c;
    std::stable_sort(by_town.begin(), by_town.end(), [&](std::size_t a, std::size_t b) {
      return communes[a].town_distance_m < communes[b].town_distance_m;
    });
    for (std::size_t k : {std::size_t(1), std::size_t(3)})
      if (k < by_town.size()) urban_poor[by_town[k]] = 1;
  }
  for (auto& v : villages) {
    const double dn = dist(v.p, town) / max_town + (urban_poor[std::size_t(v.commune)] ? 0.55 : 0.0);
    v.hh = int(std::clamp(
        std::round(50 + 250 * std::pow(rng.uniform(), 1.3) + 150 * std::exp(-dist(v.p, town) / 6000)), 50.0, 400.0));
    const double share = std::clamp(0.06 + 0.42 * dn + 0.05 * rng.noise(), 0.02, 0.75);
    v.poor = int(std::round(v.hh * share));
    v.l1 = int(std::round(v.poor * std::clamp(0.40 + 0.04 * rng.noise(), 0.3, 0.5)));
    v.l2 = v.poor - v.l1;
    v.share = round_to(double(v.poor) / v.hh, 1e-4);
  }

  // Facilities.
  struct Facility {
    Pt p;
    std::string id, name, service;
    std::optional<double> capacity;
    int commune = 0;
  };
  std::vector<Facility> facilities;
  std::map<std::string, int> serial;
  auto add_facility = [&](const char* prefix, Service s, std::string name, Pt p, int commune,
                          std::optional<double> capacity) {
    Facility f;
    f.p = p;
    f.id = num((std::string("DEMO-") + prefix + "-").c_str(), ++serial[prefix], 3);
    f.name = std::move(name) + " (synthetic)";
    f.service = service_id(s);
    f.capacity = capacity;
    f.commune = commune;
    facilities.push_back(std::move(f));
  };
  const int town_commune = commune_of[std::size_t(town_quad)];
  add_facility("RH", Service::ReferralHospital, "Demo Provincial Referral Hospital", lat.at(town_quad, 0.7, 0.6),
               town_commune, 60000.0);
  add_facility("TVET", Service::TvetCentre, "Demo Provincial Training Centre", lat.at(town_quad, 0.3, 0.7),
               town_commune, 400.0);
  add_facility("SWS", Service::SwsOffice, "Demo Single Window Office", lat.at(town_quad, 0.4, 0.35), town_commune,
               std::nullopt);
  // Greedy spacing from the town outwards: one facility per ~2-3 communes.
  auto spaced = [&](double gap_m) {
    std::vector<std::size_t> order(communes.size()), picked;
    for (std::size_t c = 0; c < order.size(); ++c) order[c] = c;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return communes[a].town_distance_m < communes[b].town_distance_m; });
    for (std::size_t c : order) {
      if (communes[c].no_services) continue;
      bool far = true;
      for (std::size_t p : picked) far = far && dist(hall(communes[p]), hall(communes[c])) >= gap_m;
      if (far) picked.push_back(c);
    }
    std::sort(picked.begin(), picked.end());
    return picked;
  };
  const auto hc = spaced(7000);
  for (std::size_t c : hc)
    add_facility("HC", Service::HealthCentre, communes[c].name + " Health Centre", lat.at(communes[c].seed_quad, 0.62, 0.55),
                 int(c), double(10000 + 1000 * rng.below(11)));
  {
    // Health posts in the three communes farthest from any health centre (not the ones
    // deliberately left empty).
    std::vector<std::pair<double, std::size_t>> far;
    for (std::size_t c = 0; c < communes.size(); ++c) {
      if (communes[c].no_services || std::find(hc.begin(), hc.end(), c) != hc.end()) continue;
      double d = std::numeric_limits<double>::infinity();
      for (std::size_t h : hc) d = std::min(d, dist(hall(communes[h]), hall(communes[c])));
      far.push_back({-d, c});
    }
    std::sort(far.begin(), far.end());
    for (std::size_t k = 0; k < std::min<std::size_t>(3, far.size()); ++k) {
      const std::size_t c = far[k].second;
      add_facility("HP", Service::HealthPost, communes[c].name + " Health Post", lat.at(communes[c].seed_quad, 0.4, 0.6),
                   int(c), double(3000 + 500 * rng.below(5)));
    }
  }
  // Primary schools in every commune with services (two in the bigger ones), beside villages.
  for (std::size_t c = 0; c < communes.size(); ++c) {
    if (communes[c].no_services) continue;
    std::vector<const Village*> vs;
    for (const auto& v : villages)
      if (v.commune == int(c)) vs.push_back(&v);
    std::stable_sort(vs.begin(), vs.end(), [](const Village* a, const Village* b) { return a->hh > b->hh; });
    const std::size_t n = std::max<std::size_t>(1, vs.size() / 3);  // about one school per three villages
    for (std::size_t k = 0; k < n && k < vs.size(); ++k)
      add_facility("PS", Service::SchoolPrimary, vs[k]->name + " Primary School", {vs[k]->p.x + 60, vs[k]->p.y + 40},
                   int(c), double(150 + 50 * rng.below(10)));
  }
  for (std::size_t c : spaced(6000))
    add_facility("LS", Service::SchoolLowerSecondary, communes[c].name + " Lower Secondary School",
                 lat.at(communes[c].seed_quad, 0.35, 0.3), int(c), double(400 + 50 * rng.below(11)));
  for (std::size_t c : spaced(11000)) {
    add_facility("US", Service::SchoolUpperSecondary, communes[c].name + " High School",
                 lat.at(communes[c].seed_quad, 0.65, 0.3), int(c), double(800 + 100 * rng.below(8)));
  }

  // ----- Layers in metres ---------------------------------------------------------------------
  const std::string P = kSampleProvincePcode;
  const std::array<const char*, 4> district_names{"Krong Demo Town", "Srok Demo North", "Srok Demo South",
                                                  "Srok Demo East Arm"};

  VectorLayer quads = make_layer("commune_quads", GeometryKind::Polygon, kMetricCrs);
  {
    Column& k = col(quads, "adm3_pcode", FieldType::String);
    for (int q = 0; q < nq; ++q) {
      if (commune_of[std::size_t(q)] < 0) continue;
      const auto c = lat.corners(q);
      const double xs[5] = {c[0].x, c[1].x, c[2].x, c[3].x, c[0].x};
      const double ys[5] = {c[0].y, c[1].y, c[2].y, c[3].y, c[0].y};
      quads.geom.begin_feature();
      quads.geom.begin_part();
      quads.geom.add_ring(xs, ys, 5);
      quads.geom.end_feature();
      quads.fids.push_back(std::int64_t(quads.fids.size()) + 1);
      put_text(k, communes[std::size_t(commune_of[std::size_t(q)])].pcode);
    }
  }
  const VectorLayer commune_geom = gis::dissolve(quads, "adm3_pcode");  // sorted by pcode = our order

  auto with_geometry = [](VectorLayer l, const VectorLayer& g) {
    l.geom = g.geom;
    l.fids.clear();
    for (std::size_t i = 0; i < g.size(); ++i) l.fids.push_back(std::int64_t(i) + 1);
    return l;
  };
  VectorLayer communes_m = make_layer(names::kCommunes, GeometryKind::Polygon, kMetricCrs);
  {
    const auto area = gis::areas(commune_geom);
    Column& a = col(communes_m, "adm3_pcode", FieldType::String);
    Column& n = col(communes_m, "name_en", FieldType::String);
    Column& nc = col(communes_m, "ncdd_code", FieldType::Integer);
    Column& d2 = col(communes_m, "adm2_pcode", FieldType::String);
    Column& d1 = col(communes_m, "adm1_pcode", FieldType::String);
    Column& ar = col(communes_m, "area_km2", FieldType::Real);
    for (std::size_t i = 0; i < communes.size(); ++i) {
      const auto& c = communes[i];
      if (commune_geom.columns[0].text(i) != c.pcode) throw gis::Error("sample: commune order mismatch");
      put_text(a, c.pcode);
      put_text(n, c.name);
      put_int(nc, c.ncdd);
      put_text(d2, c.pcode.substr(0, 6));
      put_text(d1, P);
      put_real(ar, round_to(area[i] / 1e6, 1e-3));
    }
    communes_m = with_geometry(std::move(communes_m), commune_geom);
  }
  const VectorLayer district_geom = gis::dissolve(communes_m, "adm2_pcode");
  VectorLayer districts_m = make_layer(names::kDistricts, GeometryKind::Polygon, kMetricCrs);
  {
    const auto area = gis::areas(district_geom);
    Column& a = col(districts_m, "adm2_pcode", FieldType::String);
    Column& n = col(districts_m, "name_en", FieldType::String);
    Column& nc = col(districts_m, "ncdd_code", FieldType::Integer);
    Column& d1 = col(districts_m, "adm1_pcode", FieldType::String);
    Column& ar = col(districts_m, "area_km2", FieldType::Real);
    for (int d = 0; d < 4; ++d) {
      put_text(a, P + two(d + 1));
      put_text(n, std::string(district_names[std::size_t(d)]) + " (synthetic)");
      put_int(nc, 9000 + d + 1);
      put_text(d1, P);
      put_real(ar, round_to(area[std::size_t(d)] / 1e6, 1e-3));
    }
    districts_m = with_geometry(std::move(districts_m), district_geom);
  }
  const VectorLayer province_geom = gis::dissolve(districts_m, "adm1_pcode");
  VectorLayer provinces_m = make_layer(names::kProvinces, GeometryKind::Polygon, kMetricCrs);
  {
    Column& a = col(provinces_m, "adm1_pcode", FieldType::String);
    Column& n = col(provinces_m, "name_en", FieldType::String);
    Column& nc = col(provinces_m, "ncdd_code", FieldType::Integer);
    Column& ar = col(provinces_m, "area_km2", FieldType::Real);
    put_text(a, P);
    put_text(n, kSampleProvinceName);
    put_int(nc, 90);
    put_real(ar, round_to(gis::areas(province_geom)[0] / 1e6, 1e-3));
    provinces_m = with_geometry(std::move(provinces_m), province_geom);
  }

  VectorLayer villages_m = make_layer(names::kVillages, GeometryKind::Point, kMetricCrs);
  {
    Column& code = col(villages_m, "vil_code", FieldType::String);
    Column& n = col(villages_m, "name_en", FieldType::String);
    Column& a3 = col(villages_m, "adm3_pcode", FieldType::String);
    Column& a2 = col(villages_m, "adm2_pcode", FieldType::String);
    Column& a1 = col(villages_m, "adm1_pcode", FieldType::String);
    Column& hh = col(villages_m, "households", FieldType::Integer);
    Column& poor = col(villages_m, "poor_hh", FieldType::Integer);
    Column& l1 = col(villages_m, "idp_l1_hh", FieldType::Integer);
    Column& l2 = col(villages_m, "idp_l2_hh", FieldType::Integer);
    Column& sh = col(villages_m, "poor_share", FieldType::Real);
    for (const auto& v : villages) {
      const auto& c = communes[std::size_t(v.commune)];
      add_point(villages_m, v.p);
      put_text(code, v.code);
      put_text(n, v.name);
      put_text(a3, c.pcode);
      put_text(a2, c.pcode.substr(0, 6));
      put_text(a1, P);
      put_int(hh, v.hh);
      put_int(poor, v.poor);
      put_int(l1, v.l1);
      put_int(l2, v.l2);
      put_real(sh, v.share);
    }
  }

  VectorLayer facilities_m = make_layer(names::kFacilities, GeometryKind::Point, kMetricCrs);
  {
    Column& id = col(facilities_m, "facility_id", FieldType::String);
    Column& n = col(facilities_m, "name", FieldType::String);
    Column& s = col(facilities_m, "service", FieldType::String);
    Column& cap = col(facilities_m, "capacity", FieldType::Real);
    Column& a3 = col(facilities_m, "adm3_pcode", FieldType::String);
    Column& src = col(facilities_m, "source", FieldType::String);
    Column& at = col(facilities_m, "attributes", FieldType::String);
    for (const auto& f : facilities) {
      add_point(facilities_m, f.p);
      put_text(id, f.id);
      put_text(n, f.name);
      put_text(s, f.service);
      f.capacity ? put_real(cap, *f.capacity) : cap.push_null();
      put_text(a3, communes[std::size_t(f.commune)].pcode);
      put_text(src, "synthetic");
      put_text(at, "{}");
    }
  }

  std::vector<RoadPiece> pieces;
  for (const auto& r : roads)
    for (auto& p : split_at_river(r, river)) pieces.push_back(std::move(p));
  VectorLayer roads_m = make_layer(names::kRoads, GeometryKind::Line, kMetricCrs);
  {
    Column& id = col(roads_m, "road_id", FieldType::String);
    Column& cls = col(roads_m, "road_class", FieldType::String);
    Column& n = col(roads_m, "name", FieldType::String);
    Column& ow = col(roads_m, "oneway", FieldType::Integer);
    Column& br = col(roads_m, "bridge", FieldType::Integer);
    Column& pw = col(roads_m, "pwp", FieldType::Integer);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      add_line(roads_m, pieces[i].line);
      put_text(id, num("DEMO-RD-", int(i) + 1, 4));
      put_text(cls, pieces[i].cls);
      put_text(n, pieces[i].name);
      put_int(ow, 0);
      put_int(br, pieces[i].bridge ? 1 : 0);
      put_int(pw, pieces[i].pwp ? 1 : 0);
    }
  }

  VectorLayer pwp_m = make_layer(names::kPwpLines, GeometryKind::Line, kMetricCrs);
  {
    const gis::PolygonIndex index(communes_m);
    Column& id = col(pwp_m, "asset_id", FieldType::String);
    Column& ty = col(pwp_m, "asset_type", FieldType::String);
    Column& cls = col(pwp_m, "road_class", FieldType::String);
    Column& n = col(pwp_m, "name", FieldType::String);
    Column& a3 = col(pwp_m, "adm3_pcode", FieldType::String);
    Column& at = col(pwp_m, "attributes", FieldType::String);
    auto commune_at = [&](const Line& l) {
      const Pt mid = l[l.size() / 2];
      const auto c = index.locate(mid.x, mid.y);
      return c >= 0 ? std::optional<std::string>(communes_m.columns[0].text(std::size_t(c))) : std::nullopt;
    };
    int k = 0;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      if (!pieces[i].pwp) continue;
      add_line(pwp_m, pieces[i].line);
      put_text(id, num("DEMO-PWP-", ++k, 3));
      put_text(ty, "road");
      put_text(cls, pieces[i].cls);
      put_text(n, pieces[i].name);
      if (auto c = commune_at(pieces[i].line)) put_text(a3, *c); else a3.push_null();
      put_text(at, nlohmann::json{{"road_id", roads_m.columns[0].text(i)}}.dump());
    }
    add_line(pwp_m, canal);
    put_text(id, num("DEMO-PWP-", ++k, 3));
    put_text(ty, "irrigation");
    cls.push_null();
    put_text(n, "Demo Irrigation Canal (synthetic)");
    if (auto c = commune_at(canal)) put_text(a3, *c); else a3.push_null();
    put_text(at, "{}");
  }

  VectorLayer water_m = make_layer("water", GeometryKind::Line, kMetricCrs);
  {
    Column& id = col(water_m, "water_id", FieldType::String);
    Column& n = col(water_m, "name", FieldType::String);
    Column& k = col(water_m, "kind", FieldType::String);
    add_line(water_m, river);
    put_text(id, "DEMO-W-001");
    put_text(n, "Stung Demo (synthetic)");
    put_text(k, "river");
  }

  // ----- To storage CRS ----------------------------------------------------------------------
  Pt origin;
  {
    std::vector<double> xs{kCentreLon}, ys{kCentreLat};
    gis::Transformer t("EPSG:4326", kMetricCrs);
    t.transform(xs, ys);
    origin = {std::round(xs[0]), std::round(ys[0])};
  }
  SampleProject out;
  out.metric_crs = kMetricCrs;
  for (VectorLayer* l : {&provinces_m, &districts_m, &communes_m, &villages_m, &facilities_m, &roads_m, &pwp_m, &water_m})
    out.layers.emplace_back(l->name, to_storage(*l, origin));
  {
    std::vector<double> xs{town.x + origin.x}, ys{town.y + origin.y};
    gis::Transformer t(kMetricCrs, "EPSG:4326");
    t.transform(xs, ys);
    out.town_lon = round_to(xs[0], 1e-7);
    out.town_lat = round_to(ys[0], 1e-7);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

nlohmann::json SampleSummary::to_json() const {
  nlohmann::json j;
  j["path"] = path;
  j["seed"] = seed;
  j["synthetic"] = true;
  j["bytes"] = bytes;
  j["layers"] = nlohmann::json::array();
  for (const auto& [n, c] : layers) j["layers"].push_back({{"name", n}, {"features", c}});
  j["facilities"] = nlohmann::json::object();
  for (const auto& [s, c] : facilities) j["facilities"][s] = c;
  return j;
}

std::string SampleSummary::to_text() const {
  std::ostringstream os;
  os << "wrote " << path << " (" << kSampleProvinceName << ", seed " << seed << ", " << bytes
     << " bytes) - SYNTHETIC demo data, not real\n";
  for (const auto& [n, c] : layers) os << "  " << n << ": " << c << "\n";
  os << "  facilities by service:";
  for (const auto& [s, c] : facilities) os << " " << s << "=" << c;
  os << "\n";
  return os.str();
}

SampleSummary write_sample(const std::string& path, const SampleOptions& options, bool overwrite) {
  namespace fs = std::filesystem;
  if (fs::exists(path) && !overwrite)
    throw gis::UsageError("'" + path + "' exists: pass --force to overwrite it");
  const SampleProject sample = generate_sample(options);

  // Written fresh beside the target and renamed over it, so the result never depends on
  // what was there before and a failure leaves an existing file untouched.
  const std::string tmp = path + ".sample-tmp";
  std::error_code ec;
  fs::remove(tmp, ec);
  {
    // ProjectWriter pins the GeoPackage last_change stamps to this timestamp too.
    try {
      ProjectWriter w(tmp, options.timestamp);
      for (const auto& [name, layer] : sample.layers) {
        w.put(layer, name);
        Provenance p;
        p.layer = name;
        p.source = "swsplan sample --seed " + std::to_string(options.seed);
        p.source_layer = name;
        p.crs = "EPSG:4326";
        p.rows = layer.size();
        p.imported_at = options.timestamp;
        p.notes = "SYNTHETIC: generated by swsplan, not real data (fictitious province KH90)";
        w.add_provenance(std::move(p));
      }
      w.set_meta("name", kSampleProvinceName);
      w.set_meta("synthetic", "yes");
      w.set_meta("description",
                 "Synthetic demo province generated by `swsplan sample` (seed " + std::to_string(options.seed) +
                     "). Fictitious code KH90; every place, number and facility is invented. "
                     "Not real data: do not use for planning.");
      w.set_meta("seed", std::to_string(options.seed));
      w.set_setting("sample", nlohmann::json{{"synthetic", true},
                                             {"seed", options.seed},
                                             {"town_lon", sample.town_lon},
                                             {"town_lat", sample.town_lat}});
      w.commit();
    } catch (...) {
      fs::remove(tmp, ec);
      throw;
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw gis::Error("cannot move the sample into place at '" + path + "': " + ec.message());
  }

  SampleSummary s;
  s.path = path;
  s.seed = options.seed;
  s.bytes = fs::file_size(path);
  std::map<std::string, std::size_t> by_service;
  for (const auto& [name, layer] : sample.layers) {
    s.layers.emplace_back(name, layer.size());
    if (name == names::kFacilities) {
      const Column& c = layer.column("service");
      for (std::size_t i = 0; i < layer.size(); ++i) ++by_service[c.text(i)];
    }
  }
  for (Service sv : all_services()) s.facilities.emplace_back(service_id(sv), by_service[service_id(sv)]);
  return s;
}

}  // namespace swsplan::layers

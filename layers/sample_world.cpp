#include "layers/detail/sample_world.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <queue>
#include <set>

#include "gis/core/error.hpp"
#include "layers/services.hpp"

namespace swsplan::layers::detail {

namespace {

constexpr double kPi = 3.14159265358979323846;

std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  Rng r(a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL));
  return r.next();
}


double seg_dist(Pt p, Pt a, Pt b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double l2 = dx * dx + dy * dy;
  double t = l2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

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

}  // namespace

SampleWorld generate_world(const SampleOptions& options) {
  Rng rng(options.seed);
  SampleWorld w(rng);
  const Lattice& lat = w.lat;
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
  w.town = lat.centre(town_quad);
  const Pt town = w.town;

  // Communes: seeds spread within each district, then grown inside the district.
  const std::array<int, 4> per_district{12, 11, 10, 7};
  auto& communes = w.communes;
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
  auto& commune_of = w.commune_of;
  commune_of.assign(std::size_t(nq), -1);
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
  w.river = wiggle({edge_point(95, 1.06), {-9000, 12000}, {town.x - 1800, town.y + 1500},
                             {town.x - 2200, town.y - 4000}, {-12000, -12000}, edge_point(235, 1.06)},
                            500, 500, rng);
  const Line& river = w.river;
  // Irrigation canal from the river south of the town, heading east-south-east.
  const Pt canal_start = *std::min_element(river.begin(), river.end(), [&](Pt a, Pt b) {
    return dist(a, {town.x - 2200, town.y - 5000}) < dist(b, {town.x - 2200, town.y - 5000});
  });
  w.canal = wiggle({canal_start, {canal_start.x + 7000, canal_start.y - 1200},
                             {canal_start.x + 13000, canal_start.y - 1600}},
                            700, 60, rng);

  // Roads: national road through the town, provincial roads to the district seats and up
  // the arm, rural roads from commune halls to the nearest road vertex (a tree growing out
  // from the town), PWP tracks and footpaths in the remote east.
  auto& roads = w.roads;
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
  auto& villages = w.villages;
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
  auto& facilities = w.facilities;
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
  return w;
}

}  // namespace swsplan::layers::detail

// Tests of gis/access/nearest: k-d tree answers against brute force, on hand cases and on
// the real villages x health facilities of Cambodia (../shared/data/khm/khm.gpkg).
#include <gdal/ogr_api.h>
#include <gdal/ogr_srs_api.h>
#include <proj.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "gis/access/nearest.hpp"
#include "gis/core/error.hpp"

using namespace swsplan::gis;

namespace {

struct LonLatXY {
  std::vector<double> lon, lat, x, y;
  PointArrays arrays() const { return {x, y, lon, lat}; }
};

// Reads a point layer (EPSG:4326) and projects it to UTM 48N with PROJ. Test-local on
// purpose: the test must not depend on the readers it could be used to check.
LonLatXY read_points(const char* layer_name) {
  LonLatXY p;
  const std::string path = std::string(SWSPLAN_SHARED_DATA) + "/khm.gpkg";
  OGRRegisterAll();
  OGRDataSourceH ds = OGROpen(path.c_str(), 0, nullptr);
  REQUIRE(ds != nullptr);
  OGRLayerH layer = OGR_DS_GetLayerByName(ds, layer_name);
  REQUIRE(layer != nullptr);
  OGR_L_ResetReading(layer);
  while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (g && !OGR_G_IsEmpty(g)) {
      // GeoPackage stores lon/lat in x/y regardless of EPSG:4326's declared axis order.
      p.lon.push_back(OGR_G_GetX(g, 0));
      p.lat.push_back(OGR_G_GetY(g, 0));
    }
    OGR_F_Destroy(f);
  }
  OGR_DS_Destroy(ds);

  PJ_CONTEXT* ctx = proj_context_create();
  PJ* raw = proj_create_crs_to_crs(ctx, "EPSG:4326", "EPSG:32648", nullptr);
  REQUIRE(raw != nullptr);
  PJ* pj = proj_normalize_for_visualization(ctx, raw);  // lon/lat in, east/north out
  proj_destroy(raw);
  REQUIRE(pj != nullptr);
  p.x = p.lon;
  p.y = p.lat;
  proj_trans_generic(pj, PJ_FWD, p.x.data(), sizeof(double), p.x.size(), p.y.data(), sizeof(double), p.y.size(),
                     nullptr, 0, 0, nullptr, 0, 0);
  proj_destroy(pj);
  proj_context_destroy(ctx);
  return p;
}

const LonLatXY& villages() {
  static const LonLatXY v = read_points("villages");
  return v;
}
const LonLatXY& facilities() {
  static const LonLatXY f = read_points("health_facilities");
  return f;
}

double dist(const LonLatXY& a, std::size_t i, const LonLatXY& b, std::size_t j) {
  return std::hypot(a.x[i] - b.x[j], a.y[i] - b.y[j]);
}

}  // namespace

TEST_CASE("nearest, k nearest and radius on a hand-made case", "[nearest]") {
  // Facilities at x = 0, 10, 10 (a duplicate), 30 on the x axis.
  const std::vector<double> fx{0, 10, 10, 30}, fy{0, 0, 0, 0};
  const FacilityIndex idx(PointArrays{fx, fy, {}, {}});
  CHECK(idx.size() == 4);

  QueryPoint q{9, 0};
  const NearestHit h = idx.nearest(q);
  CHECK(h.facility == 1);  // tie between 1 and 2 goes to the lower position
  CHECK(h.distance_m == Approx(1.0));

  std::vector<NearestHit> hits;
  idx.k_nearest(q, 3, hits);
  REQUIRE(hits.size() == 3);
  CHECK(hits[0].facility == 1);
  CHECK(hits[1].facility == 2);
  CHECK(hits[2].facility == 0);
  idx.k_nearest(q, 10, hits);
  CHECK(hits.size() == 4);

  // The radius is inclusive: exactly 21 m reaches the facility at x = 30.
  idx.within(q, 21.0, hits);
  REQUIRE(hits.size() == 4);
  CHECK(hits.back().facility == 3);
  CHECK(idx.count_within(q, 21.0) == 4);
  CHECK(idx.count_within(q, 20.999) == 3);

  // Reported ids can be remapped (one index per service type).
  const std::vector<std::uint32_t> ids{40, 41, 42, 43};
  const FacilityIndex idx2(PointArrays{fx, fy, {}, {}}, {}, ids);
  CHECK(idx2.nearest({29, 0}).facility == 43);
  CHECK(idx2.id_bound() == 44);

  const FacilityIndex empty(PointArrays{});
  CHECK(empty.nearest(q).facility == kNoId);
  CHECK(empty.nearest(q).distance_m == kUnreachable);
}

TEST_CASE("bad coordinates are reported with their position", "[nearest]") {
  const std::vector<double> fx{0, std::nan("")}, fy{0, 0};
  try {
    FacilityIndex idx(PointArrays{fx, fy, {}, {}});
    FAIL("expected InputError");
  } catch (const InputError& e) {
    CHECK(e.where().feature == 1);
    CHECK(e.where().field == "geometry");
  }
  const std::vector<double> gx{0}, gy{0};
  DistanceOptions geo;
  geo.kind = DistanceKind::geodesic;
  CHECK_THROWS_AS(FacilityIndex(PointArrays{gx, gy, {}, {}}, geo), UsageError);
}

TEST_CASE("nearest health facility of every village matches brute force", "[nearest][khm]") {
  const LonLatXY& v = villages();
  const LonLatXY& f = facilities();
  REQUIRE(v.x.size() == 14073);
  REQUIRE(f.x.size() == 1121);
  const FacilityIndex idx(f.arrays());
  const NearestTable t = nearest_facility(v.arrays(), idx, no_progress());
  REQUIRE(t.facility.size() == v.x.size());
  for (std::size_t i = 0; i < v.x.size(); ++i) {
    double best = kUnreachable;
    std::uint32_t best_j = kNoId;
    for (std::size_t j = 0; j < f.x.size(); ++j) {
      const double d = dist(v, i, f, j);
      if (d < best) {
        best = d;
        best_j = static_cast<std::uint32_t>(j);
      }
    }
    INFO("village " << i);
    REQUIRE(t.facility[i] == best_j);
    REQUIRE(t.distance_m[i] == Approx(best).margin(1e-6));
  }
}

TEST_CASE("k nearest and count within 5 km match brute force on real data", "[nearest][khm]") {
  const LonLatXY& v = villages();
  const LonLatXY& f = facilities();
  const FacilityIndex idx(f.arrays());
  const std::uint32_t k = 5;
  const KNearestTable kt = k_nearest_facilities(v.arrays(), idx, k, no_progress());
  const std::vector<std::uint32_t> counts = count_within(v.arrays(), idx, 5000.0, no_progress());
  std::vector<std::pair<double, std::uint32_t>> all(f.x.size());
  for (std::size_t i = 0; i < v.x.size(); i += 7) {
    std::uint32_t c = 0;
    for (std::size_t j = 0; j < f.x.size(); ++j) {
      all[j] = {dist(v, i, f, j), static_cast<std::uint32_t>(j)};
      if (all[j].first <= 5000.0) ++c;
    }
    std::partial_sort(all.begin(), all.begin() + k, all.end());
    INFO("village " << i);
    for (std::uint32_t r = 0; r < k; ++r) {
      REQUIRE(kt.facility[i * k + r] == all[r].second);
      REQUIRE(kt.distance_m[i * k + r] == Approx(all[r].first).margin(1e-6));
    }
    REQUIRE(counts[i] == c);
  }
}

TEST_CASE("geodesic nearest matches a brute-force geodesic search", "[nearest][khm]") {
  const LonLatXY& v = villages();
  const LonLatXY& f = facilities();
  DistanceOptions geo;
  geo.kind = DistanceKind::geodesic;
  const FacilityIndex idx(f.arrays(), geo);
  std::size_t differs_from_projected = 0;
  const FacilityIndex proj_idx(f.arrays());
  for (std::size_t i = 0; i < v.x.size(); i += 13) {
    double best = kUnreachable;
    std::uint32_t best_j = kNoId;
    for (std::size_t j = 0; j < f.x.size(); ++j) {
      const double d = geodesic_distance_m(v.lon[i], v.lat[i], f.lon[j], f.lat[j]);
      if (d < best) {
        best = d;
        best_j = static_cast<std::uint32_t>(j);
      }
    }
    const QueryPoint q = query_point(v.arrays(), i);
    const NearestHit h = idx.nearest(q);
    INFO("village " << i);
    REQUIRE(h.facility == best_j);
    REQUIRE(h.distance_m == Approx(best).margin(1e-6));
    // The projected distance is within UTM's scale error of the geodesic one.
    const NearestHit hp = proj_idx.nearest(q);
    REQUIRE(std::abs(dist(v, i, f, hp.facility) / geodesic_distance_m(v.lon[i], v.lat[i], f.lon[hp.facility], f.lat[hp.facility]) - 1.0) < 0.002);
    if (hp.facility != h.facility) ++differs_from_projected;

    std::vector<NearestHit> within;
    idx.within(q, 5000.0, within);
    std::uint32_t c = 0;
    for (std::size_t j = 0; j < f.x.size(); ++j)
      if (geodesic_distance_m(v.lon[i], v.lat[i], f.lon[j], f.lat[j]) <= 5000.0) ++c;
    REQUIRE(within.size() == c);
  }
  // Informational: how often projection alone would have picked another facility.
  WARN("villages whose projected nearest differs from the geodesic nearest: " << differs_from_projected);
}

TEST_CASE("nearest facility by service type reports global ids", "[nearest]") {
  const std::vector<double> fx{0, 100, 200, 300}, fy{0, 0, 0, 0};
  const std::vector<std::uint32_t> type{0, 1, 0, kNoId};
  const std::vector<double> dx{190, 10}, dy{0, 0};
  const auto per_type = nearest_facility_by_type(PointArrays{dx, dy, {}, {}}, PointArrays{fx, fy, {}, {}}, type, 2, {},
                                                 no_progress());
  REQUIRE(per_type.size() == 2);
  CHECK(per_type[0].facility == std::vector<std::uint32_t>{2, 0});
  CHECK(per_type[1].facility == std::vector<std::uint32_t>{1, 1});
  CHECK(per_type[1].distance_m[0] == Approx(90));
  const std::vector<std::uint32_t> bad{0, 5, 0, 0};
  CHECK_THROWS_AS(nearest_facility_by_type(PointArrays{dx, dy, {}, {}}, PointArrays{fx, fy, {}, {}}, bad, 2, {},
                                           no_progress()),
                  UsageError);
}

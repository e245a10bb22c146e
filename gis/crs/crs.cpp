#include "gis/crs/crs.hpp"

#include <proj.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "gis/core/error.hpp"

namespace swsplan::gis {
namespace {

// One PROJ context per thread, never shared (PROJ contexts are not thread-safe).
struct ThreadProj {
  PJ_CONTEXT* ctx = nullptr;
  ThreadProj() {
    ctx = proj_context_create();
    proj_log_level(ctx, PJ_LOG_NONE);
  }
  ~ThreadProj() { proj_context_destroy(ctx); }
  ThreadProj(const ThreadProj&) = delete;
  ThreadProj& operator=(const ThreadProj&) = delete;
};

PJ_CONTEXT* proj_ctx() {
  thread_local ThreadProj tp;
  return tp.ctx;
}

struct PjDeleter {
  void operator()(PJ* p) const noexcept { proj_destroy(p); }
};
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

std::string last_error(PJ_CONTEXT* ctx) {
  const int e = proj_context_errno(ctx);
  return e ? proj_context_errno_string(ctx, e) : "unknown error";
}

PjPtr create_crs(const std::string& def) {
  PJ_CONTEXT* ctx = proj_ctx();
  PjPtr p(proj_create(ctx, def.c_str()));
  if (!p) throw CrsError({}, "'" + def.substr(0, 80) + "' is not a coordinate reference system PROJ knows: " + last_error(ctx));
  auto t = proj_get_type(p.get());
  if (t == PJ_TYPE_BOUND_CRS) {
    PjPtr base(proj_get_source_crs(ctx, p.get()));
    if (base) t = proj_get_type(base.get());
  }
  const bool is_crs = t == PJ_TYPE_GEOGRAPHIC_2D_CRS || t == PJ_TYPE_GEOGRAPHIC_3D_CRS || t == PJ_TYPE_PROJECTED_CRS ||
                      t == PJ_TYPE_COMPOUND_CRS || t == PJ_TYPE_GEOCENTRIC_CRS || t == PJ_TYPE_OTHER_CRS ||
                      t == PJ_TYPE_BOUND_CRS || t == PJ_TYPE_ENGINEERING_CRS;
  if (!is_crs) throw CrsError({}, "'" + def.substr(0, 80) + "' is not a coordinate reference system");
  return p;
}

}  // namespace

CrsInfo describe_crs(const std::string& definition) {
  PJ_CONTEXT* ctx = proj_ctx();
  PjPtr p = create_crs(definition);
  CrsInfo info;
  info.definition = definition;
  if (const char* n = proj_get_name(p.get())) info.name = n;
  auto t = proj_get_type(p.get());
  info.geographic = t == PJ_TYPE_GEOGRAPHIC_2D_CRS || t == PJ_TYPE_GEOGRAPHIC_3D_CRS;
  const char* auth = proj_get_id_auth_name(p.get(), 0);
  const char* code = proj_get_id_code(p.get(), 0);
  if (auth && code && std::string(auth) == "EPSG") {
    info.epsg = std::stoi(code);
    info.definition = "EPSG:" + std::string(code);
  }
  (void)ctx;
  return info;
}

std::string crs_to_wkt(const std::string& definition) {
  PjPtr p = create_crs(definition);
  const char* wkt = proj_as_wkt(proj_ctx(), p.get(), PJ_WKT2_2019, nullptr);
  if (!wkt) throw CrsError({}, "cannot express '" + definition.substr(0, 60) + "' as WKT");
  return wkt;
}

int utm_epsg(double lon_deg, double lat_deg) {
  // Clamped before the conversion: a longitude far out of range (or NaN) must not overflow int.
  double z = std::floor((lon_deg + 180.0) / 6.0) + 1;
  z = std::isnan(z) ? 1.0 : std::clamp(z, 1.0, 60.0);
  return (lat_deg >= 0 ? 32600 : 32700) + static_cast<int>(z);
}

std::string metric_crs_for(const Extent& e) {
  return "EPSG:" + std::to_string(utm_epsg((e.xmin + e.xmax) / 2, (e.ymin + e.ymax) / 2));
}

struct Transformer::Impl {
  PjPtr pj;
};

Transformer::Transformer(const std::string& from, const std::string& to) : impl_(std::make_unique<Impl>()) {
  if (from.empty()) throw CrsError({}, "the source coordinate reference system is unknown");
  if (to.empty()) throw CrsError({}, "the target coordinate reference system is unknown");
  PJ_CONTEXT* ctx = proj_ctx();
  PjPtr a = create_crs(from), b = create_crs(to);
  identity_ = proj_is_equivalent_to(a.get(), b.get(), PJ_COMP_EQUIVALENT) != 0;
  if (identity_) return;
  PjPtr raw(proj_create_crs_to_crs_from_pj(ctx, a.get(), b.get(), nullptr, nullptr));
  if (!raw) throw CrsError({}, "no transformation from " + from.substr(0, 60) + " to " + to.substr(0, 60) + ": " + last_error(ctx));
  // Normalise axis order: lon/lat (east/north) in and out, whatever the authority says.
  impl_->pj.reset(proj_normalize_for_visualization(ctx, raw.get()));
  if (!impl_->pj) throw CrsError({}, "cannot normalise axis order: " + last_error(ctx));
}

Transformer::Transformer(Transformer&&) noexcept = default;
Transformer& Transformer::operator=(Transformer&&) noexcept = default;
Transformer::~Transformer() = default;

std::size_t Transformer::transform(std::span<double> xs, std::span<double> ys) const {
  if (identity_ || xs.empty()) return xs.size();
  const std::size_t n = std::min(xs.size(), ys.size());
  proj_errno_reset(impl_->pj.get());
  proj_trans_generic(impl_->pj.get(), PJ_FWD, xs.data(), sizeof(double), n, ys.data(), sizeof(double), n, nullptr, 0,
                     0, nullptr, 0, 0);
  std::size_t ok = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isfinite(xs[i]) && std::isfinite(ys[i]) && xs[i] != HUGE_VAL) {
      ++ok;
    } else {
      xs[i] = ys[i] = std::numeric_limits<double>::quiet_NaN();
    }
  }
  return ok;
}

VectorLayer reproject(const VectorLayer& layer, const std::string& to_crs) {
  VectorLayer out = layer;
  if (layer.geom.xs.empty()) {
    out.crs = describe_crs(to_crs).definition;
    return out;
  }
  Transformer t(layer.crs, to_crs);
  const std::size_t ok = t.transform(out.geom.xs, out.geom.ys);
  if (ok != out.geom.xs.size())
    throw CrsError({layer.source, layer.name, std::nullopt, {}},
                   std::to_string(out.geom.xs.size() - ok) + " coordinate(s) cannot be transformed from " + layer.crs +
                       " to " + to_crs + " (outside the CRS's area?)");
  out.crs = describe_crs(to_crs).definition;
  return out;
}

std::optional<std::string> check_axis_order(const VectorLayer& layer, const std::optional<Extent>& expected) {
  if (layer.geom.xs.empty() || layer.crs.empty()) return std::nullopt;
  CrsInfo info = describe_crs(layer.crs);
  if (!info.geographic) return std::nullopt;
  std::size_t bad_lat = 0, fits = 0, fits_swapped = 0;
  const std::size_t n = layer.geom.xs.size();
  for (std::size_t i = 0; i < n; ++i) {
    const double x = layer.geom.xs[i], y = layer.geom.ys[i];
    if (std::abs(y) > 90.0 && std::abs(x) <= 90.0) ++bad_lat;
    if (expected) {
      auto in = [&](double lon, double lat) {
        return lon >= expected->xmin && lon <= expected->xmax && lat >= expected->ymin && lat <= expected->ymax;
      };
      fits += in(x, y);
      fits_swapped += in(y, x);
    }
  }
  const std::string who = "layer '" + layer.name + "' of '" + layer.source + "'";
  if (bad_lat > 0)
    return who + ": " + std::to_string(bad_lat) +
           " point(s) have a latitude beyond 90 degrees while the longitude is within 90: the longitude and "
           "latitude columns look swapped";
  if (expected && fits_swapped > fits && fits_swapped * 2 > n)
    return who + ": most coordinates fall outside the expected area but inside it once longitude and latitude are "
                 "swapped: the columns look swapped";
  return std::nullopt;
}

}  // namespace swsplan::gis

#include "gis/geom/geos.hpp"

#include <cstdarg>
#include <cstdio>

#include "gis/core/error.hpp"

namespace swsplan::gis::geos {
namespace {

struct ThreadContext {
  GEOSContextHandle_t handle = nullptr;
  std::string last_error;
  ThreadContext() {
    handle = GEOS_init_r();
    GEOSContext_setErrorMessageHandler_r(handle, &ThreadContext::on_error, this);
  }
  ~ThreadContext() { GEOS_finish_r(handle); }
  ThreadContext(const ThreadContext&) = delete;
  ThreadContext& operator=(const ThreadContext&) = delete;

  // Called by GEOS from C: record only, never throw through the C frames.
  static void on_error(const char* message, void* userdata) {
    static_cast<ThreadContext*>(userdata)->last_error = message ? message : "unknown GEOS error";
  }
};

ThreadContext& thread_context() {
  thread_local ThreadContext tc;
  return tc;
}

}  // namespace

GEOSContextHandle_t ctx() { return thread_context().handle; }

std::string take_last_error() {
  std::string e;
  e.swap(thread_context().last_error);
  return e;
}

void GeomDeleter::operator()(GEOSGeometry* g) const noexcept {
  if (g) GEOSGeom_destroy_r(ctx(), g);
}
void PreparedDeleter::operator()(const GEOSPreparedGeometry* g) const noexcept {
  if (g) GEOSPreparedGeom_destroy_r(ctx(), g);
}
void CoordSeqDeleter::operator()(GEOSCoordSequence* s) const noexcept {
  if (s) GEOSCoordSeq_destroy_r(ctx(), s);
}
void STRtreeDeleter::operator()(GEOSSTRtree* t) const noexcept {
  if (t) GEOSSTRtree_destroy_r(ctx(), t);
}

GeomPtr take(GEOSGeometry* g, const char* what) {
  if (!g) throw Error(std::string(what) + ": GEOS failed: " + take_last_error());
  return GeomPtr(g);
}

}  // namespace swsplan::gis::geos

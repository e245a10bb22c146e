#include "gis/io/gdal_util.hpp"

#include <cpl_error.h>
#include <gdal.h>

#include <mutex>

namespace swsplan::gis::gdal {

void init() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

namespace {
thread_local ErrorCapture* current = nullptr;
}

ErrorCapture::ErrorCapture() {
  init();
  CPLPushErrorHandlerEx(
      [](CPLErr cls, CPLErrorNum no, const char* msg) { ErrorCapture::handler(static_cast<int>(cls), no, msg); },
      nullptr);
  prev_ = current;
  current = this;
  CPLErrorReset();  // an old failure must not be taken for a new one
}

ErrorCapture::~ErrorCapture() {
  current = prev_;
  CPLPopErrorHandler();
}

void ErrorCapture::handler(int err_class, int /*err_no*/, const char* msg) {
  // Called from C: record only, never throw.
  if (!current) return;
  try {
    if (err_class >= CE_Failure)
      current->errors_.emplace_back(msg ? msg : "");
    else if (err_class == CE_Warning)
      current->warnings_.emplace_back(msg ? msg : "");
  } catch (...) {
  }
}

std::string ErrorCapture::last() const { return errors_.empty() ? std::string() : errors_.back(); }

}  // namespace swsplan::gis::gdal

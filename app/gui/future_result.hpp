#pragma once
/// @file The result of a QtConcurrent job with the worker's own exception. QtConcurrent wraps
/// an exception that is not a QException (every gis::Error) in QUnhandledException, whose
/// what() is only "std::exception": a failed open or save then said nothing of the file or
/// the cause.
#include <QException>
#include <QFutureWatcher>
#include <exception>

namespace swsplan::gui {

template <class T>
T future_result(const QFutureWatcher<T>& watcher) {
  try {
    return watcher.result();
  } catch (const QUnhandledException& wrapped) {
    if (wrapped.exception()) std::rethrow_exception(wrapped.exception());
    throw;
  }
}

}  // namespace swsplan::gui

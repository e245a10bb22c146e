#pragma once
/// @file Progress reporting and cooperative cancellation for long operations.
/// Every long operation takes a `Progress&`; the CLI draws a bar, the GUI a dialog with Cancel.
#include <atomic>
#include <functional>
#include <string>

namespace swsplan::gis {

/// A cancel flag shared between the thread that runs a job and the one that may stop it.
class CancelToken {
 public:
  void cancel() noexcept { flag_.store(true, std::memory_order_relaxed); }
  bool cancelled() const noexcept { return flag_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> flag_{false};
};

/// Progress sink. `report(done_0_1, stage)` may be called from the working thread only;
/// `check()` throws `Cancelled` when the token was cancelled. A default-constructed
/// Progress reports nowhere and never cancels.
class Progress {
 public:
  using Callback = std::function<void(double done_0_1, const std::string& stage)>;

  Progress() = default;
  explicit Progress(Callback cb, const CancelToken* token = nullptr) : cb_(std::move(cb)), token_(token) {}

  /// Reports progress; throws Cancelled if the operation was cancelled.
  void report(double done_0_1, const std::string& stage = {});
  /// Throws Cancelled if the operation was cancelled. Cheap: call it in inner loops.
  void check() const;
  bool cancelled() const noexcept { return token_ && token_->cancelled(); }

  /// A view onto [begin, end) of this progress, for one stage of a longer job.
  Progress sub(double begin_0_1, double end_0_1) const;

 private:
  Callback cb_;
  const CancelToken* token_ = nullptr;
  double begin_ = 0.0, end_ = 1.0;
};

/// A Progress that ignores reports and never cancels (for tests and quick calls).
inline Progress& no_progress() {
  static thread_local Progress p;
  return p;
}

}  // namespace swsplan::gis

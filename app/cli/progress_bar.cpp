#include "app/cli/progress_bar.hpp"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <unistd.h>

#include "layers/project.hpp"

namespace swsplan::cli {

namespace {
gis::CancelToken g_token;
std::atomic<bool> g_cooperative{false};  // a ProgressBar passes the token to the running verb
std::atomic<bool> g_noted{false};

void say(const char* text) {
  std::size_t n = 0;
  while (text[n]) ++n;
  (void)!::write(STDERR_FILENO, text, n);
}

// Async-signal-safe: atomics, write(2) and _exit(2) only.
extern "C" void on_interrupt(int) {
  if (layers::commit_interrupt() == layers::CommitInterrupt::Deferred) {
    if (!g_noted.exchange(true))
      say("\nswsplan: interrupted while writing the project: the write finishes first, so the project stays whole\n");
    return;
  }
  if (!g_cooperative.load() || g_token.cancelled()) {
    say("\nswsplan: cancelled; nothing was written\n");
    ::_exit(130);
  }
  g_token.cancel();
}
}  // namespace

gis::CancelToken& interrupt_token() { return g_token; }

void install_interrupt_handlers() {
  static std::atomic<bool> installed{false};
  if (installed.exchange(true)) return;
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
  std::signal(SIGXFSZ, SIG_IGN);
}

ProgressBar::ProgressBar(bool enabled)
    : enabled_(enabled && isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()),
      last_(start_),
      progress_([this](double d, const std::string& s) { draw(d, s); }, &interrupt_token()) {
  g_cooperative.store(true);
}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::draw(double done, const std::string& stage) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - start_ < std::chrono::seconds(1)) return;
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  const int width = 30;
  const int fill = static_cast<int>(done * width + 0.5);
  std::fprintf(stderr, "\r[%.*s%*s] %3d%% %-40.40s", fill, "##############################", width - fill, "",
               static_cast<int>(done * 100 + 0.5), stage.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (drawn_) {
    std::fprintf(stderr, "\r%*s\r", 80, "");
    std::fflush(stderr);
    drawn_ = false;
  }
}

}  // namespace swsplan::cli

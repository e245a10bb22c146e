#pragma once
// A `swsplan` process started without waiting for it, for end-to-end tests that signal a
// running verb: start(), exited() (without reaping), finish() (reap, read its output).
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "e2e_util.hpp"

namespace swsplan::e2e {

// A swsplan process started without waiting for it.
struct Child {
  pid_t pid = -1;
  fs::path out, err;
};

inline Child start(const std::vector<std::string>& args, const fs::path& scratch) {
  static int counter = 0;
  Child c;
  const std::string stem = "child_" + std::to_string(counter++);
  c.out = scratch / (stem + ".out");
  c.err = scratch / (stem + ".err");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, c.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, c.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> full = args;
  full.insert(full.begin(), exe());
  std::vector<char*> argv;
  for (auto& a : full) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int rc = posix_spawn(&c.pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw std::runtime_error("cannot start swsplan");
  return c;
}

inline RunResult finish(Child& c) {
  int status = 0;
  while (waitpid(c.pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error("waitpid failed");
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  r.out = slurp(c.out);
  r.err = slurp(c.err);
  std::error_code ec;
  fs::remove(c.out, ec);
  fs::remove(c.err, ec);
  return r;
}

// True once the child has ended (it stays a zombie for finish() to reap).
inline bool exited(const Child& c) {
  siginfo_t info{};
  return waitid(P_PID, static_cast<id_t>(c.pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == c.pid;
}

// Waits up to `seconds` for the child to end; a child still running then is killed (SIGKILL).
// True when it ended by itself.
inline bool ended_within(const Child& c, double seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!exited(c) && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  if (exited(c)) return true;
  ::kill(c.pid, SIGKILL);
  return false;
}

}  // namespace swsplan::e2e

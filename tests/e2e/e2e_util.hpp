#pragma once
// Helpers for end-to-end tests that drive the real `swsplan` binary: run a command and
// capture stdout, stderr and exit code; temporary directories; file fingerprints (SHA-256)
// to prove that inputs and projects are left byte-for-byte unchanged.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

extern char** environ;

namespace swsplan::e2e {

namespace fs = std::filesystem;

inline std::string exe() { return SWSPLAN_EXE; }
inline fs::path test_data() { return fs::path(SWSPLAN_TEST_DATA); }
inline fs::path bad_data() { return test_data() / "bad"; }
inline fs::path shared_data() { return fs::path(SWSPLAN_SHARED_DATA); }

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A fresh directory under the system temp dir, removed with everything in it at scope exit.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& tag = "e2e") {
    static std::atomic<int> counter{0};
    path = fs::temp_directory_path() /
           ("swsplan_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  fs::path operator/(const std::string& name) const { return path / name; }
};

struct RunResult {
  int exit_code = -1;  ///< exit status; 128+signal when killed by a signal
  std::string out, err;
  /// For failure messages: the command line and both streams.
  std::string describe() const { return "exit " + std::to_string(exit_code) + "\n--- stdout\n" + out + "\n--- stderr\n" + err; }
};

/// Runs `args[0]` (a path, not searched in PATH) with the arguments, stdin from /dev/null,
/// stdout and stderr captured through files in `scratch` (no pipe deadlocks on big output).
inline RunResult run(const std::vector<std::string>& args, const fs::path& scratch = fs::temp_directory_path()) {
  static std::atomic<int> counter{0};
  const std::string stem = "swsplan_run_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  const fs::path out_path = scratch / (stem + ".out"), err_path = scratch / (stem + ".err");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  RunResult r;
  if (rc != 0) throw std::runtime_error("cannot start " + args.front());
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("waitpid failed");
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  std::error_code ec;
  fs::remove(out_path, ec);
  fs::remove(err_path, ec);
  return r;
}

/// Runs the built `swsplan ARGS...`.
inline RunResult run_swsplan(std::vector<std::string> args, const fs::path& scratch = fs::temp_directory_path()) {
  args.insert(args.begin(), exe());
  return run(args, scratch);
}

/// The same as run_swsplan(). Call it qualified (`e2e::swsplan(...)`) wherever namespace
/// swsplan is visible too, or the name is ambiguous.
inline RunResult swsplan(std::vector<std::string> args, const fs::path& scratch = fs::temp_directory_path()) {
  return run_swsplan(std::move(args), scratch);
}

/// SHA-256 of a byte string (FIPS 180-4), lower-case hex.
inline std::string sha256(const std::string& data) {
  static constexpr std::array<std::uint32_t, 64> k = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
      0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
      0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
      0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
      0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
      0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
      0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
      0xc67178f2};
  std::array<std::uint32_t, 8> h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  auto rotr = [](std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); };
  std::string msg = data;
  const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  msg.push_back(static_cast<char>(0x80));
  while (msg.size() % 64 != 56) msg.push_back('\0');
  for (int i = 7; i >= 0; --i) msg.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  for (std::size_t off = 0; off < msg.size(); off += 64) {
    std::array<std::uint32_t, 64> w{};
    for (int i = 0; i < 16; ++i)
      for (int b = 0; b < 4; ++b)
        w[static_cast<std::size_t>(i)] =
            (w[static_cast<std::size_t>(i)] << 8) | static_cast<unsigned char>(msg[off + static_cast<std::size_t>(4 * i + b)]);
    for (std::size_t i = 16; i < 64; ++i) {
      const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    auto v = h;
    for (std::size_t i = 0; i < 64; ++i) {
      const std::uint32_t S1 = rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25);
      const std::uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
      const std::uint32_t t1 = v[7] + S1 + ch + k[i] + w[i];
      const std::uint32_t S0 = rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22);
      const std::uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
      const std::uint32_t t2 = S0 + maj;
      v = {t1 + t2, v[0], v[1], v[2], v[3] + t1, v[4], v[5], v[6]};
    }
    for (std::size_t i = 0; i < 8; ++i) h[i] += v[i];
  }
  std::string hex;
  char buf[9];
  for (auto x : h) {
    std::snprintf(buf, sizeof buf, "%08x", x);
    hex += buf;
  }
  return hex;
}

inline std::string sha256_file(const fs::path& p) { return sha256(slurp(p)); }

/// Fingerprints of every regular file in a directory (name -> sha256), to prove nothing in
/// it changed, appeared or vanished.
inline std::vector<std::pair<std::string, std::string>> dir_fingerprint(const fs::path& dir) {
  std::vector<std::pair<std::string, std::string>> v;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) v.emplace_back(e.path().filename().string(), sha256_file(e.path()));
  std::sort(v.begin(), v.end());
  return v;
}

inline bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

/// pdftotext of the whole file, whitespace runs collapsed to one space.
inline std::string pdf_text(const fs::path& pdf, const fs::path& scratch) {
  auto r = run({"/usr/bin/pdftotext", "-enc", "UTF-8", pdf.string(), "-"}, scratch);
  if (r.exit_code != 0) throw std::runtime_error("pdftotext " + pdf.string() + ": " + r.describe());
  std::string out;
  bool space = false;
  for (char c : r.out) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\f') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  // Qt's PDFs keep typographic ligatures (ff, fi, fl, ffi, ffl) as single characters.
  for (const auto& [lig, plain] : {std::pair<std::string, std::string>{"\xEF\xAC\x80", "ff"}, {"\xEF\xAC\x81", "fi"},
                                   {"\xEF\xAC\x82", "fl"}, {"\xEF\xAC\x83", "ffi"}, {"\xEF\xAC\x84", "ffl"}})
    for (auto at = out.find(lig); at != std::string::npos; at = out.find(lig, at + plain.size())) out.replace(at, lig.size(), plain);
  return out;
}

/// False when swsplan was built without the renderer (SWSPLAN_BUILD_GUI=OFF): no map or
/// report to check.
inline bool have_renderer() {
  static const bool yes = [] {
    auto r = run_swsplan({"map", "/nonexistent/p.gpkg", "--out", "/nonexistent/x.png"});
    return r.err.find("without the desktop renderer") == std::string::npos;
  }();
  return yes;
}

}  // namespace swsplan::e2e

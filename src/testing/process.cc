// Process helpers for end-to-end tests: spawn with pipes, feed, capture, kill.
#include "testing/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <sstream>

extern char** environ;

namespace jirga::testing {
namespace {

pid_t Spawn(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
            int* in_fd, int* out_fd, int* err_fd) {
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    for (const auto& e : extra_env) putenv(const_cast<char*>(e.c_str()));
    execv(args[0], args.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  *in_fd = in[1];
  *out_fd = out[0];
  *err_fd = err[0];
  return pid;
}

void Collect(pid_t pid, ProcessResult* r) {
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status)) r->exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r->signal = WTERMSIG(status);
}

}  // namespace

ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& input,
                         const std::vector<std::string>& extra_env) {
  ProcessResult r;
  int in_fd, out_fd, err_fd;
  pid_t pid = Spawn(argv, extra_env, &in_fd, &out_fd, &err_fd);
  if (pid < 0) return r;
  signal(SIGPIPE, SIG_IGN);
  size_t written = 0;
  if (input.empty()) close(in_fd), in_fd = -1;
  fcntl(out_fd, F_SETFL, O_NONBLOCK);
  fcntl(err_fd, F_SETFL, O_NONBLOCK);
  if (in_fd >= 0) fcntl(in_fd, F_SETFL, O_NONBLOCK);
  char buf[65536];
  while (out_fd >= 0 || err_fd >= 0) {
    pollfd fds[3];
    int n = 0;
    if (out_fd >= 0) fds[n++] = {out_fd, POLLIN, 0};
    if (err_fd >= 0) fds[n++] = {err_fd, POLLIN, 0};
    if (in_fd >= 0) fds[n++] = {in_fd, POLLOUT, 0};
    if (poll(fds, static_cast<nfds_t>(n), 60000) <= 0) break;
    for (int i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == in_fd) {
        ssize_t w = write(in_fd, input.data() + written, input.size() - written);
        if (w > 0) written += static_cast<size_t>(w);
        if (w < 0 && errno != EAGAIN) written = input.size();
        if (written == input.size()) close(in_fd), in_fd = -1;
        continue;
      }
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        (fds[i].fd == out_fd ? r.out : r.err).append(buf, static_cast<size_t>(got));
      } else if (got == 0 || errno != EAGAIN) {
        if (fds[i].fd == out_fd) close(out_fd), out_fd = -1;
        else close(err_fd), err_fd = -1;
      }
    }
  }
  if (in_fd >= 0) close(in_fd);
  if (out_fd >= 0) close(out_fd);
  if (err_fd >= 0) close(err_fd);
  Collect(pid, &r);
  return r;
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv) {
  signal(SIGPIPE, SIG_IGN);
  pid_ = Spawn(argv, {}, &in_fd_, &out_fd_, &err_fd_);
  // stderr is drained as it comes, so a chatty child (a server's access log) never blocks on a
  // full pipe; Wait() returns all of it.
  err_reader_ = std::thread([this] {
    char buf[65536];
    for (;;) {
      ssize_t n = read(err_fd_, buf, sizeof buf);
      if (n <= 0) break;
      err_.append(buf, static_cast<size_t>(n));
    }
  });
}

BackgroundProcess::~BackgroundProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (err_reader_.joinable()) err_reader_.join();
  if (in_fd_ >= 0) close(in_fd_);
  if (out_fd_ >= 0) close(out_fd_);
  if (err_fd_ >= 0) close(err_fd_);
}

bool BackgroundProcess::Write(const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t w = write(in_fd_, data.data() + off, data.size() - off);
    if (w <= 0) return false;
    off += static_cast<size_t>(w);
  }
  return true;
}

void BackgroundProcess::CloseStdin() {
  if (in_fd_ >= 0) close(in_fd_);
  in_fd_ = -1;
}

std::string BackgroundProcess::ReadSome(int timeout_ms) {
  pollfd p{out_fd_, POLLIN, 0};
  if (poll(&p, 1, timeout_ms) <= 0) return "";
  char buf[65536];
  ssize_t n = read(out_fd_, buf, sizeof buf);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
}

void BackgroundProcess::Kill(int sig) { kill(pid_, sig); }

ProcessResult BackgroundProcess::Wait() {
  ProcessResult r;
  CloseStdin();
  char buf[65536];
  for (;;) {
    ssize_t n = read(out_fd_, buf, sizeof buf);
    if (n <= 0) break;
    r.out.append(buf, static_cast<size_t>(n));
  }
  if (err_reader_.joinable()) err_reader_.join();
  r.err = std::move(err_);
  Collect(pid_, &r);
  pid_ = -1;
  return r;
}

std::string JirgaBinary() { return JIRGA_BINARY; }

ProcessResult Jirga(std::vector<std::string> args, const std::string& input,
                    const std::vector<std::string>& extra_env) {
  args.insert(args.begin(), JirgaBinary());
  return RunProcess(args, input, extra_env);
}

std::string AddParty(const std::string& store, const std::string& key_path,
                     const std::string& id, const std::string& role, const std::string& kinds) {
  ProcessResult gen = Jirga({"key", "generate", id, "--out", key_path});
  if (gen.exit_code != 0 || gen.out.empty()) return "jirga key generate " + id + ": " + gen.err;
  std::vector<std::string> args = {"party", "register", id,    "--vkey", Lines(gen.out).back(),
                                   "--role", role,      "--store", store};
  if (!kinds.empty()) {
    args.push_back("--kinds");
    args.push_back(kinds);
  }
  ProcessResult reg = Jirga(args);
  if (reg.exit_code != 0) return "jirga party register " + id + ": " + reg.err;
  return "";
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string SharedDataDir() {
  std::string d = JIRGA_SHARED_DATA;
  return std::filesystem::exists(d) ? d : "";
}

}  // namespace jirga::testing

// Runs a real binary for end-to-end tests: feeds stdin, captures stdout and stderr, and can start
// it in the background to kill it mid-write.
#pragma once

#include <sys/types.h>

#include <string>
#include <thread>
#include <vector>

namespace jirga::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 if killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] is the program path) to completion with `input` on stdin.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& input = "",
                         const std::vector<std::string>& extra_env = {});

// A process started in the background with pipes to its stdin and stdout.
class BackgroundProcess {
 public:
  explicit BackgroundProcess(const std::vector<std::string>& argv);
  ~BackgroundProcess();
  // Writes to its stdin (blocking); returns false once the pipe is closed.
  bool Write(const std::string& data);
  void CloseStdin();
  // Reads whatever stdout has, waiting up to `timeout_ms`; empty at end of stream.
  std::string ReadSome(int timeout_ms);
  void Kill(int sig);
  // Waits for exit and drains stdout into `rest`.
  ProcessResult Wait();

 private:
  pid_t pid_ = -1;
  int in_fd_ = -1, out_fd_ = -1, err_fd_ = -1;
  std::thread err_reader_;  // drains stderr into err_ until the child closes it
  std::string err_;         // written by err_reader_ only; read after joining it
};

// The jirga binary under test (set by CMake).
std::string JirgaBinary();
// Runs the jirga binary with `args` (without the program name) to completion.
ProcessResult Jirga(std::vector<std::string> args, const std::string& input = "",
                    const std::vector<std::string>& extra_env = {});
// Makes a key for party `id` (`jirga key generate`, written to `key_path`) and registers it in
// `store` with `role`, and with `kinds` (comma-separated) when not empty. "" on success, else
// which command failed and its stderr.
std::string AddParty(const std::string& store, const std::string& key_path,
                     const std::string& id, const std::string& role,
                     const std::string& kinds = "");
// The lines of a program's output, without their newlines.
std::vector<std::string> Lines(const std::string& text);
// ../shared/data, or "" when absent.
std::string SharedDataDir();

}  // namespace jirga::testing

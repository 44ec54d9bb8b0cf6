// BufferedLineWriter: lines from many threads, written to one stream in batches.
//
// A busy server logs one line per request. Writing each line with its own flush makes every
// request thread take a lock and make a system call, and the threads queue on that lock; here a
// line is only appended to a buffer, and a background thread writes what has gathered every
// `interval` (or sooner once `max_buffered` bytes wait). The price: lines reach the stream up
// to `interval` late, and lines still buffered are lost if the process is killed (kill -9);
// Flush() and the destructor write everything buffered.
//
// Ownership: borrows `out`, which must outlive the writer. Thread safety: Write and Flush may
// be called from any thread; only the writer thread and Flush touch `out`.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>

namespace jirga {

class BufferedLineWriter {
 public:
  BufferedLineWriter(std::ostream& out, std::chrono::milliseconds interval,
                     size_t max_buffered = 64 * 1024);
  ~BufferedLineWriter();
  BufferedLineWriter(const BufferedLineWriter&) = delete;
  BufferedLineWriter& operator=(const BufferedLineWriter&) = delete;

  // Queues `line` and a newline.
  void Write(std::string_view line);
  // Writes and flushes everything queued so far before returning.
  void Flush();

 private:
  void Loop();
  void WriteOut(std::string& batch);  // with out_mu_ held by the caller

  // Constant after construction.
  std::ostream& out_;
  const std::chrono::milliseconds interval_;
  const size_t max_buffered_;

  std::mutex mu_;
  std::condition_variable wake_;
  std::string buffer_;   // guarded by mu_
  bool stopping_ = false;  // guarded by mu_

  std::mutex out_mu_;  // serializes writes to out_, so batches keep their order
  std::thread thread_;
};

}  // namespace jirga

// BufferedLineWriter: batches lines from many threads into few writes of one stream.
#include "base/line_writer.h"

#include <utility>

namespace jirga {

BufferedLineWriter::BufferedLineWriter(std::ostream& out, std::chrono::milliseconds interval,
                                       size_t max_buffered)
    : out_(out), interval_(interval), max_buffered_(max_buffered), thread_([this] { Loop(); }) {}

BufferedLineWriter::~BufferedLineWriter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  Flush();
}

void BufferedLineWriter::Write(std::string_view line) {
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    buffer_.append(line);
    buffer_.push_back('\n');
    wake = buffer_.size() >= max_buffered_;
  }
  if (wake) wake_.notify_one();
}

void BufferedLineWriter::Flush() {
  // Taking out_mu_ first keeps the order: a batch the writer thread has taken but not yet
  // written is written before this one.
  std::lock_guard<std::mutex> out_lock(out_mu_);
  std::string batch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    batch.swap(buffer_);
  }
  WriteOut(batch);
}

void BufferedLineWriter::WriteOut(std::string& batch) {
  if (batch.empty()) return;
  out_.write(batch.data(), static_cast<std::streamsize>(batch.size()));
  out_.flush();
}

void BufferedLineWriter::Loop() {
  std::string batch;
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, interval_,
                   [this] { return stopping_ || buffer_.size() >= max_buffered_; });
    if (buffer_.empty()) continue;
    lock.unlock();
    {
      std::lock_guard<std::mutex> out_lock(out_mu_);
      {
        std::lock_guard<std::mutex> again(mu_);
        batch.swap(buffer_);
      }
      WriteOut(batch);
    }
    batch.clear();
    lock.lock();
  }
}

}  // namespace jirga

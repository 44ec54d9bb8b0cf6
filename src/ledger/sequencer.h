// Sequencer: the single writer. Callers enqueue prepared submissions from any thread; one writer
// thread takes everything queued (up to a batch limit), hands it to the batch function — which
// assigns indexes and commits the batch in one transaction with one fsync — and then resolves
// each caller's future. While one batch is being made durable the next one accumulates, so the
// batch size adapts to load (group commit) without a timer.
//
// Thread-safe. The destructor stops accepting work, drains the queue, and joins the writer.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "base/status.h"

namespace jirga {

template <typename In, typename Out>
class Sequencer {
 public:
  // `fn(items, results)` must fill results[i] for every items[i].
  using BatchFn = std::function<void(std::vector<In>& items, std::vector<Result<Out>>& results)>;

  Sequencer(BatchFn fn, size_t max_batch) : fn_(std::move(fn)), max_batch_(max_batch) {
    thread_ = std::thread([this] { Run(); });
  }
  ~Sequencer() {
    {
      std::lock_guard<std::mutex> l(mutex_);
      stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  Sequencer(const Sequencer&) = delete;
  Sequencer& operator=(const Sequencer&) = delete;

  std::future<Result<Out>> Enqueue(In item) {
    std::promise<Result<Out>> p;
    auto f = p.get_future();
    {
      std::lock_guard<std::mutex> l(mutex_);
      if (stopping_) {
        p.set_value(FailedPrecondition("the log is shutting down"));
        return f;
      }
      queue_.emplace_back(std::move(item), std::move(p));
    }
    cv_.notify_one();
    return f;
  }

 private:
  void Run() {
    for (;;) {
      std::vector<In> items;
      std::vector<std::promise<Result<Out>>> promises;
      {
        std::unique_lock<std::mutex> l(mutex_);
        cv_.wait(l, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping and drained
        while (!queue_.empty() && items.size() < max_batch_) {
          items.push_back(std::move(queue_.front().first));
          promises.push_back(std::move(queue_.front().second));
          queue_.pop_front();
        }
      }
      std::vector<Result<Out>> results(items.size(), Result<Out>(Internal("batch left unset")));
      fn_(items, results);
      for (size_t i = 0; i < items.size(); ++i) promises[i].set_value(std::move(results[i]));
    }
  }

  // Constant after construction.
  const BatchFn fn_;
  const size_t max_batch_;
  std::thread thread_;

  // Guarded by mutex_.
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::pair<In, std::promise<Result<Out>>>> queue_;
  bool stopping_ = false;
};

}  // namespace jirga

// GatedStore: a MemoryStore whose appends can be held at a gate, for tests that need records
// enqueued meanwhile to reach the Log's writer together, as one batch, whatever the scheduler
// does.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "store/memory_store.h"

namespace jirga::testing {

class GatedStore : public MemoryStore {
 public:
  void Close() {
    std::lock_guard l(mu_);
    open_ = false;
  }
  void Open() {
    {
      std::lock_guard l(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }
  // Blocks until an append is waiting at the closed gate.
  void WaitUntilHeld() {
    std::unique_lock l(mu_);
    cv_.wait(l, [&] { return held_; });
  }
  Status Append(const AppendBatch& batch) override {
    {
      std::unique_lock l(mu_);
      held_ = !open_;
      cv_.notify_all();
      cv_.wait(l, [&] { return open_; });
      held_ = false;
    }
    ++appends_;
    return MemoryStore::Append(batch);
  }
  int appends() const { return appends_; }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = true;
  bool held_ = false;
  std::atomic<int> appends_{0};
};

}  // namespace jirga::testing

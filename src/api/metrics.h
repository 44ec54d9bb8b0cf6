// Metrics: request counts and append latencies kept by the server, rendered with the log's own
// counters in the Prometheus text exposition format (version 0.0.4) for GET /metrics.
//
//   jirga_http_requests_total{route,method,status}   counter; route is the API route pattern
//                                                    ("/v1/records/{index}"), "static" or "other"
//   jirga_append_latency_seconds                     histogram: receipt of a verified submission
//                                                    to its durable acknowledgement
//   jirga_batch_records                              histogram: records per committed batch
//   jirga_log_tree_size                              gauge
//   jirga_log_appended_records_total, jirga_log_batches_total   counters (this process)
//
// Thread safety: all methods may be called concurrently.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

#include "ledger/log.h"

namespace jirga::api {

class Metrics {
 public:
  // Upper bounds (seconds) of the append-latency buckets.
  static constexpr double kLatencyBounds[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                              0.1,   0.25,   0.5,   1,    2.5,   5};
  static constexpr size_t kLatencyBuckets = std::size(kLatencyBounds) + 1;

  void CountRequest(std::string_view route, std::string_view method, int status);
  void ObserveAppendMicros(int64_t micros);

  // The whole exposition, including the log's counters and tree size.
  std::string Render(const Log& log) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;  // guarded by mutex_

  std::atomic<uint64_t> latency_counts_[kLatencyBuckets] = {};  // not cumulative
  std::atomic<uint64_t> latency_sum_micros_{0};
};

}  // namespace jirga::api

// Prometheus text exposition of the server's and the log's counters.
#include "api/metrics.h"

#include <cstdio>
#include <iterator>

namespace jirga::api {
namespace {

// Label values are escaped as the exposition format requires (backslash, quote, newline).
std::string Escape(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

void Metrics::CountRequest(std::string_view route, std::string_view method, int status) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{std::string(route), std::string(method), status}];
}

void Metrics::ObserveAppendMicros(int64_t micros) {
  if (micros < 0) micros = 0;
  const double seconds = static_cast<double>(micros) / 1e6;
  size_t bucket = 0;
  while (bucket < std::size(kLatencyBounds) && seconds > kLatencyBounds[bucket]) ++bucket;
  latency_counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  latency_sum_micros_.fetch_add(static_cast<uint64_t>(micros), std::memory_order_relaxed);
}

std::string Metrics::Render(const Log& log) const {
  std::string out;
  out += "# HELP jirga_http_requests_total HTTP responses by route pattern, method and status.\n";
  out += "# TYPE jirga_http_requests_total counter\n";
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [key, n] : requests_) {
      const auto& [route, method, status] = key;
      out += "jirga_http_requests_total{route=\"" + Escape(route) + "\",method=\"" +
             Escape(method) + "\",status=\"" + std::to_string(status) + "\"} " +
             std::to_string(n) + "\n";
    }
  }
  out += "# HELP jirga_append_latency_seconds From a verified submission to its durable "
         "acknowledgement.\n";
  out += "# TYPE jirga_append_latency_seconds histogram\n";
  uint64_t cumulative = 0;
  for (size_t i = 0; i < kLatencyBuckets; ++i) {
    cumulative += latency_counts_[i].load(std::memory_order_relaxed);
    const std::string le = i < std::size(kLatencyBounds) ? Number(kLatencyBounds[i]) : "+Inf";
    out += "jirga_append_latency_seconds_bucket{le=\"" + le + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  out += "jirga_append_latency_seconds_sum " +
         Number(static_cast<double>(latency_sum_micros_.load(std::memory_order_relaxed)) / 1e6) +
         "\n";
  out += "jirga_append_latency_seconds_count " + std::to_string(cumulative) + "\n";

  const LogStats& stats = log.stats();
  out += "# HELP jirga_batch_records Records per committed batch (one transaction, one fsync).\n";
  out += "# TYPE jirga_batch_records histogram\n";
  cumulative = 0;
  for (size_t i = 0; i < LogStats::kBuckets; ++i) {
    cumulative += stats.batch_size_counts[i].load(std::memory_order_relaxed);
    const std::string le = i < std::size(LogStats::kBatchBounds)
                               ? std::to_string(LogStats::kBatchBounds[i])
                               : std::string("+Inf");
    out += "jirga_batch_records_bucket{le=\"" + le + "\"} " + std::to_string(cumulative) + "\n";
  }
  const uint64_t records = stats.records.load(std::memory_order_relaxed);
  out += "jirga_batch_records_sum " + std::to_string(records) + "\n";
  out += "jirga_batch_records_count " + std::to_string(cumulative) + "\n";
  out += "# HELP jirga_log_appended_records_total Records appended by this process.\n";
  out += "# TYPE jirga_log_appended_records_total counter\n";
  out += "jirga_log_appended_records_total " + std::to_string(records) + "\n";
  out += "# HELP jirga_log_batches_total Batches committed by this process.\n";
  out += "# TYPE jirga_log_batches_total counter\n";
  out += "jirga_log_batches_total " +
         std::to_string(stats.batches.load(std::memory_order_relaxed)) + "\n";
  out += "# HELP jirga_log_tree_size Leaves in the log (covered by the latest checkpoint).\n";
  out += "# TYPE jirga_log_tree_size gauge\n";
  out += "jirga_log_tree_size " + std::to_string(log.Size()) + "\n";
  return out;
}

}  // namespace jirga::api

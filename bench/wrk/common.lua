-- Shared by the wrk scripts of bench/http.sh: thread ids, per-thread status counts, and one
-- machine-readable result line ("JIRGA_RESULT ...") printed when wrk is done.
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function count_status(status)
  if status == expected_status then
    good = good + 1
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local good_total, bad_total, wrapped = 0, 0, 0
  for _, t in ipairs(threads) do
    good_total = good_total + (t:get("good") or 0)
    bad_total = bad_total + (t:get("bad") or 0)
    wrapped = wrapped + (t:get("wrapped") or 0)
  end
  if count_statuses_from_summary then
    -- No response() callback ran: every request that did not fail at the socket and was not
    -- answered >= 400 counts as good (bench/http.sh replaces this with the server's own count).
    bad_total = summary.errors.status
    good_total = summary.requests - bad_total
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "JIRGA_RESULT name=%s requests=%d ok=%d other_status=%d socket_errors=%d wrapped=%d " ..
    "seconds=%.2f rate=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    os.getenv("JIRGA_NAME") or "?", summary.requests, good_total, bad_total,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    wrapped, seconds, good_total / seconds, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end

-- POST /v1/records with pre-signed, distinct submissions (JIRGA_BODIES, one JSON body per line);
-- wrk thread k sends lines k, k+T, k+2T, ... so no body is sent twice unless the file runs out
-- (counted as "wrapped": such requests are cheap duplicates and the run should be redone larger).
--
-- The requests are formatted once in init() and there is no response() callback: wrk's own
-- documentation says building a request per call is expensive, and a response() callback makes
-- wrk parse every response into Lua tables. On this 2-core machine the load generator shares the
-- CPUs with the server, so its cost is taken from the server's. wrk still counts every status
-- >= 400 (other_status here); bench/http.sh takes the exact number of 201s from the server's
-- /metrics, and checks it against the log's growth.
dofile(os.getenv("JIRGA_WRK_DIR") .. "/common.lua")
count_statuses_from_summary = true

function init(args)
  good, bad, wrapped = 0, 0, 0
  local path = os.getenv("JIRGA_BODIES")
  local nthreads = tonumber(os.getenv("JIRGA_WRK_THREADS"))
  requests = {}
  local i = 0
  for line in io.lines(path) do
    if i % nthreads == id then
      requests[#requests + 1] = wrk.format("POST", "/v1/records",
                                           {["Content-Type"] = "application/json"}, line)
    end
    i = i + 1
  end
  n = 0
end

function request()
  n = n + 1
  if n > #requests then
    n = 1
    wrapped = wrapped + 1
  end
  return requests[n]
end

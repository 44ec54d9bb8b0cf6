-- POST /v1/records with pre-signed, distinct submissions (JIRGA_BODIES, one JSON body per line);
-- wrk thread k sends lines k, k+T, k+2T, ... so no body is sent twice unless the file runs out
-- (counted as "wrapped": such requests are cheap duplicates and the run should be redone larger).
dofile(os.getenv("JIRGA_WRK_DIR") .. "/common.lua")
expected_status = 201

function init(args)
  good, bad, wrapped = 0, 0, 0
  local path = os.getenv("JIRGA_BODIES")
  local nthreads = tonumber(os.getenv("JIRGA_WRK_THREADS"))
  bodies = {}
  local i = 0
  for line in io.lines(path) do
    if i % nthreads == id then bodies[#bodies + 1] = line end
    i = i + 1
  end
  n = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  n = n + 1
  if n > #bodies then
    n = 1
    wrapped = wrapped + 1
  end
  return wrk.format("POST", "/v1/records", nil, bodies[n])
end

function response(status, headers, body)
  count_status(status)
end

-- GET an inclusion proof (c2sp.org/tlog-proof@v1) for a random index below JIRGA_SIZE.
dofile(os.getenv("JIRGA_WRK_DIR") .. "/common.lua")
expected_status = 200

function init(args)
  good, bad = 0, 0
  size = tonumber(os.getenv("JIRGA_SIZE"))
  math.randomseed(4321 + id)
end

function request()
  return wrk.format("GET", "/v1/records/" .. math.random(0, size - 1) .. "/proof")
end

function response(status, headers, body)
  count_status(status)
end

-- GET random full level-0 tiles (c2sp.org/tlog-tiles paths) among the first JIRGA_TILES.
dofile(os.getenv("JIRGA_WRK_DIR") .. "/common.lua")
expected_status = 200

-- N as 3-digit path elements, all but the last prefixed with "x": 1234067 -> x001/x234/067.
local function tile_index(n)
  local parts = {}
  repeat
    table.insert(parts, 1, string.format("%03d", n % 1000))
    n = math.floor(n / 1000)
  until n == 0
  for i = 1, #parts - 1 do parts[i] = "x" .. parts[i] end
  return table.concat(parts, "/")
end

function init(args)
  good, bad = 0, 0
  tiles = tonumber(os.getenv("JIRGA_TILES"))
  math.randomseed(1234 + id)
end

function request()
  return wrk.format("GET", "/tile/0/" .. tile_index(math.random(0, tiles - 1)))
end

function response(status, headers, body)
  count_status(status)
end

-- wrk script: GET /customers/{id} with ids picked at random from the file named by $IDS (one id a line).
local ids = {}
for line in io.lines(os.getenv("IDS")) do
  ids[#ids + 1] = line
end

setup = function(thread) end

init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

request = function()
  return wrk.format("GET", "/customers/" .. ids[math.random(#ids)], { ["Accept"] = "application/json" })
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("requests %d in %.1f s: %.0f req/s; non-2xx %d, socket errors %d; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    summary.requests, seconds, summary.requests / seconds, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end

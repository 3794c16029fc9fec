-- wrk script of bench/run. The method and a body file come from the environment, so one script
-- serves reads and writes; done() prints one machine-readable line that bench/run parses:
--   BENCH <requests/s> <p50 ms> <p99 ms> <bad statuses> <socket errors> <requests>
local method = os.getenv("WRK_METHOD")
local body_file = os.getenv("WRK_BODY_FILE")
if method and method ~= "" then
	wrk.method = method
end
if body_file and body_file ~= "" then
	local f = assert(io.open(body_file, "rb"))
	wrk.body = f:read("*a")
	f:close()
	wrk.headers["Content-Type"] = "application/json"
end

function done(summary, latency, requests)
	local seconds = summary.duration / 1e6
	local e = summary.errors
	io.write(string.format("BENCH %.1f %.3f %.3f %d %d %d\n",
		summary.requests / seconds,
		latency:percentile(50) / 1000, latency:percentile(99) / 1000,
		e.status, e.connect + e.read + e.write + e.timeout, summary.requests))
end

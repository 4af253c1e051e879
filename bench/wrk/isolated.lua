-- wrk script for case (ii)/(iii): one isolated execution per HTTP request.
-- Each request is script mode with the seed workload inline and a tenant never used before, so
-- no server may reuse state between requests. The arguments come from a pre-generated set of
-- inputs (arrays of 10 to 150 integers). Responses that are not 200 with "ok":true are counted
-- as bad. done() prints one JSON line, prefixed with BENCH_RESULT, for bench/lib/bench.js.
--
-- Environment: BENCH_RUN (run id, part of every tenant), BENCH_INPUTS (size of the set, 500).

local run_id = os.getenv("BENCH_RUN") or tostring(os.time())
local input_count = tonumber(os.getenv("BENCH_INPUTS") or "500")
local workload = "((a,b,c)=>a.reduce((acc,x)=>acc+x,b)+c.length)"

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

-- main Lua state: give each thread an id and keep the threads for done()
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

-- per-thread state (each wrk thread runs its own copy of this script)
local bodies_tail = {}
local counter = 0
local next_input = 0
bad = 0

local function random_input()
  local numbers = {}
  for i = 1, math.random(10, 150) do
    numbers[i] = tostring(math.random(-1000, 1000))
  end
  local letters = {}
  for i = 1, math.random(0, 12) do
    letters[i] = string.char(math.random(97, 122))
  end
  return "[" .. table.concat(numbers, ",") .. "]", tostring(math.random(-100, 100)), table.concat(letters)
end

function init(args)
  math.randomseed(1000 + thread_id)
  for i = 1, input_count do
    local a, b, c = random_input()
    local code = workload .. "(" .. a .. "," .. b .. ",\\\"" .. c .. "\\\")"
    bodies_tail[i] = '","timeoutMs":1000,"code":"' .. code .. '"}'
  end
end

function request()
  counter = counter + 1
  next_input = next_input % input_count + 1
  local tenant = "bench-" .. run_id .. "-" .. thread_id .. "-" .. counter
  return wrk.format(nil, nil, nil, '{"tenant":"' .. tenant .. bodies_tail[next_input])
end

function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"ok":true', 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local bad_total = 0
  for _, thread in ipairs(threads) do
    bad_total = bad_total + thread:get("bad")
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d,' ..
    '"socketErrors":%d,"non2xx":%d,"bad":%d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout, e.status, bad_total))
end

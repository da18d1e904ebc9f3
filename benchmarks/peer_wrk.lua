-- wrk script for benchmarks/peer_benchmark.py: POSTs one GraphQL body, rotating person ids.
--
--   wrk -t T -c C -d 20s -s peer_wrk.lua URL -- BODY_FILE [IDS_FILE]
--
-- BODY_FILE holds the JSON body; each "__ID__" in it is replaced by the next id of
-- IDS_FILE (one a line), each thread starting at a different place in the list.
-- Responses whose body names "errors" are counted as GraphQL errors. `done` prints one
-- line, "WRK_RESULT {json}", with the counts and latency percentiles in microseconds.

local threads = {}
local counter = 1

function setup(thread)
    thread:set("number", counter)
    counter = counter + 1
    table.insert(threads, thread)
end

local function read_all(path)
    local file = assert(io.open(path, "rb"))
    local text = file:read("*a")
    file:close()
    return text
end

local body, ids, next_id
graphql_errors = 0

function init(args)
    body = read_all(args[1])
    ids = {}
    if args[2] then
        for line in io.lines(args[2]) do
            if #line > 0 then table.insert(ids, line) end
        end
    end
    next_id = ((number or 1) - 1) * 7919
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Accept"] = "application/json"
end

function request()
    if #ids == 0 then
        return wrk.format(nil, nil, nil, body)
    end
    next_id = next_id + 1
    local id = ids[(next_id % #ids) + 1]
    return wrk.format(nil, nil, nil, (body:gsub("__ID__", id)))
end

function response(status, headers, response_body)
    if response_body and response_body:find('"errors"', 1, true) then
        graphql_errors = graphql_errors + 1
    end
end

function done(summary, latency, requests)
    local errors = 0
    for _, thread in ipairs(threads) do
        errors = errors + (thread:get("graphql_errors") or 0)
    end
    local e = summary.errors
    io.write(string.format(
        'WRK_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
        .. '"max_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, '
        .. '"graphql_errors": %d}\n',
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
        latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout, errors))
end

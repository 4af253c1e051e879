'use strict';
// Helper of bench/run-bench.sh: the measurements that are not wrk runs, and the report.
//
//   node bench.js free-port                       a free TCP port on 127.0.0.1
//   node bench.js check URL                       the seed workload gives the right values, both modes
//   node bench.js batch URL NAME [REPS]           case (i): one request of 1,000 inputs, REPS times
//   node bench.js spawn [COUNT]                   case (iv): `node -e` per execution, COUNT times
//   node --no-node-snapshot bench.js floor [SECONDS] [WARMUP] [NAME]
//                                                 case (v): isolated-vm's floor, one isolate, one thread,
//                                                 a fresh context and the workload per execution, no HTTP
//   node bench.js batch-body FILE [COUNT]         case (i)'s request body, for a plain HTTP client (curl);
//                                                 COUNT inputs (default 1,000, the API allows 10,000)
//   node bench.js median NAME RESPONSE [SECONDS...]
//                                                 curl's batch: checks one RESPONSE file it saved, then
//                                                 the median of its request times per input
//   node bench.js floor-scripts                   the floor's 500 scripts, one a line (FloorInputs prints the same)
//   node bench.js report RESULTS [KEY=VALUE...]   the side-by-side table from the JSON lines
//
// Measurements print one line `BENCH_RESULT {json}`; run-bench.sh collects them in a file.

const http = require('node:http');
const net = require('node:net');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');

const WORKLOAD = '(a, b, c) => a.reduce((acc, x) => acc + x, b) + c.length';
const BATCH_SIZE = 1000;
const BATCH_WARMUP_REPS = 10;
const BATCH_SEED = 42;
const FLOOR_SCRIPTS = 500;
const FLOOR_SEED = 5; // bench/src/main/java/dev/isopool/bench/FloorInputs.java draws the same scripts
const FLOOR_HEAP_MB = 128; // as the peer's isolates (PEER_HEAP_MB) and the runtime's default heap cap

// Deterministic inputs: arrays of 10 to 150 integers, an integer, a short string.
function makeInputs(count, seed) {
  let state = seed >>> 0 || 1;
  const next = (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
  return Array.from({ length: count }, () => {
    const a = Array.from({ length: 10 + next(141) }, () => next(2001) - 1000);
    const c = 'abcdefghijkl'.slice(0, next(13));
    return [a, next(201) - 100, c];
  });
}

function expected([a, b, c]) {
  return a.reduce((acc, x) => acc + x, b) + c.length;
}

function scriptFor(input) {
  const [a, b, c] = input;
  return `((a,b,c)=>a.reduce((acc,x)=>acc+x,b)+c.length)(${JSON.stringify(a)},${b},${JSON.stringify(c)})`;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post(url, body) {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const elapsedUs = Number(process.hrtime.bigint() - start) / 1000;
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode} from ${url}: ${text.slice(0, 300)}`));
          resolve({ elapsedUs, body: JSON.parse(text) });
        });
      }
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function checkResults(url, response, inputs) {
  const results = response.results || [];
  if (results.length !== inputs.length) {
    throw new Error(`${url}: ${results.length} results for ${inputs.length} inputs`);
  }
  results.forEach((result, i) => {
    if (!result.ok || result.value !== expected(inputs[i])) {
      throw new Error(`${url}: input ${i} gave ${JSON.stringify(result)}, expected ${expected(inputs[i])}`);
    }
  });
}

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function emit(result) {
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  console.log(port);
}

async function check(url) {
  const inputs = makeInputs(20, 7);
  for (const [i, input] of inputs.entries()) {
    const { body } = await post(url, { code: scriptFor(input), tenant: `bench-check-${process.pid}-${i}`, timeoutMs: 1000 });
    checkResults(url, body, [input]);
  }
  const { body } = await post(url, { code: WORKLOAD, inputs, tenant: `bench-check-${process.pid}`, timeoutMs: 1000 });
  checkResults(url, body, inputs);
  console.log(`${url}: seed workload correct in script and batch mode`);
}

function batchRequest(inputs) {
  return { code: WORKLOAD, inputs, tenant: `bench-batch-${process.pid}`, timeoutMs: 1000 };
}

// The batch request as a file, so that a client other than this one (curl) can send it.
function batchBody(file, count = BATCH_SIZE) {
  const n = Number(count);
  if (!Number.isInteger(n) || n < 1) throw new Error(`batch-body: COUNT must be a positive integer, got '${count}'`);
  fs.writeFileSync(file, JSON.stringify(batchRequest(makeInputs(n, BATCH_SEED))));
}

// curl's batch: the response of one of its requests (a file) must hold the right 1,000 values;
// then the median of its %{time_total} per request, in seconds, as microseconds per input.
function medianOf(name, responseFile, ...seconds) {
  checkResults(name, JSON.parse(fs.readFileSync(responseFile, 'utf8')), makeInputs(BATCH_SIZE, BATCH_SEED));
  const perInput = seconds.map(Number).filter(Number.isFinite).map((s) => (s * 1e6) / BATCH_SIZE);
  if (perInput.length === 0) throw new Error(`${name}: no request times`);
  emit({ name, reps: perInput.length, clientUsPerInput: median(perInput), minClientUsPerInput: Math.min(...perInput) });
}

async function batch(url, name, reps = 30) {
  const inputs = makeInputs(BATCH_SIZE, BATCH_SEED);
  const request = batchRequest(inputs);
  const client = [];
  const server = [];
  for (let rep = 0; rep < BATCH_WARMUP_REPS + Number(reps); rep++) {
    const { elapsedUs, body } = await post(url, request);
    checkResults(url, body, inputs);
    if (rep < BATCH_WARMUP_REPS) continue;
    client.push(elapsedUs / BATCH_SIZE);
    server.push(body.durationUs / BATCH_SIZE);
  }
  emit({ name, reps: client.length, clientUsPerInput: median(client), serverUsPerInput: median(server), minClientUsPerInput: Math.min(...client) });
}

function spawn(count = 30) {
  const inputs = makeInputs(Number(count), 11);
  const times = inputs.map((input) => {
    const script = `const f = ${WORKLOAD};\nresult = f(${JSON.stringify(input[0])}, ${input[1]}, ${JSON.stringify(input[2])});\nconsole.log(result)`;
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (run.status !== 0 || Number(run.stdout.trim()) !== expected(input)) {
      throw new Error(`node -e failed: status ${run.status}, stdout ${run.stdout}, stderr ${run.stderr}`);
    }
    return elapsedMs;
  });
  emit({ name: 'spawn', count: times.length, medianMs: median(times), minMs: Math.min(...times) });
}

// The floor under the peer: what isolated-vm costs per isolated execution before any HTTP, queue or
// promise, the counterpart of dev.isopool.bench.JavetFloor. One isolate, a fresh context per
// execution, synchronous calls on this thread. CPU is the whole process's (process.cpuUsage()),
// which includes isolated-vm's and V8's own threads, as the server's figure does.
function floor(seconds = 5, warmup = 3, name = 'peer.floor') {
  const ivm = require('../peer/node_modules/isolated-vm');
  const inputs = makeInputs(FLOOR_SCRIPTS, FLOOR_SEED);
  const scripts = inputs.map(scriptFor);
  const values = inputs.map(expected);
  const isolate = new ivm.Isolate({ memoryLimit: FLOOR_HEAP_MB });
  const loop = (limitSeconds) => {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    const end = start + BigInt(Math.round(Number(limitSeconds) * 1e9));
    let n = 0;
    do {
      for (let i = 0; i < 50; i++, n++) {
        const at = n % scripts.length;
        const context = isolate.createContextSync();
        const value = context.evalSync(scripts[at]);
        context.release();
        if (value !== values[at]) throw new Error(`the workload gave ${value} instead of ${values[at]}`);
      }
    } while (process.hrtime.bigint() < end);
    const wallNs = Number(process.hrtime.bigint() - start);
    const cpu = process.cpuUsage(cpuStart);
    return { executions: n, seconds: wallNs / 1e9, rps: n / (wallNs / 1e9), cpuUsPerRequest: (cpu.user + cpu.system) / n };
  };
  if (Number(warmup) > 0) loop(warmup);
  const f = loop(seconds);
  isolate.dispose();
  emit({ name, executions: f.executions, seconds: Number(f.seconds.toFixed(3)),
    rps: Number(f.rps.toFixed(1)), cpuUsPerRequest: Number(f.cpuUsPerRequest.toFixed(1)) });
}

// Prints the floor's scripts, one a line, to compare with FloorInputs while changing either.
function floorScripts() {
  for (const input of makeInputs(FLOOR_SCRIPTS, FLOOR_SEED)) console.log(scriptFor(input));
}

const commands = { 'free-port': freePort, check, batch, 'batch-body': batchBody, median: medianOf, spawn, floor,
  'floor-scripts': floorScripts, report: (...args) => require('./report').report(...args) };

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!commands[command]) {
    console.error(`usage: node bench.js ${Object.keys(commands).join('|')} ...`);
    process.exit(2);
  }
  await commands[command](...args);
  agent.destroy();
}

main().catch((err) => {
  console.error(`bench: ${err.message}`);
  process.exit(1);
});

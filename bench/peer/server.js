'use strict';
// The peer `./isopool bench` measures the runtime against: what a user would pick instead of
// Isopool. A Node.js HTTP server with a fixed set of isolated-vm isolates (one per worker, like
// the runtime's ISOPOOL_WORKERS) that runs every request in a fresh context and answers
// POST /v1/execute with the same request and response JSON as the runtime's HTTP API v1.
//
// Run with `node --no-node-snapshot server.js` (isolated-vm needs it on Node 20).
// Environment: HOST (127.0.0.1), PORT (8090), PEER_ISOLATES (2), PEER_TIMEOUT_MS (1000, default
// and maximum per execution), PEER_HEAP_MB (128, per isolate, as the
// runtime's default heap cap).

const http = require('node:http');
const ivm = require('isolated-vm');

const HOST = process.env.HOST || '127.0.0.1';
const PORT = Number(process.env.PORT || 8090);
const ISOLATES = Number(process.env.PEER_ISOLATES || 2);
const MAX_TIMEOUT_MS = Number(process.env.PEER_TIMEOUT_MS || 1000);
const HEAP_MB = Number(process.env.PEER_HEAP_MB || 128);
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_WAITING = 64 * ISOLATES;

// A fixed set of isolates; a request borrows one, queues when all are busy.
class IsolatePool {
  constructor(size) {
    this.idle = Array.from({ length: size }, () => newIsolate());
    this.waiting = [];
  }

  get saturated() {
    return this.idle.length === 0 && this.waiting.length >= MAX_WAITING;
  }

  async withIsolate(task) {
    const isolate = this.idle.pop() || (await new Promise((resolve) => this.waiting.push(resolve)));
    let current = isolate;
    try {
      return await task(isolate);
    } finally {
      if (isolate.isDisposed) current = newIsolate(); // a heap bomb disposes its isolate
      const next = this.waiting.shift();
      if (next) next(current);
      else this.idle.push(current);
    }
  }
}

function newIsolate() {
  return new ivm.Isolate({ memoryLimit: HEAP_MB });
}

function elapsedUs(startNs) {
  return Number((process.hrtime.bigint() - startNs) / 1000n);
}

function errorOf(err, isolate) {
  const message = String((err && err.message) || err);
  if (isolate.isDisposed) return { type: 'MemoryLimitError', message };
  if (/timed out/i.test(message)) return { type: 'TimeoutError', message };
  return { type: err && err.name === 'SyntaxError' ? 'SyntaxError' : 'Error', message };
}

// Runs one timed step and turns its outcome into a result entry of the response.
async function timed(isolate, step) {
  const start = process.hrtime.bigint();
  try {
    const value = await step();
    return { ok: true, value, durationUs: elapsedUs(start) };
  } catch (err) {
    return { ok: false, error: errorOf(err, isolate), durationUs: elapsedUs(start) };
  }
}

// Script mode: the completion value of `code` is the one result.
async function runScript(isolate, context, code, timeout) {
  return [await timed(isolate, () => context.eval(code, { timeout, copy: true }))];
}

// Batch mode: the completion value of `code` is a function, called once per input. The calls are
// synchronous: an async apply() crosses threads twice per input and costs about 4x as much here,
// and a user after batch speed would make the same choice.
async function runBatch(isolate, context, code, inputs, timeout) {
  let fn;
  const compiled = await timed(isolate, async () => {
    fn = await context.eval(code, { timeout, reference: true });
    if (fn.typeof !== 'function') throw new TypeError('the code must evaluate to a function');
  });
  if (!compiled.ok) return inputs.map(() => compiled);
  const results = [];
  for (const args of inputs) {
    results.push(
      await timed(isolate, () =>
        fn.applySync(undefined, args, { arguments: { copy: true }, result: { copy: true }, timeout })
      )
    );
    if (isolate.isDisposed) break;
  }
  fn.release();
  return results;
}

async function execute(pool, request) {
  const timeout = Math.min(Number(request.timeoutMs) || MAX_TIMEOUT_MS, MAX_TIMEOUT_MS);
  return pool.withIsolate(async (isolate) => {
    const context = await isolate.createContext(); // fresh per request: nothing is reused
    try {
      return Array.isArray(request.inputs)
        ? await runBatch(isolate, context, request.code, request.inputs, timeout)
        : await runScript(isolate, context, request.code, timeout);
    } finally {
      if (!isolate.isDisposed) context.release();
    }
  });
}

function validate(request) {
  if (!request || typeof request !== 'object') return 'the body must be a JSON object';
  if (typeof request.code !== 'string') return '"code" must be a string';
  if (request.inputs !== undefined && !Array.isArray(request.inputs)) return '"inputs" must be an array';
  if (Array.isArray(request.inputs) && request.inputs.some((a) => !Array.isArray(a))) {
    return 'each input must be an array of arguments';
  }
  return null;
}

function send(res, status, body, headers = {}) {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(Object.assign(new Error('request body too large'), { status: 413 }));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function handle(pool, req, res) {
  if (req.method !== 'POST' || req.url !== '/v1/execute') {
    return send(res, 404, { error: 'only POST /v1/execute is served' });
  }
  let request;
  try {
    request = JSON.parse(await readBody(req));
  } catch (err) {
    return send(res, err.status || 400, { error: err.status ? err.message : 'malformed JSON' });
  }
  const problem = validate(request);
  if (problem) return send(res, 400, { error: problem });
  if (pool.saturated) return send(res, 429, { error: 'saturated' }, { 'retry-after': '1' });
  const start = process.hrtime.bigint();
  const results = await execute(pool, request);
  send(res, 200, { results, durationUs: elapsedUs(start) });
}

function main() {
  const pool = new IsolatePool(ISOLATES);
  const server = http.createServer((req, res) => {
    handle(pool, req, res).catch((err) => {
      if (!res.headersSent) send(res, 500, { error: String(err && err.message) });
    });
  });
  server.listen(PORT, HOST, () => {
    console.log(`isolated-vm peer on http://${HOST}:${PORT} with ${ISOLATES} isolates`);
  });
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      server.close();
      process.exit(0);
    });
  }
}

main();

'use strict';
// The side-by-side table of `./isopool bench`, in Markdown, from the BENCH_RESULT JSON lines that
// run-bench.sh collected (one object per measurement, each with a "name").

const fs = require('node:fs');

const TARGETS = {
  batchUsPerInput: 10, // (i) <= 10 us per input ...
  batchAimUsPerInput: 5, //   ... aiming for 5 us
  p50Ms: 0.6, // (ii) isolated executions p50 at 1 connection <= 0.6 ms
  throughputRatio: 1.3, // (ii) vs (iii): at N connections >= 1.3x the peer ...
  throughputAim: 1.5, //   ... aiming for 1.5x
  cpuRatio: 0.75, // (ii) vs (iii): server process CPU per execution <= 0.75x the peer's
  spawnRatio: 100, // (iv) >= 100x faster than spawning node
  floorCpuRatio: 1.3, // (v) the runtime's server CPU per execution <= 1.3x its floor's
};

function load(file) {
  const results = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const result = JSON.parse(line);
    results[result.name] = result;
  }
  return results;
}

const us = (v) => (v === undefined ? 'n/a' : `${v.toFixed(v < 10 ? 2 : 1)} us`);
const ms = (v) => (v === undefined ? 'n/a' : `${(v / 1000).toFixed(2)} ms`);
const perSecond = (v) => (v === undefined ? 'n/a' : `${Math.round(v).toLocaleString('en-US')}/s`);
const times = (v) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 2 : 0)}x` : 'n/a');
// ratio >= 1: "2.10x lower"; below 1 the same comparison the other way round: "1.25x higher".
const compare = (ratio, better, worse) => (ratio >= 1 ? `${times(ratio)} ${better}` : `${times(1 / ratio)} ${worse}`);
const verdict = (ok) => (ok ? 'PASS' : 'MISS');

function failures(run) {
  return run ? run.bad + run.socketErrors : 0;
}

// A wrk run whose responses were not all 200 with "ok":true cannot pass anything.
function judged(ok, ...runs) {
  const failed = runs.reduce((sum, run) => sum + failures(run), 0);
  if (!runs.every(Boolean)) return 'n/a';
  return failed > 0 ? `MISS (${failed} failed responses)` : verdict(ok);
}

function rows(r, meta) {
  const rt = { batch: r['runtime.batch'], one: r['runtime.c1'], many: r['runtime.cN'] };
  const peer = { batch: r['peer.batch'], one: r['peer.c1'], many: r['peer.cN'] };
  const spawn = r.spawn;
  const n = meta.connections;
  const throughputRatio = rt.many && peer.many ? rt.many.rps / peer.many.rps : NaN;
  const spawnUs = spawn ? spawn.medianMs * 1000 : NaN;
  const out = [];
  const row = (...cells) => out.push(`| ${cells.join(' | ')} |`);

  row('measure', 'Isopool runtime', 'isolated-vm peer', 'runtime vs peer', 'target', 'result');
  row('---', '---:', '---:', '---:', '---', '---');
  if (rt.batch) {
    const b = rt.batch.clientUsPerInput;
    row('(i) batch of 1,000 inputs: request time / 1,000', us(b), us(peer.batch && peer.batch.clientUsPerInput),
      peer.batch ? compare(peer.batch.clientUsPerInput / b, 'faster', 'slower') : '',
      `<= ${TARGETS.batchUsPerInput} us per input, aim ${TARGETS.batchAimUsPerInput} us`,
      verdict(b <= TARGETS.batchUsPerInput));
    row('(i) batch: server durationUs / 1,000', us(rt.batch.serverUsPerInput),
      us(peer.batch && peer.batch.serverUsPerInput), '', '', '');
  }
  const rtCurl = r['runtime.curl'];
  const peerCurl = r['peer.curl'];
  if (rtCurl) {
    const c = rtCurl.clientUsPerInput;
    row(`(i) batch, curl: request time / 1,000 (median of ${rtCurl.reps})`, us(c), us(peerCurl && peerCurl.clientUsPerInput),
      peerCurl ? compare(peerCurl.clientUsPerInput / c, 'faster', 'slower') : '', `<= ${TARGETS.batchUsPerInput} us per input`,
      verdict(c <= TARGETS.batchUsPerInput));
  }
  if (rt.one) {
    row('(ii)/(iii) one isolated execution per request, 1 connection: p50', ms(rt.one.p50Us), ms(peer.one && peer.one.p50Us),
      peer.one ? compare(peer.one.p50Us / rt.one.p50Us, 'lower', 'higher') : '', `p50 <= ${TARGETS.p50Ms.toFixed(1)} ms`,
      judged(rt.one.p50Us <= TARGETS.p50Ms * 1000, rt.one));
    row('(ii)/(iii) 1 connection: p99', ms(rt.one.p99Us), ms(peer.one && peer.one.p99Us),
      peer.one ? compare(peer.one.p99Us / rt.one.p99Us, 'lower', 'higher') : '', '', '');
    row('(ii)/(iii) 1 connection: executions/s', perSecond(rt.one.rps), perSecond(peer.one && peer.one.rps),
      peer.one ? times(rt.one.rps / peer.one.rps) : '', '', '');
  }
  if (rt.many) {
    const ahead = throughputRatio >= TARGETS.throughputRatio;
    const aimNote = ahead && throughputRatio < TARGETS.throughputAim ? ` (below the ${TARGETS.throughputAim}x aim)` : '';
    row(`(ii)/(iii) ${n} connections: executions/s`, perSecond(rt.many.rps), perSecond(peer.many && peer.many.rps),
      times(throughputRatio), `>= ${TARGETS.throughputRatio}x the peer, aim ${TARGETS.throughputAim}x`,
      judged(ahead, rt.many, peer.many) + (judged(ahead, rt.many, peer.many) === 'PASS' ? aimNote : ''));
    const rtCpu = r['runtime.cpu'];
    const peerCpu = r['peer.cpu'];
    if (rtCpu) {
      const cpuRatio = peerCpu ? rtCpu.cpuUsPerRequest / peerCpu.cpuUsPerRequest : NaN;
      row(`(ii)/(iii) ${n} connections: server process CPU per execution`, us(rtCpu.cpuUsPerRequest),
        us(peerCpu && peerCpu.cpuUsPerRequest),
        peerCpu ? compare(peerCpu.cpuUsPerRequest / rtCpu.cpuUsPerRequest, 'less', 'more') : '',
        `<= ${TARGETS.cpuRatio}x the peer's`, peerCpu ? judged(cpuRatio <= TARGETS.cpuRatio, rt.many, peer.many) : 'n/a');
    }
    row(`(ii)/(iii) ${n} connections: p50`, ms(rt.many.p50Us), ms(peer.many && peer.many.p50Us),
      peer.many ? compare(peer.many.p50Us / rt.many.p50Us, 'lower', 'higher') : '', '', '');
    row(`(ii)/(iii) ${n} connections: p99`, ms(rt.many.p99Us), ms(peer.many && peer.many.p99Us),
      peer.many ? compare(peer.many.p99Us / rt.many.p99Us, 'lower', 'higher') : '', '', '');
  }
  if (spawn) {
    row(`(iv) spawning \`node -e\`: median of ${spawn.count} spawns`, ms(spawnUs), '', '', '', '');
    if (rt.one) {
      const ratio = spawnUs / rt.one.p50Us;
      row('(iv) 1-connection p50 vs spawning `node -e`', `${times(ratio)} faster`,
        peer.one ? `${times(spawnUs / peer.one.p50Us)} faster` : '', '', `>= ${TARGETS.spawnRatio}x faster`,
        judged(ratio >= TARGETS.spawnRatio, rt.one));
    }
  }
  const rtFloor = r['runtime.floor'];
  const peerFloor = r['peer.floor'];
  if (rtFloor || peerFloor) {
    const both = rtFloor && peerFloor;
    row('(v) floor, one thread, no HTTP: Javet resetContext + workload; isolated-vm createContext + workload: executions/s',
      perSecond(rtFloor && rtFloor.rps), perSecond(peerFloor && peerFloor.rps), both ? times(rtFloor.rps / peerFloor.rps) : '', '', '');
    row('(v) floor: process CPU per execution', us(rtFloor && rtFloor.cpuUsPerRequest), us(peerFloor && peerFloor.cpuUsPerRequest),
      both ? compare(peerFloor.cpuUsPerRequest / rtFloor.cpuUsPerRequest, 'less', 'more') : '', '', '');
    const rtCpu = r['runtime.cpu'];
    const peerCpu = r['peer.cpu'];
    if (rtCpu || peerCpu) {
      const overFloor = (cpu, fl) => (cpu && fl ? cpu.cpuUsPerRequest / fl.cpuUsPerRequest : NaN);
      const rtRatio = overFloor(rtCpu, rtFloor);
      row(`(v) ${n} connections: server CPU per execution / floor CPU per execution`, times(rtRatio),
        times(overFloor(peerCpu, peerFloor)), '', `runtime <= ${TARGETS.floorCpuRatio}x`,
        Number.isFinite(rtRatio) ? judged(rtRatio <= TARGETS.floorCpuRatio, rt.many) : 'n/a');
    }
  }
  return out;
}

function requestCounts(r) {
  return ['runtime.c1', 'runtime.cN', 'peer.c1', 'peer.cN']
    .filter((name) => r[name])
    .map((name) => `${name}: ${r[name].requests} requests, ${failures(r[name])} failed`)
    .join('; ');
}

function report(file, ...pairs) {
  const meta = Object.fromEntries(pairs.map((pair) => pair.split(/=(.*)/s).slice(0, 2)));
  const results = load(file);
  console.log(`Seed workload \`${meta.workload}\`, arrays of 10 to 150 integers.`);
  console.log(`${meta.workers} workers on each side; wrk: ${meta.duration} s per run after a ${meta.warmup} s warm-up, ` +
    `${meta.connections} connections (${meta.threads} threads) and 1 connection; ${meta.machine}.`);
  if (results['runtime.floor'] || results['peer.floor']) {
    console.log(`Floors: ${meta.floorSeconds} s each after a ${meta.floorWarmup} s warm-up, one after the other, ` +
      'while neither server was loaded; the same 500 scripts on both sides.');
  }
  console.log('');
  for (const line of rows(results, meta)) console.log(line);
  console.log('');
  console.log(`wrk runs: ${requestCounts(results)}. Resident memory after the runs: ${meta.rss}.`);
}

module.exports = { report };

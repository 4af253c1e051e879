// Isopool Node.js prelude (engine node): evaluated once in every fresh Node.js runtime, before
// prelude.js and any user code. Called with the loop-delay resolution, it locks the runtime down
// and returns attach(control), which the host calls with prelude.js's control object once
// prelude.js has run; attach returns the host's control object. Nothing is left on globalThis.
//
// It does four jobs:
//  1. lockdown: user code runs in Node's main context, so every way out of the sandbox that Node
//     puts there is closed before user code runs: process.exit/reallyExit/abort/kill/dlopen/execve,
//     process.binding, getBuiltinModule, the environment, stdio, signal listeners, the network
//     globals, and require() of anything but the pure modules in ALLOWED_MODULES;
//  2. buffer budget: Node's own allocators (Buffer, crypto key derivation, zlib) bypass the
//     constructors prelude.js guards, so they are charged here through prelude.js's guarded
//     ArrayBuffer before they allocate; the isolate's ArrayBuffer total is checked as a backstop;
//  3. the event loop: promises settle only when the host runs Node's tick queue and loop, so this
//     counts the results still pending and records what a callback throws (which in Node.js
//     would end the process);
//  4. the embedded loop's delay (a perf_hooks histogram, as monitorEventLoopDelay), for the lag signal.
(function (resolutionMs) {
  'use strict';
  const g = globalThis;
  const proc = process;
  const nodeRequire = g.require;
  const { apply: ReflectApply, defineProperty: ReflectDefineProperty, ownKeys: ReflectOwnKeys } = Reflect;
  const ObjectFreeze = Object.freeze;
  const ObjectCreate = Object.create;
  const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const ArrayFrom = Array.from;
  const MathMin = Math.min;
  const MathFloor = Math.floor;
  const MAX_SAFE = Number.MAX_SAFE_INTEGER;
  const ArrayIsArray = Array.isArray;
  const NumberCtor = Number;
  const ErrorCtor = Error;
  const TypeErrorCtor = TypeError;
  const PromiseCtor = Promise;
  const PromiseThen = Promise.prototype.then;
  const SetHas = Set.prototype.has;
  const StringStartsWith = String.prototype.startsWith;
  const StringSlice = String.prototype.slice;
  const tickQueue = proc._tickCallback;
  const memoryUsage = proc.memoryUsage;
  const activeResources = proc.getActiveResourcesInfo;
  const setCapture = proc.setUncaughtExceptionCaptureCallback;
  // The modules the prelude wraps load now, before prelude.js's buffer guards exist: Node's
  // internals may reach the typed array globals while they load, and no budget exists yet.
  const crypto = nodeRequire('node:crypto');
  const zlib = nodeRequire('node:zlib');
  const { Buffer } = nodeRequire('node:buffer');
  // The loop's delay, measured as monitorEventLoopDelay does (the time between ticks of a timer
  // due every resolutionMs), but on a histogram primed when the loop phase starts: a
  // monitorEventLoopDelay histogram only starts its clock at its first tick after enable(), so a
  // block in the first loop turn, the common case here, would never show.
  const delay = nodeRequire('node:perf_hooks').createHistogram();
  const { setInterval: startTicker, clearInterval: stopTicker } = nodeRequire('node:timers');
  const recordDelta = () => delay.recordDelta();

  // Pure modules only: no file system, processes, network, workers, inspector, vm, module loader,
  // or hooks into other code's async work. crypto and zlib run their async work on libuv's pool.
  const ALLOWED_MODULES = new Set(['assert', 'assert/strict', 'buffer', 'crypto', 'events', 'path', 'path/posix',
    'querystring', 'stream', 'stream/promises', 'stream/web', 'string_decoder', 'timers', 'timers/promises', 'url',
    'util', 'util/types', 'zlib']);
  // The other allowed modules load on first use, inside an execution: what their loading allocates
  // through the typed array globals is charged to it. Loading them all here would cost every new
  // runtime about 60 ms.

  // ---- 1. lockdown ------------------------------------------------------------------------
  // What a callback throws would end the process; it is recorded for the running execution instead.
  // (process._fatalException stays: Node's C++ calls it to reach this capture callback.)
  let uncaught = null;
  ReflectApply(setCapture, proc, [(error) => { if (uncaught === null) uncaught = { error }; }]);

  // Signal listeners would install process-wide signal handlers in the JVM (SIGTERM, SIGINT...):
  // the internal listeners that start them on process.on('SIG...') go, and warnings stay silent.
  for (const event of ['newListener', 'removeListener', 'warning']) proc.removeAllListeners(event);

  const disabled = (name) => function () {
    throw new ErrorCtor(name + ' is not available in this sandbox (engine node)');
  };
  const fixed = (object, name, value) => ReflectDefineProperty(object, name,
    { value, writable: false, enumerable: false, configurable: false });
  // On process, Node's own code still assigns members as modules load (internal/worker wraps
  // process.chdir): such an assignment is ignored instead of failing, and the value stays.
  const pinned = (name, value) => ReflectDefineProperty(proc, name,
    { get() { return value; }, set(ignored) {}, enumerable: false, configurable: false });
  for (const name of ['exit', 'reallyExit', 'abort', 'kill', '_kill', 'dlopen', 'binding', '_linkedBinding',
    'execve', 'chdir', 'umask', 'setuid', 'setgid', 'seteuid', 'setegid', 'setgroups', 'initgroups',
    'loadEnvFile', '_debugProcess', '_debugEnd', '_startProfilerIdleNotifier', '_stopProfilerIdleNotifier',
    'openStdin', 'setUncaughtExceptionCaptureCallback', 'hasUncaughtExceptionCaptureCallback',
    'setSourceMapsEnabled', '_getActiveHandles', '_getActiveRequests']) {
    if (name in proc) pinned(name, disabled('process.' + name + '()'));
  }
  const silent = () => {};
  pinned('emitWarning', silent);
  pinned('_rawDebug', silent);
  const sink = ObjectFreeze({ write() { return true; }, end: silent, on() { return this; }, isTTY: false, fd: -1 });
  pinned('stdout', sink);
  pinned('stderr', sink);
  ReflectDefineProperty(proc, 'stdin', { get: disabled('process.stdin'), enumerable: false, configurable: false });
  pinned('env', {});
  pinned('argv', ['node']);
  pinned('argv0', 'node');
  pinned('execArgv', []);
  pinned('execPath', 'node');
  pinned('title', 'node');
  for (const name of ['report', 'mainModule', 'permission', '_preload_modules']) {
    if (name in proc) pinned(name, undefined);
  }

  // Node's console writes to the JVM's stdout: prelude.js replaces it with the capturing one it
  // gives both engines.
  // The network (fetch and WebSocket reach any address the pod can) and BroadcastChannel, which
  // crosses between Node.js runtimes of one process, hence between tenants.
  for (const name of ['fetch', 'Request', 'Response', 'Headers', 'FormData', 'WebSocket', 'EventSource', 'CloseEvent',
    'BroadcastChannel', 'localStorage', 'sessionStorage', 'Storage']) {
    if (ObjectGetOwnPropertyDescriptor(g, name) !== undefined) delete g[name];
  }

  // Process-wide OpenSSL state: an engine is a shared library loaded by name or path.
  for (const name of ['setEngine', 'setFips']) fixed(crypto, name, disabled('crypto.' + name + '()'));

  function builtin(id, how) {
    if (typeof id !== 'string') throw new TypeErrorCtor('The "id" argument must be of type string');
    const name = ReflectApply(StringStartsWith, id, ['node:']) ? ReflectApply(StringSlice, id, [5]) : id;
    if (!ReflectApply(SetHas, ALLOWED_MODULES, [name])) {
      throw new ErrorCtor(how + "('" + id + "') is not available in this sandbox (engine node allows only: "
        + ArrayFrom(ALLOWED_MODULES).join(', ') + ')');
    }
    return nodeRequire('node:' + name);
  }
  fixed(g, 'require', function require(id) { return builtin(id, 'require'); });
  pinned('getBuiltinModule', function getBuiltinModule(id) { return builtin(id, 'process.getBuiltinModule'); });


  /** Called with prelude.js's control object once prelude.js has run; returns the host's control. */
  return function attach(control) {
    // ---- 2. buffer budget -------------------------------------------------------------------
    // Reading the global installs prelude.js's guards; constructing its stand-in charges the budget.
    const ChargedArrayBuffer = g.ArrayBuffer;
    const charge = (bytes) => {
      const n = NumberCtor(bytes);
      if (n > 0) new ChargedArrayBuffer(n); // throws the MemoryLimitError when over budget
    };
    const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array).prototype;
    const taLength = ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, 'length').get;
    const taByteLength = ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, 'byteLength').get;
    const abByteLength = ObjectGetOwnPropertyDescriptor(ChargedArrayBuffer.prototype, 'byteLength').get;
    const answers = (getter, x) => { try { ReflectApply(getter, x, []); return true; } catch (e) { return false; } };
    const isTypedArray = (x) => answers(taLength, x);
    const isArrayBuffer = (x) => answers(abByteLength, x);

    function chargeFirst(object, name, bytesOf) {
      const orig = object[name];
      if (typeof orig !== 'function') return;
      fixed(object, name, {
        [name](...args) {
          charge(bytesOf(args));
          return ReflectApply(orig, this, args);
        },
      }[name]);
    }
    const sizeArg = (i) => (args) => (typeof args[i] === 'number' ? args[i] : 0);
    for (const name of ['alloc', 'allocUnsafe', 'allocUnsafeSlow']) chargeFirst(Buffer, name, sizeArg(0));
    const bufferFrom = Buffer.from;
  const chargedAlloc = Buffer.alloc; // the charging stand-in installed just above
    fixed(Buffer, 'from', function from(value, encodingOrOffset, length) {
      if (typeof value === 'string') {
        charge(Buffer.byteLength(value, Buffer.isEncoding(encodingOrOffset) ? encodingOrOffset : 'utf8'));
        return ReflectApply(bufferFrom, Buffer, [value, encodingOrOffset]);
      }
      if (value === null || typeof value !== 'object' || isArrayBuffer(value)) {
        return ReflectApply(bufferFrom, Buffer, [value, encodingOrOffset, length]); // a view, or the original's error
      }
      if (isTypedArray(value)) {
        charge(ReflectApply(taLength, value, []));
        return ReflectApply(bufferFrom, Buffer, [value]);
      }
      const size = value.length;
      if (typeof size === 'number') {
        // The length is read once and charged before anything is allocated (Array.from over a
        // huge array-like would grow a dictionary until V8 aborts the process); the copy is
        // the one Node's Buffer.from makes, element by element.
        const n = size > 0 ? MathMin(MathFloor(size), MAX_SAFE) : 0;
        const copy = ReflectApply(chargedAlloc, Buffer, [n]);
        for (let i = 0; i < n; i++) copy[i] = value[i];
        return copy;
      }
      const copy = ReflectApply(bufferFrom, Buffer, [value, encodingOrOffset, length]);
      charge(copy.length);
      return copy;
    });
    chargeFirst(Buffer, 'concat', (args) => {
      if (typeof args[1] === 'number') return args[1];
      const list = args[0];
      let total = 0;
      if (ArrayIsArray(list)) for (const item of list) total += isTypedArray(item) ? ReflectApply(taLength, item, []) : 0;
      return total;
    });
    chargeFirst(Buffer, 'copyBytesFrom', (args) => (isTypedArray(args[0]) ? ReflectApply(taByteLength, args[0], []) : 0));
    chargeFirst(crypto, 'randomBytes', sizeArg(0));
    chargeFirst(crypto, 'pseudoRandomBytes', sizeArg(0));
    for (const name of ['pbkdf2', 'pbkdf2Sync']) chargeFirst(crypto, name, sizeArg(3));
    for (const name of ['scrypt', 'scryptSync']) chargeFirst(crypto, name, sizeArg(2));
    let bufferLimit = 0;
    let bufferBaseline = 0;
    let memoryExceeded = null;
    // Decompression: an output limit stops a small input from inflating without bound; reaching the
    // limit the runtime set (not one the caller asked for) is a MemoryLimitError for the execution.
    let outputBudget = 0;
    const limitOutput = (options) => {
      const limited = ObjectCreate(null);
      if (options !== null && typeof options === 'object') for (const k of ReflectOwnKeys(options)) limited[k] = options[k];
      const asked = limited.maxOutputLength;
      limited.maxOutputLength = typeof asked === 'number' && asked < outputBudget ? asked : outputBudget;
      return limited;
    };
    const noteOutputLimit = (error, limited) => {
      if (error !== null && typeof error === 'object' && error.code === 'ERR_BUFFER_TOO_LARGE'
        && limited.maxOutputLength === outputBudget && memoryExceeded === null) {
        memoryExceeded = 'decompressed output exceeds the per-execution buffer limit of ' + outputBudget + ' bytes';
      }
    };
    for (const kind of ['gunzip', 'inflate', 'inflateRaw', 'unzip', 'brotliDecompress', 'zstdDecompress']) {
      for (const name of [kind, kind + 'Sync']) {
        const orig = zlib[name];
        if (typeof orig !== 'function') continue;
        fixed(zlib, name, {
          [name](buffer, options, callback) {
            if (typeof options === 'function') { callback = options; options = undefined; }
            const limited = limitOutput(options);
            if (typeof callback === 'function') {
              return ReflectApply(orig, zlib, [buffer, limited, (error, result) => {
                noteOutputLimit(error, limited);
                return callback(error, result);
              }]);
            }
            try {
              return ReflectApply(orig, zlib, [buffer, limited]);
            } catch (e) {
              noteOutputLimit(e, limited);
              throw e;
            }
          },
        }[name]);
      }
    }
    // Backstop for what Node.js allocates inside (TextEncoder, cipher output, Blob...): the growth
    // of this isolate's ArrayBuffer total, checked after the synchronous run and every loop turn.
    const arrayBuffers = () => ReflectApply(memoryUsage, proc, []).arrayBuffers;

    // ---- 3. the event loop ------------------------------------------------------------------
    let pending = 0;
    let epoch = 0;
    /** A thenable result becomes a native promise counted until it settles; other values pass. */
    function adopt(value) {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
      const then = value.then;
      if (typeof then !== 'function') return value;
      const mine = epoch;
      const settled = () => { if (mine === epoch) pending--; };
      pending++;
      const promise = new PromiseCtor((resolve, reject) => ReflectApply(then, value, [resolve, reject]));
      ReflectApply(PromiseThen, promise, [settled, settled]);
      return promise;
    }

    // ---- 4. the loop's delay ----------------------------------------------------------------
    const resolutionNs = resolutionMs * 1e6;
    let ticker = null;
    // What the runtime itself keeps open (stdio pipes Node set up at start): not an execution's leftovers.
    const ownResources = ReflectApply(activeResources, proc, []).length;

    return ObjectFreeze({
      /** Starts one execution: fresh budgets, nothing pending, no uncaught error. */
      begin(bufferBytes, outputChars, logBytes) {
        ReflectApply(control.begin, control, [bufferBytes, outputChars, logBytes]);
        epoch++;
        pending = 0;
        uncaught = null;
        memoryExceeded = null;
        bufferLimit = NumberCtor(bufferBytes);
        outputBudget = bufferLimit;
        bufferBaseline = arrayBuffers();
      },
      script(value, elapsedUs) { ReflectApply(control.script, control, [adopt(value), elapsedUs]); },
      inputs(inputsJson) { return ReflectApply(control.inputs, control, [inputsJson]); },
      batch(fn) {
        const counted = function () { return adopt(ReflectApply(fn, this, arguments)); };
        ReflectApply(control.batch, control, [counted]);
      },
      /** Runs Node's tick queue and the microtasks, as Node does after every callback. */
      tick() { ReflectApply(tickQueue, proc, []); },
      /** 0: every result settled; 1: results pending; 2: stop (a callback threw, or memory ran out). */
      state() {
        if (memoryExceeded === null) {
          const grown = arrayBuffers() - bufferBaseline;
          if (grown > bufferLimit) {
            memoryExceeded = 'ArrayBuffer memory grew by ' + grown + ' bytes during this execution, over the'
              + ' per-execution buffer limit of ' + bufferLimit + ' bytes';
          }
        }
        if (uncaught !== null || memoryExceeded !== null) return 2;
        return pending > 0 ? 1 : 0;
      },
      memoryExceeded() { return memoryExceeded; },
      /** The results; unsettled ones carry why (lettered as prelude.js's collect()). */
      collect(count, cpuUs) {
        const why = pending === 0 ? 'every result settled'
          : uncaught !== null
            ? 'a callback threw before the result settled: ' + ReflectApply(control.describe, control, [uncaught.error])
            : 'the returned promise never settled: nothing left on the event loop could settle it';
        return ReflectApply(control.collect, control, [count, cpuUs, why]);
      },
      /** True when timers, handles or requests are left, or a callback threw: the context is not reused. */
      leftovers() { return uncaught !== null || ReflectApply(activeResources, proc, []).length > ownResources; },
      /** Starts the delay measurement of the execution's loop phase. */
      loopStarted() {
        delay.reset();
        delay.recordDelta(); // primes the clock: the first tick already measures a delay
        ticker = startTicker(recordDelta, resolutionMs);
        ticker.unref();
      },
      /** The loop's worst delay beyond its schedule since loopStarted(), in ns (0: no sample). */
      loopEnded() {
        stopTicker(ticker);
        ticker = null;
        const worst = delay.count > 0 ? NumberCtor(delay.max) - resolutionNs : 0;
        delay.reset();
        return worst > 0 ? worst : 0;
      },
    });
  };
})

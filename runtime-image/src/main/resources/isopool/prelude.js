// Isopool prelude: sets up every context before any user code runs.
//
// The host calls the function it evaluates to with (wasmPageCap, heapElementCap,
// engineMemoryErrorsJson, hostTimers, bufferLimit, outputLimit, logLimit, forSnapshot). Engine
// node runs it in every fresh context and gets the control object, which only the host holds, with
// the first execution begun under those limits (one call less for the host). Engine v8 runs it
// once per process with forSnapshot, in the context it takes a V8 startup snapshot of
// (PreludeSnapshot): every fresh context is a copy of that one. Then it returns { attach, control,
// warmUp }; attach() is the part that must run in each context itself, because V8 installs some
// globals only after it restores a context (SharedArrayBuffer, WebAssembly, ...), and it returns
// the control object with the first execution begun. Which buffer globals a context has (WebAssembly,
// SharedArrayBuffer, Float16Array, Uint8Array.fromBase64, ...) depends on V8's build and flags,
// so the last step looks at the context itself rather than at a fixed list.
//
// It does five jobs through that private control object; besides console (both engines) and the
// timer functions (engine v8), nothing it defines is left on globalThis:
//  1. a per-execution byte budget for ArrayBuffer and WebAssembly.Memory backing stores, which
//     V8's heap cap does not cover: every JavaScript path that allocates one is charged before
//     the allocation happens (see docs/limits.md for the list and the proof);
//  2. the batch loop: calls the user's function once per input and serializes each result
//     under an output budget;
//  3. settling of promise results after the host has run the microtask queue;
//  4. console capture: what user code writes to console, formatted as Node's util.format does
//     (format.js), kept per result under a byte budget;
//  5. with hostTimers (engine v8, which has no event loop): setTimeout, setInterval, clearTimeout,
//     clearInterval and queueMicrotask, run when the host drives them; engine node keeps Node's.
// The prelude captures the intrinsics it uses before user code runs, so user code that later
// rewrites Array.prototype, JSON or Promise cannot reach into the accounting.
(function (wasmPageCap, heapElementCap, engineMemoryErrorsJson, hostTimers, bufferLimit, outputLimit, logLimit,
    forSnapshot) {
  'use strict';
  const g = globalThis;
  // No high-resolution clock exists inside the isolate, and a Java callback made in every fresh
  // context crashed V8 (see docs/limits.md), so batch timings use Date.now(): millisecond steps.
  const DateNow = Date.now;
  const clock = () => DateNow() * 1000;
  const {
    apply: ReflectApply, construct: ReflectConstruct, defineProperty: ReflectDefineProperty,
  } = Reflect;
  const ObjectFreeze = Object.freeze;
  const ObjectGetPrototypeOf = Object.getPrototypeOf;
  const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const ObjectCreate = Object.create;
  const JSONStringify = JSON.stringify;
  const JSONParse = JSON.parse;
  const StringCtor = String;
  const NumberCtor = Number;
  const StringFromCharCode = String.fromCharCode;
  heapElementCap = NumberCtor(heapElementCap); // a Java long arrives as BigInt
  const MathMin = Math.min;
  const ArrayIsArray = Array.isArray;
  const ArrayFrom = Array.from;
  const SymbolIterator = Symbol.iterator;
  const ArrayPush = Array.prototype.push;
  const ArrayJoin = Array.prototype.join;
  const ArrayIncludes = Array.prototype.includes;
  const ProxyCtor = Proxy;
  const WeakMapCtor = WeakMap;
  const WeakMapGet = WeakMap.prototype.get;
  const WeakMapSet = WeakMap.prototype.set;
  const PromiseThen = Promise.prototype.then;
  const RangeErrorCtor = RangeError;
  const TypeErrorCtor = TypeError;
  const MathFloor = Math.floor;
  const StringCharCodeAt = String.prototype.charCodeAt;
  const StringSlice = String.prototype.slice;
  const PromiseResolve = Promise.resolve.bind(Promise);
  const StringSplitLines = String.prototype.split;
  const StringIndexOf = String.prototype.indexOf;
  const ErrorCtor = Error;

  const OrigArrayBuffer = ArrayBuffer;
  const abByteLength = ObjectGetOwnPropertyDescriptor(OrigArrayBuffer.prototype, 'byteLength').get;
  const OrigUint8Array = Uint8Array;
  const TypedArray = ObjectGetPrototypeOf(OrigUint8Array);
  const taLength = ObjectGetOwnPropertyDescriptor(TypedArray.prototype, 'length').get;
  const taByteLength = ObjectGetOwnPropertyDescriptor(TypedArray.prototype, 'byteLength').get;
  const taByteOffset = ObjectGetOwnPropertyDescriptor(TypedArray.prototype, 'byteOffset').get;
  const taBuffer = ObjectGetOwnPropertyDescriptor(TypedArray.prototype, 'buffer').get;
  const dvByteLength = ObjectGetOwnPropertyDescriptor(DataView.prototype, 'byteLength').get;
  const dvByteOffset = ObjectGetOwnPropertyDescriptor(DataView.prototype, 'byteOffset').get;
  const dvBuffer = ObjectGetOwnPropertyDescriptor(DataView.prototype, 'buffer').get;
  const taSet = TypedArray.prototype.set;
  const WasmPageBytes = 65536;

  // ---- 1. the buffer budget ---------------------------------------------------------------
  const budget = { limit: 0, used: 0, exceeded: null };

  function charge(bytes, what) {
    if (!(bytes >= 0)) return; // NaN or negative: the real constructor raises its own RangeError
    if (budget.exceeded !== null || budget.used + bytes > budget.limit) {
      if (budget.exceeded === null) {
        budget.exceeded = what + ' of ' + bytes + ' bytes exceeds the per-execution buffer limit of '
          + budget.limit + ' bytes (' + budget.used + ' already used)';
      }
      throw new RangeErrorCtor('MemoryLimitError: ' + budget.exceeded);
    }
    budget.used += bytes;
  }

  function toIndex(value) {
    const n = NumberCtor(value); // runs user valueOf exactly once; the number is what we pass on
    if (n !== n) return 0;
    return n < 0 ? -1 : (n === Infinity ? Infinity : n - (n % 1));
  }

  function isArrayBuffer(x) {
    try { ReflectApply(abByteLength, x, []); return true; } catch (e) { /* not an ArrayBuffer */ }
    if (sabByteLength === null) return false;
    try { ReflectApply(sabByteLength, x, []); return true; } catch (e) { return false; }
  }

  function isTypedArray(x) {
    try { ReflectApply(taLength, x, []); return true; } catch (e) { return false; }
  }

  /** A fresh copy of the bytes of a BufferSource, so that what we parse is what V8 compiles. */
  function copyBytes(source) {
    let buffer, offset, length;
    if (isArrayBuffer(source)) {
      buffer = source; offset = 0; length = ReflectApply(abByteLength, source, []);
    } else if (isTypedArray(source)) {
      buffer = ReflectApply(taBuffer, source, []);
      offset = ReflectApply(taByteOffset, source, []);
      length = ReflectApply(taByteLength, source, []);
    } else {
      try {
        buffer = ReflectApply(dvBuffer, source, []);
        offset = ReflectApply(dvByteOffset, source, []);
        length = ReflectApply(dvByteLength, source, []);
      } catch (e) {
        throw new TypeErrorCtor('WebAssembly: argument must be a BufferSource');
      }
    }
    // The copy is transient (garbage once compiled) and is not charged: its source was.
    const copy = new OrigUint8Array(length);
    ReflectApply(taSet, copy, [new OrigUint8Array(buffer, offset, length)]);
    return copy;
  }

  /** Makes `Orig` charge through `chargeArgs` before constructing; returns the stand-in. */
  function guardConstructor(name, Orig, chargeArgs) {
    const stand = new ProxyCtor(Orig, {
      construct(target, args, newTarget) {
        const safeArgs = chargeArgs(args);
        return ReflectConstruct(target, safeArgs, newTarget === stand ? target : newTarget);
      },
      apply(target, thisArg, args) {
        return ReflectApply(target, thisArg, args); // throws "requires 'new'" as the original does
      },
    });
    ReflectDefineProperty(Orig.prototype, 'constructor',
      { value: stand, writable: false, enumerable: false, configurable: false });
    ReflectDefineProperty(g, name, { value: stand, writable: false, enumerable: false, configurable: false });
    return stand;
  }

  function guardMethod(proto, name, chargeCall) {
    const orig = proto[name];
    if (typeof orig !== 'function') return;
    const wrapped = {
      [name](...args) {
        chargeCall(this, args);
        return ReflectApply(orig, this, args);
      },
    }[name];
    ReflectDefineProperty(proto, name, { value: wrapped, writable: false, enumerable: false, configurable: false });
  }

  // SharedArrayBuffer's byteLength getter, when the context has one (set by the last step): a
  // shared WebAssembly memory's buffer is one even after the global is gone.
  let sabByteLength = null;

  const typedArrayNames = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
    'Int32Array', 'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'];

  // The guards below cost about 0.3 ms per context, and most scripts never touch a buffer. Each
  // global that leads to a backing store (the buffer and typed array constructors, WebAssembly) is
  // an accessor until first used; the first use of any of them installs every guard. No other
  // path reaches these constructors: builtins never hand out ArrayBuffers unasked. The last
  // step fills both with what the context has.
  const lazyGlobals = [];
  const originals = ObjectCreate(null);
  let SafeModule = null;
  let guarded = false;

  function installBufferGuards() {
    if (guarded) return;
    guarded = true;
    for (const name of lazyGlobals) {
      ReflectDefineProperty(g, name, { value: originals[name], writable: true, enumerable: false, configurable: true });
    }

    guardConstructor('ArrayBuffer', OrigArrayBuffer, (args) => {
      const length = toIndex(args[0]);
      let max;
      const options = args[1];
      if (options !== null && typeof options === 'object') {
        const m = options.maxByteLength; // read once
        if (m !== undefined) max = toIndex(m);
      }
      charge(max === undefined ? length : (max > length ? max : length), 'new ArrayBuffer');
      return max === undefined ? [length] : [length, { maxByteLength: max }];
    });
    const chargeTransfer = (self, args) => {
      const n = args.length === 0 || args[0] === undefined ? ReflectApply(abByteLength, self, []) : toIndex(args[0]);
      args[0] = n;
      charge(n, 'ArrayBuffer.prototype.transfer');
    };
    guardMethod(OrigArrayBuffer.prototype, 'transfer', chargeTransfer);
    guardMethod(OrigArrayBuffer.prototype, 'transferToFixedLength', chargeTransfer);

    for (const name of typedArrayNames) {
      const Orig = g[name];
      if (typeof Orig !== 'function') continue;
      const bpe = Orig.BYTES_PER_ELEMENT;
      guardConstructor(name, Orig, (args) => {
        const first = args[0];
        if (first === null || (typeof first !== 'object' && typeof first !== 'function')) {
          const length = first === undefined ? 0 : toIndex(first);
          charge(length * bpe, 'new ' + name);
          return [length];
        }
        if (isArrayBuffer(first)) return args; // a view on an already charged buffer
        if (isTypedArray(first)) {
          charge(ReflectApply(taLength, first, []) * bpe, 'new ' + name);
          return [first];
        }
        if (typeof first[SymbolIterator] === 'function') {
          // An iterable: collect it into a plain array first (it grows under the heap cap), so
          // that what is charged is what V8 then copies.
          const items = ArrayFrom(first);
          charge(items.length * bpe, 'new ' + name);
          return [items];
        }
        // An array-like: its length is read once and charged before anything is allocated
        // (Array.from on { length: 2 ** 31 } would ask V8 for a table it aborts the process on),
        // then the elements are copied into a view of exactly that length.
        const length = toIndex(first.length);
        charge(length * bpe, 'new ' + name);
        const view = new Orig(length);
        for (let i = 0; i < length; i++) view[i] = first[i];
        return [view];
      });
      const stand = g[name];
      for (const decoder of ['fromBase64', 'fromHex']) {
        const orig = Orig[decoder];
        if (typeof orig !== 'function') continue;
        ReflectDefineProperty(stand, decoder, {
          value: function (string, ...rest) {
            if (typeof string === 'string') charge(string.length, name + '.' + decoder);
            return ReflectApply(orig, Orig, [string, ...rest]);
          },
          writable: false, enumerable: false, configurable: false,
        });
      }
    }
    // Methods that copy: toReversed/toSorted/with never use the species constructor, and
    // slice/map/filter fall back to the unguarded intrinsic when a user sets a constructor whose
    // species is undefined. Each is charged the size of its receiver before it runs (the normal
    // species path is then charged once more: conservative, never short).
    const chargeCopy = (self, _args) => charge(ReflectApply(taByteLength, self, []), 'a typed array copy');
    for (const m of ['toReversed', 'toSorted', 'with', 'slice', 'map', 'filter']) {
      guardMethod(TypedArray.prototype, m, chargeCopy);
    }
    guardMethod(OrigArrayBuffer.prototype, 'slice',
      (self, _args) => charge(ReflectApply(abByteLength, self, []), 'ArrayBuffer.prototype.slice'));

    // V8 leaves WebAssembly out altogether with --jitless.
    const W = originals.WebAssembly;
    if (W !== null && typeof W === 'object') guardWebAssembly(W);
  }

  function guardWebAssembly(W) {
    // WebAssembly memories: growth from inside wasm code (memory.grow) cannot be observed, so a
    // memory is charged its maximum (or the engine-wide page cap when it declares none).
    const moduleMemoryBytes = new WeakMapCtor();
    const OrigModule = W.Module;
    const OrigInstance = W.Instance;
    const OrigMemory = W.Memory;
    const origInstantiate = W.instantiate;
    const ModuleExports = OrigModule.exports;

    function memoryBytes(initialPages, maximumPages) {
      const pages = maximumPages === undefined ? wasmPageCap : MathMin(maximumPages, wasmPageCap);
      return (pages > initialPages ? pages : initialPages) * WasmPageBytes;
    }

    /** Bytes of the memories a module defines itself (imported ones are charged where made). */
    function definedMemoryBytes(bytes) {
      let pos = 8;
      const n = ReflectApply(taLength, bytes, []);
      const leb = () => {
        let result = 0, shift = 0, b;
        do {
          if (pos >= n) throw new TypeErrorCtor('WebAssembly: truncated module');
          b = bytes[pos++];
          result += (b & 0x7f) * (2 ** shift);
          shift += 7;
        } while (b & 0x80);
        return result;
      };
      let total = 0;
      while (pos < n) {
        const id = bytes[pos++];
        const size = leb();
        const end = pos + size;
        if (id === 5) {
          const count = leb();
          for (let i = 0; i < count; i++) {
            const flags = leb();
            const min = leb();
            const max = (flags & 1) ? leb() : undefined;
            total += (flags & 4) ? wasmPageCap * WasmPageBytes : memoryBytes(min, max);
          }
        }
        pos = end;
      }
      return total;
    }

    function compiled(module, bytes) {
      ReflectApply(WeakMapSet, moduleMemoryBytes, [module, bytes]);
      return module;
    }

    function chargeInstance(module) {
      const bytes = ReflectApply(WeakMapGet, moduleMemoryBytes, [module]);
      // Every module reachable from user code was made by the stand-ins below; charge the cap if not.
      charge(bytes === undefined ? wasmPageCap * WasmPageBytes : bytes, 'a WebAssembly instance memory');
    }

    SafeModule = new ProxyCtor(OrigModule, {
      construct(target, args, newTarget) {
        const copy = copyBytes(args[0]);
        const module = ReflectConstruct(target, [copy], newTarget === SafeModule ? target : newTarget);
        return compiled(module, definedMemoryBytes(copy));
      },
    });
    ReflectDefineProperty(W, 'Module', { value: SafeModule, writable: false, enumerable: false, configurable: false });
    ReflectDefineProperty(OrigModule.prototype, 'constructor',
      { value: SafeModule, writable: false, enumerable: false, configurable: false });

    const SafeInstance = new ProxyCtor(OrigInstance, {
      construct(target, args, newTarget) {
        chargeInstance(args[0]);
        return ReflectConstruct(target, args, newTarget === SafeInstance ? target : newTarget);
      },
    });
    ReflectDefineProperty(W, 'Instance', { value: SafeInstance, writable: false, enumerable: false, configurable: false });
    ReflectDefineProperty(OrigInstance.prototype, 'constructor',
      { value: SafeInstance, writable: false, enumerable: false, configurable: false });

    const SafeMemory = new ProxyCtor(OrigMemory, {
      construct(target, args, newTarget) {
        const d = args[0];
        if (d === null || typeof d !== 'object') return ReflectConstruct(target, args, target);
        const initial = toIndex(d.initial);
        const maximumRaw = d.maximum;
        const maximum = maximumRaw === undefined ? undefined : toIndex(maximumRaw);
        const descriptor = { initial, shared: !!d.shared };
        if (maximum !== undefined) descriptor.maximum = maximum;
        if (d.index !== undefined) descriptor.index = StringCtor(d.index);
        charge(descriptor.index === 'i64' ? wasmPageCap * WasmPageBytes : memoryBytes(initial, maximum),
          'new WebAssembly.Memory');
        return ReflectConstruct(target, [descriptor], newTarget === SafeMemory ? target : newTarget);
      },
    });
    ReflectDefineProperty(W, 'Memory', { value: SafeMemory, writable: false, enumerable: false, configurable: false });
    ReflectDefineProperty(OrigMemory.prototype, 'constructor',
      { value: SafeMemory, writable: false, enumerable: false, configurable: false });

    const isModule = (x) => {
      try { ModuleExports(x); return true; } catch (e) { return false; }
    };
    ReflectDefineProperty(W, 'compile', {
      value: function compile(source) {
        try {
          const module = new SafeModule(source);
          return ReflectApply(PromiseThen, Promise.resolve(), [() => module]);
        } catch (e) {
          return Promise.reject(e);
        }
      }, writable: false, enumerable: false, configurable: false,
    });
    ReflectDefineProperty(W, 'instantiate', {
      value: function instantiate(source, imports) {
        try {
          if (isModule(source)) {
            chargeInstance(source);
            return ReflectApply(origInstantiate, W, [source, imports]);
          }
          const module = new SafeModule(source);
          chargeInstance(module);
          const instance = new OrigInstance(module, imports);
          return ReflectApply(PromiseThen, Promise.resolve(), [() => ({ module, instance })]);
        } catch (e) {
          return Promise.reject(e);
        }
      }, writable: false, enumerable: false, configurable: false,
    });
    // Streaming needs fetch/Response (absent here); JSPI allocates native stacks outside any budget.
    for (const absent of ['compileStreaming', 'instantiateStreaming', 'Suspending', 'promising']) {
      if (absent in W) delete W[absent];
    }

  }

  // Array.prototype.fill over a huge sparse array runs inside one V8 builtin that neither checks
  // for termination nor fits any heap: V8 would abort the whole process. Refuse it up front when
  // the span cannot fit the heap cap (8 bytes an element at the least).
  const origFill = Array.prototype.fill;
  ReflectDefineProperty(Array.prototype, 'fill', {
    value: function fill(value, start, end) {
      // Coerce each argument once and hand V8 the numbers, so valueOf cannot answer twice.
      const length = toIndex(this.length);
      const relative = (x, fallback) => {
        if (x === undefined) return fallback;
        const n = NumberCtor(x);
        if (n !== n) return 0;
        const i = n - (n % 1);
        return i < 0 ? (length + i > 0 ? length + i : 0) : (i < length ? i : length);
      };
      start = relative(start, 0);
      end = relative(end, length);
      if (end - start > heapElementCap) {
        budget.exceeded = 'Array.prototype.fill over ' + (end - start) + ' elements cannot fit the isolate heap';
        throw new RangeErrorCtor('MemoryLimitError: ' + budget.exceeded);
      }
      return ReflectApply(origFill, this, [value, start, end]);
    }, writable: true, enumerable: false, configurable: true,
  });

  // ---- 2. results -------------------------------------------------------------------------
  const output = { limit: 0, used: 0 };
  // Per result index: { body, us } once recorded (body: the result object's JSON without its
  // braces and timings), null while its promise is pending. Null-prototype holders throughout, so
  // no getter user code puts on Object.prototype ever sees them.
  let results = ObjectCreate(null);
  let pending = 0;
  // What the execution's results hold, for the host's counters: bit 1 a thrown error, 2 a
  // memory limit, 4 an output limit. collect() and partial() hand it over as a leading letter.
  let outcome = 0;
  const OUTCOME_BITS = { Error: 1, MemoryLimitError: 2, OutputLimitError: 4 };
  let beganAt = 0;
  // Function mode: the request's inputs as inputs() parsed them, until batch() takes them.
  let batchInputs = null;
  // Engine v8: the first error a timer or queueMicrotask callback threw (in Node.js it would
  // end the process; here it ends the results still pending).
  let uncaught = null;

  function failed(type, message, us) {
    outcome |= OUTCOME_BITS[type];
    return { body: errorBody(type, message), us };
  }

  function describe(thrown) {
    try {
      if (thrown !== null && typeof thrown === 'object') {
        const name = thrown.name, message = thrown.message;
        if (typeof message === 'string') {
          return (typeof name === 'string' && name !== '' ? name + ': ' : '') + message;
        }
      }
      return StringCtor(thrown);
    } catch (e) {
      return 'a value that cannot be converted to a string was thrown';
    }
  }

  // V8's own RangeErrors for engine limits on memory (the host's list, EngineMemoryErrors, which
  // checks what reaches Java): thrown inside a batch or a promise, they end that result as
  // MemoryLimitError here.
  const engineMemoryErrors = JSONParse(engineMemoryErrorsJson);

  function engineMemoryError(thrown) {
    try {
      return thrown instanceof RangeErrorCtor && ReflectApply(ArrayIncludes, engineMemoryErrors, [thrown.message])
        ? thrown.message : null;
    } catch (e) { return null; }
  }

  const replacer = (key, value) => (typeof value === 'bigint' ? StringCtor(value) : value);

  function errorBody(type, message) {
    return '"ok":false,"error":{"type":' + JSONStringify(type) + ',"message":' + JSONStringify(message) + '}';
  }

  function thrownResult(thrown, us) {
    if (budget.exceeded !== null) return failed('MemoryLimitError', budget.exceeded, us);
    const engineLimit = engineMemoryError(thrown);
    if (engineLimit !== null) return failed('MemoryLimitError', 'RangeError: ' + engineLimit, us);
    return failed('Error', describe(thrown), us);
  }

  /** The serialized value, or a ready error result when it cannot be serialized or is too big. */
  function serialize(value) {
    let json;
    try {
      // Primitives need no replacer; objects get one so that BigInt values become strings.
      json = (value === null || typeof value !== 'object') && typeof value !== 'bigint'
        ? JSONStringify(value) : JSONStringify(value, replacer);
    } catch (e) {
      return { error: e };
    }
    if (json === undefined) json = 'null';
    if (output.used + json.length > output.limit) {
      output.used = output.limit;
      return { limit: 'result of ' + json.length + ' characters exceeds the output limit of '
        + output.limit + ' characters for this request' };
    }
    output.used += json.length;
    return { json };
  }

  /** Records one result; returns the clock reading taken at its end. */
  function record(index, value, started, knownUs) {
    const s = serialize(value);
    const now = clock();
    const us = knownUs !== undefined ? knownUs : now - started;
    if (budget.exceeded !== null) results[index] = failed('MemoryLimitError', budget.exceeded, us);
    else if (s.json !== undefined) results[index] = { body: '"ok":true,"value":' + s.json, us };
    else if (s.limit !== undefined) results[index] = failed('OutputLimitError', s.limit, us);
    else results[index] = thrownResult(s.error, us);
    return now;
  }

  /** Records a value, or waits for it when it is a thenable; returns a clock reading. */
  function settle(index, value, started, knownUs) {
    const isThenable = value !== null && (typeof value === 'object' || typeof value === 'function')
      && typeof value.then === 'function';
    if (!isThenable) return record(index, value, started, knownUs);
    pending++;
    results[index] = null;
    const done = (ok) => (v) => {
      pending--;
      claimFloatingLogs(index);
      if (ok) record(index, v, started);
      else results[index] = thrownResult(v, clock() - started);
    };
    try {
      ReflectApply(PromiseThen, PromiseResolve(value), [done(true), done(false)]);
    } catch (e) {
      pending--;
      results[index] = thrownResult(e, clock() - started);
    }
    return clock();
  }

  /**
   * The results as a JSON array after the outcome letter. Results not recorded get the filler
   * (fillerBits mark its use); the request's CPU time is divided evenly among the results, since
   * no CPU clock exists inside the isolate to tell one call's share from another's.
   */
  function joinResults(count, fillerBody, fillerUs, fillerBits, cpuUs) {
    const cpuEach = MathFloor(NumberCtor(cpuUs) / (count > 0 ? count : 1));
    settleFloatingLogs(count);
    const out = [];
    for (let i = 0; i < count; i++) {
      let r = results[i];
      if (r === undefined || r === null) {
        outcome |= fillerBits;
        r = { body: fillerBody, us: fillerUs };
      }
      ReflectApply(ArrayPush, out, ['{' + r.body + ',"durationUs":' + r.us + ',"cpuUs":' + cpuEach + logsOf(i) + '}']);
    }
    return StringFromCharCode(65 + outcome) + '[' + ReflectApply(ArrayJoin, out, [',']) + ']';
  }

  // ---- 4. console -------------------------------------------------------------------------
  // Entries are kept per result: a call made while the function of input i runs belongs to result
  // i; one made later, from a callback, to the next result that settles (or the last one). The
  // byte budget (UTF-8) is the request's: entries go in whole while they fit, the one that
  // crosses it is cut, the rest are counted; a result that lost any ends with one warning entry.
// @include format.js
  const logBudget = { limit: 0, used: 0 };
  let logs = ObjectCreate(null); // per result index: { entries: [JSON strings], dropped: bytes }
  let logIndex = 0; // the result console calls belong to; -1: none (a callback between them)
  let floating = null; // entries made while logIndex is -1
  let formatter = null;
  let groupIndent = '';
  let counts = ObjectCreate(null);
  let timersByLabel = ObjectCreate(null);

  function logRecord(index) {
    if (index < 0) {
      if (floating === null) floating = { entries: [], dropped: 0 };
      return floating;
    }
    let r = logs[index];
    if (r === undefined) { r = { entries: [], dropped: 0 }; logs[index] = r; }
    return r;
  }

  function claimFloatingLogs(index) {
    if (floating === null) return;
    const r = logRecord(index);
    for (let i = 0; i < floating.entries.length; i++) ReflectApply(ArrayPush, r.entries, [floating.entries[i]]);
    r.dropped += floating.dropped;
    floating = null;
  }

  function settleFloatingLogs(count) {
    if (floating !== null && count > 0) claimFloatingLogs(count - 1);
    floating = null;
  }

  function logsOf(index) {
    const r = logs[index];
    if (r === undefined) return '';
    let text = ReflectApply(ArrayJoin, r.entries, [',']);
    if (r.dropped === 0) return ',"logs":[' + text + ']';
    text += (text === '' ? '' : ',') + '{"level":"warn","message":"' + r.dropped + ' bytes of console output dropped"}';
    return ',"logs":[' + text + '],"logsTruncated":true';
  }

  /** How many chars of s fit in maxBytes of UTF-8, and how many bytes s takes: [chars, bytesKept, bytes]. */
  function utf8Fit(s, maxBytes) {
    let bytes = 0;
    let chars = -1;
    let kept = 0;
    const n = s.length;
    for (let i = 0; i < n; i++) {
      const c = ReflectApply(StringCharCodeAt, s, [i]);
      let size = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const next = ReflectApply(StringCharCodeAt, s, [i + 1]);
        if (next >= 0xdc00 && next <= 0xdfff) size = 4;
      }
      if (chars < 0 && bytes + size > maxBytes) { chars = i; kept = bytes; }
      bytes += size;
      if (size === 4) i++;
    }
    return chars < 0 ? [n, bytes, bytes] : [chars, kept, bytes];
  }

  function writeLog(level, message) {
    if (groupIndent !== '') message = groupIndent + ReflectApply(ArrayJoin, ReflectApply(StringSplitLines, message, ['\n']), ['\n' + groupIndent]);
    const r = logRecord(logIndex);
    const room = logBudget.limit - logBudget.used;
    const fit = utf8Fit(message, room);
    if (fit[2] <= room) {
      logBudget.used += fit[2];
      ReflectApply(ArrayPush, r.entries, ['{"level":"' + level + '","message":' + JSONStringify(message) + '}']);
      return;
    }
    if (fit[0] > 0) {
      ReflectApply(ArrayPush, r.entries,
        ['{"level":"' + level + '","message":' + JSONStringify(ReflectApply(StringSlice, message, [0, fit[0]])) + '}']);
    }
    logBudget.used = logBudget.limit;
    r.dropped += fit[2] - fit[1];
  }

  /**
   * The message of a console call. Strings without a placeholder in the first and finite numbers
   * print as themselves in util.format, so they skip building the formatter.
   */
  function formatted(args) {
    let plain = '';
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (typeof a === 'string') {
        if (i === 0 && args.length > 1 && ReflectApply(StringIndexOf, a, ['%']) !== -1) { plain = null; break; }
      } else if (typeof a !== 'number' || (a === 0 && 1 / a < 0)) { plain = null; break; } // -0: the formatter
      plain += (i > 0 ? ' ' : '') + a;
    }
    if (plain !== null) return plain;
    try {
      if (formatter === null) formatter = makeFormatter();
      return formatter.format(args);
    } catch (e) {
      return '[console could not format its arguments: ' + describe(e) + ']';
    }
  }

  const consoleLabel = (l) => (l === undefined ? 'default' : StringCtor(l));
  function consoleElapsed(name, end, args) {
    const key = consoleLabel(name);
    const start = timersByLabel[key];
    if (start === undefined) { writeLog('warn', "No such label '" + key + "' for console.time" + end + '()'); return; }
    if (end === 'End') timersByLabel[key] = undefined;
    writeLog('info', key + ': ' + (DateNow() - start) + 'ms' + (args.length > 0 ? ' ' + formatted(args) : ''));
  }

  /** The console of a context: one object literal (its methods are own data properties, no setter runs). */
  function makeConsole() {
    const silent = () => {};
    return {
      log(...args) { writeLog('log', formatted(args)); },
      info(...args) { writeLog('info', formatted(args)); },
      warn(...args) { writeLog('warn', formatted(args)); },
      error(...args) { writeLog('error', formatted(args)); },
      debug(...args) { writeLog('debug', formatted(args)); },
      trace(...args) {
        let stack = '';
        try { stack = StringCtor(new ErrorCtor().stack); } catch (e) { /* no stack */ }
        // The stack without its first two lines ("Error" and this function's frame).
        let where = '';
        const lines = ReflectApply(StringSplitLines, stack, ['\n']);
        for (let i = 2; i < lines.length; i++) where += (i > 2 ? '\n' : '') + lines[i];
        writeLog('debug', 'Trace' + (args.length > 0 ? ': ' + formatted(args) : '') + (where !== '' ? '\n' + where : ''));
      },
      dir(value) {
        let text;
        try {
          if (formatter === null) formatter = makeFormatter();
          text = formatter.inspect(value, 2, false);
        } catch (e) { text = '[console could not format its arguments: ' + describe(e) + ']'; }
        writeLog('log', text);
      },
      assert(condition, ...args) {
        if (!condition) writeLog('error', 'Assertion failed' + (args.length > 0 ? ': ' + formatted(args) : ''));
      },
      table(...args) { writeLog('log', formatted(args)); },
      count(l) {
        const key = consoleLabel(l);
        counts[key] = (counts[key] || 0) + 1;
        writeLog('info', key + ': ' + counts[key]);
      },
      countReset(l) { counts[consoleLabel(l)] = 0; },
      time(l) { timersByLabel[consoleLabel(l)] = DateNow(); },
      timeEnd(l) { consoleElapsed(l, 'End', []); },
      timeLog(l, ...args) { consoleElapsed(l, 'Log', args); },
      group(...args) { if (args.length > 0) writeLog('log', formatted(args)); groupIndent += '  '; },
      groupCollapsed(...args) { if (args.length > 0) writeLog('log', formatted(args)); groupIndent += '  '; },
      groupEnd() { groupIndent = ReflectApply(StringSlice, groupIndent, [2]); },
      clear: silent, profile: silent, profileEnd: silent, timeStamp: silent, dirxml: silent,
    };
  }

  // ---- 5. timers (engine v8) --------------------------------------------------------------
  // A binary heap of pending timers by (due, order); a cleared timer is dropped from the index
  // at once and from the heap when it reaches the top. The host asks wait() how long until the
  // next one is due and calls runTimer() then; V8 runs the microtasks after each call.
  const MAX_TIMERS = 10000;
  const TIMEOUT_MAX = 2147483647;
  let timerHeap = [];
  let timerIndex = ObjectCreate(null);
  let timerCount = 0;
  let timerOrder = 0;
  let nextTimerId = 1;

  function heapBefore(a, b) { return a.due < b.due || (a.due === b.due && a.order < b.order); }

  function heapPush(t) {
    let i = timerHeap.length;
    timerHeap[i] = t;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!heapBefore(timerHeap[i], timerHeap[parent])) break;
      const tmp = timerHeap[i]; timerHeap[i] = timerHeap[parent]; timerHeap[parent] = tmp;
      i = parent;
    }
  }

  function heapPop() {
    const top = timerHeap[0];
    const last = timerHeap[timerHeap.length - 1];
    timerHeap.length -= 1;
    if (timerHeap.length > 0) {
      timerHeap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < timerHeap.length && heapBefore(timerHeap[l], timerHeap[m])) m = l;
        if (r < timerHeap.length && heapBefore(timerHeap[r], timerHeap[m])) m = r;
        if (m === i) break;
        const tmp = timerHeap[i]; timerHeap[i] = timerHeap[m]; timerHeap[m] = tmp;
        i = m;
      }
    }
    return top;
  }

  /** The first pending timer, dropping cleared ones; undefined when none is pending. */
  function firstTimer() {
    while (timerHeap.length > 0 && timerIndex[timerHeap[0].id] !== timerHeap[0]) heapPop();
    return timerHeap.length > 0 ? timerHeap[0] : undefined;
  }

  function addTimer(fn, delay, args, repeat) {
    if (typeof fn !== 'function') {
      throw new TypeErrorCtor('The "callback" argument must be of type function. Received ' + describeType(fn));
    }
    if (timerCount >= MAX_TIMERS) {
      throw new RangeErrorCtor('too many pending timers: at most ' + MAX_TIMERS + ' may wait at once in one execution');
    }
    let ms = NumberCtor(delay);
    if (!(ms >= 1 && ms <= TIMEOUT_MAX)) ms = 1; // as Node.js does: a delay below 1 ms, or none, is 1 ms
    const id = nextTimerId++;
    const t = { id, due: DateNow() + ms, order: timerOrder++, fn, args, every: repeat ? ms : 0 };
    timerIndex[id] = t;
    timerCount++;
    heapPush(t);
    return id;
  }

  function clearTimer(id) {
    const key = NumberCtor(id);
    if (timerIndex[key] !== undefined) {
      timerIndex[key] = undefined;
      timerCount--;
    }
  }

  function cancelAllTimers() {
    timerHeap = [];
    timerIndex = ObjectCreate(null);
    timerCount = 0;
  }

  function noteUncaught(e) {
    if (uncaught === null) uncaught = { error: e };
  }

  function describeType(x) {
    return x === null ? 'null' : typeof x === 'function' ? 'function' : typeof x === 'object' ? 'an instance of Object'
      : 'type ' + typeof x;
  }

  const timerGlobals = {
    setTimeout(fn, delay, ...args) { return addTimer(fn, delay, args, false); },
    setInterval(fn, delay, ...args) { return addTimer(fn, delay, args, true); },
    clearTimeout(id) { clearTimer(id); },
    clearInterval(id) { clearTimer(id); },
    queueMicrotask(fn) {
      if (typeof fn !== 'function') {
        throw new TypeErrorCtor('The "callback" argument must be of type function. Received ' + describeType(fn));
      }
      ReflectApply(PromiseThen, PromiseResolve(), [() => {
        try { ReflectApply(fn, undefined, []); } catch (e) { noteUncaught(e); }
      }]);
    },
  };

  const control = {
    /** Starts one execution: fresh budgets, no results, no logs, no timers. */
    begin(bufferLimit, outputLimit, logLimit) {
      // Java longs arrive as BigInt; the budgets are plain numbers.
      budget.limit = NumberCtor(bufferLimit); budget.used = 0; budget.exceeded = null;
      output.limit = NumberCtor(outputLimit); output.used = 0;
      logBudget.limit = NumberCtor(logLimit); logBudget.used = 0;
      results = ObjectCreate(null); pending = 0; outcome = 0; uncaught = null;
      logs = ObjectCreate(null); logIndex = 0; floating = null; groupIndent = '';
      counts = ObjectCreate(null); timersByLabel = ObjectCreate(null);
      batchInputs = null;
      cancelAllTimers();
      beganAt = clock();
    },
    /** Script mode: records the completion value, which took elapsedUs (measured by the host). */
    script(value, elapsedUs) {
      const us = NumberCtor(elapsedUs);
      beganAt = clock() - us; // begin() may have run when the context was made, before this execution
      settle(0, value, beganAt, us);
    },
    /**
     * script(), then finish(1, cpuUs) when the value settled at once: one call where engine v8's
     * host made two for each script. A promise settles in the microtasks V8 runs once this call
     * returns, so for one this returns '' and the host calls finish() after them.
     */
    scriptFinish(value, elapsedUs, cpuUs) {
      control.script(value, elapsedUs);
      return pending === 0 ? control.finish(1, cpuUs) : '';
    },
    /**
     * Function mode, before the user's code runs: parses the request's inputs, a JSON array of
     * argument arrays that nothing parsed before (the host checked its brackets only), and keeps
     * them for batch(). '' when they parse, else why they do not: the request is malformed.
     */
    inputs(inputsJson) {
      try {
        batchInputs = JSONParse(inputsJson);
      } catch (e) {
        batchInputs = null;
        return StringCtor(e !== null && typeof e === 'object' ? e.message : e);
      }
      return '';
    },
    /** Function mode: calls fn once per input of those inputs() parsed. */
    batch(fn) {
      const inputs = batchInputs;
      batchInputs = null;
      let started = clock();
      beganAt = started;
      for (let i = 0; i < inputs.length; i++) {
        const args = inputs[i];
        logIndex = i;
        let value;
        try {
          value = ArrayIsArray(args) ? ReflectApply(fn, undefined, args) : ReflectApply(fn, undefined, [args]);
        } catch (e) {
          const now = clock();
          results[i] = thrownResult(e, now - started);
          started = now;
          continue;
        }
        started = settle(i, value, started);
      }
      logIndex = -1;
    },
    /**
     * Engine v8: -2 once every result settled or a callback threw, -1 while results are pending
     * and no timer is, else the milliseconds until the next timer is due.
     */
    wait() {
      if (pending === 0 || uncaught !== null) return -2;
      const t = firstTimer();
      if (t === undefined) return -1;
      const ms = t.due - DateNow();
      return ms > 0 ? ms : 0;
    },
    /** Engine v8: runs the first timer if it is due (an interval is due again after its delay). */
    runTimer() {
      const t = firstTimer();
      if (t === undefined || t.due > DateNow()) return;
      heapPop();
      if (t.every > 0) {
        t.due = DateNow() + t.every;
        t.order = timerOrder++;
        heapPush(t);
      } else {
        timerIndex[t.id] = undefined;
        timerCount--;
      }
      try {
        ReflectApply(t.fn, undefined, t.args);
      } catch (e) {
        noteUncaught(e);
      }
    },
    /**
     * Engine v8: the results (as collect() gives them) once nothing can settle any more without
     * a timer running first, else '': the host then runs the timers through wait() and runTimer().
     * One call where wait() then collect() took two, for the common execution that has no timer.
     */
    finish(count, cpuUs) {
      return control.wait() < 0 ? control.collect(count, cpuUs) : '';
    },
    /**
     * Results as a JSON array, taking cpuUs of CPU in all; the ones still pending are an Error
     * saying why (engine node says what its loop saw). Timers still pending are cancelled: nothing
     * of this execution runs after its answer.
     */
    collect(count, cpuUs, unsettledReason) {
      cancelAllTimers();
      let why;
      if (unsettledReason !== undefined) why = StringCtor(unsettledReason);
      else if (uncaught !== null) why = 'a callback threw before the result settled: ' + describe(uncaught.error);
      else why = 'the returned promise never settled: no pending timer could settle it';
      return joinResults(count, errorBody('Error', why), clock() - beganAt, OUTCOME_BITS.Error, cpuUs);
    },
    /** After a termination: finished results, the others as the given typed error body, taking elapsedUs. */
    partial(count, fillerBody, cpuUs, elapsedUs) {
      cancelAllTimers();
      return joinResults(count, StringCtor(fillerBody), NumberCtor(elapsedUs), 0, cpuUs);
    },
    bufferExceeded() { return budget.exceeded; },
    /** How a thrown value reads in a result (engine node: what a callback threw). */
    describe(thrown) { return describe(thrown); },
    /** Compiles host-provided module bytes through the guarded path. */
    module(bytes) {
      installBufferGuards();
      if (SafeModule === null) throw new TypeErrorCtor('WebAssembly is not available: V8 runs with --jitless');
      return new SafeModule(bytes);
    },
  };

  // ---- the context's own globals -----------------------------------------------------------
  // console in both engines, built on first use; the timer functions where the host runs them.
  // Plain globals: a context restored from the snapshot has them as the snapshot's had them.
  const defineGlobal = (name, value) => ReflectDefineProperty(g, name,
    { value, writable: true, enumerable: false, configurable: true });
  ReflectDefineProperty(g, 'console', {
    get() { const c = makeConsole(); defineGlobal('console', c); return c; },
    set(value) { defineGlobal('console', value); },
    enumerable: false, configurable: true,
  });
  if (hostTimers) {
    const names = ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask'];
    for (let i = 0; i < names.length; i++) defineGlobal(names[i], timerGlobals[names[i]]);
  }
  const frozenControl = ObjectFreeze(control);
  let attached = false;

  /**
   * What each context needs of its own, before any user code: the globals V8 installs only when
   * it makes or restores a context. slot: the global the host found attach() under, removed here.
   */
  function attach(slot) {
    if (attached) throw new ErrorCtor('the prelude is already attached to this context');
    attached = true;
    if (slot !== undefined) delete g[slot];
    if (typeof g.SharedArrayBuffer === 'function') {
      sabByteLength = ObjectGetOwnPropertyDescriptor(g.SharedArrayBuffer.prototype, 'byteLength').get;
      // No threads exist in this runtime, so shared memory has no use here and is removed.
      delete g.SharedArrayBuffer;
    }
    ReflectApply(ArrayPush, lazyGlobals, ['ArrayBuffer']);
    if (typeof g.WebAssembly === 'object') ReflectApply(ArrayPush, lazyGlobals, ['WebAssembly']);
    for (const name of typedArrayNames) if (typeof g[name] === 'function') ReflectApply(ArrayPush, lazyGlobals, [name]);
    for (const name of lazyGlobals) originals[name] = g[name];
    for (const name of lazyGlobals) {
      ReflectDefineProperty(g, name, {
        get() { installBufferGuards(); return g[name]; },
        set(value) { installBufferGuards(); g[name] = value; },
        enumerable: false, configurable: true,
      });
    }
    if (bufferLimit !== undefined) control.begin(bufferLimit, outputLimit, logLimit);
    return frozenControl;
  }

  if (!forSnapshot) return attach();
  return ObjectFreeze({
    attach,
    control: frozenControl,
    /** Runs the console's plain path once (not through the global, which stays a getter) so the snapshot holds its code. */
    warmUp() {
      const c = makeConsole();
      c.log('s', 1); c.info('s'); c.warn('s'); c.error('s'); c.debug('s');
    },
  });
})

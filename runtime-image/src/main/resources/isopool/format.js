  // ---- console formatting (included into prelude.js at "// @include format.js") ----------------
  // Formats console arguments as Node 24's util.format does (breakLength 80, depth 2, compact 3,
  // 100 array items, 10,000 string characters). Its top-level statements run with the prelude and
  // capture the intrinsics it needs before user code exists; makeFormatter() builds the functions
  // on the first console call only, so a context that never logs pays nothing for them.
  //
  // It runs inside the execution that logs, under its wall and CPU limits. It never calls a getter
  // (accessors show as [Getter]/[Setter]); what it cannot avoid running (a Proxy's traps, a
  // toString for %s, Symbol.toPrimitive) may throw, which the caller turns into a message, or loop,
  // which the execution's limits end. Where Node differs: a Proxy is inspected through its traps
  // (Node reads its target), and a Promise's state is not visible (printed as <unknown>).
  const FmtReflectOwnKeys = Reflect.ownKeys;
  const FmtGetPrototypeOf = Object.getPrototypeOf;
  const FmtGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const FmtObjectIs = Object.is;
  const FmtApply = Reflect.apply;
  const FmtPush = Array.prototype.push;
  const FmtJoin = Array.prototype.join;
  const FmtIndexOf = String.prototype.indexOf;
  const FmtSlice = String.prototype.slice;
  const FmtSplit = String.prototype.split;
  const FmtRepeat = String.prototype.repeat;
  const FmtPadStart = String.prototype.padStart;
  const FmtPadEnd = String.prototype.padEnd;
  const FmtCharCodeAt = String.prototype.charCodeAt;
  const FmtStartsWith = String.prototype.startsWith;
  const FmtEndsWith = String.prototype.endsWith;
  const FmtToUpperCase = String.prototype.toUpperCase;
  const FmtNumberToString = Number.prototype.toString;
  const FmtString = String;
  const FmtNumber = Number;
  const FmtParseInt = Number.parseInt;
  const FmtParseFloat = Number.parseFloat;
  const FmtIsArray = Array.isArray;
  const FmtJSONStringify = JSON.stringify;
  const FmtMathMin = Math.min;
  const FmtMathMax = Math.max;
  const FmtMathSqrt = Math.sqrt;
  const FmtMathRound = Math.round;
  const FmtMathFloor = Math.floor;
  const FmtFunctionToString = Function.prototype.toString;
  const FmtSymbolToString = Symbol.prototype.toString;
  const FmtSymbolToPrimitive = Symbol.toPrimitive;
  const FmtDateGetTime = Date.prototype.getTime;
  const FmtDateToISOString = Date.prototype.toISOString;
  const fmtGetter = (proto, name) => FmtGetOwnPropertyDescriptor(proto, name).get;
  const FmtRegExpSource = fmtGetter(RegExp.prototype, 'source');
  const FmtRegExpFlags = fmtGetter(RegExp.prototype, 'flags');
  const FmtMapSize = fmtGetter(Map.prototype, 'size');
  const FmtMapEntries = Map.prototype.entries;
  const FmtSetSize = fmtGetter(Set.prototype, 'size');
  const FmtSetValues = Set.prototype.values;
  const FmtMapIteratorNext = FmtGetPrototypeOf(new Map().entries()).next;
  const FmtSetIteratorNext = FmtGetPrototypeOf(new Set().values()).next;
  const FmtWeakMapHas = WeakMap.prototype.has;
  const FmtWeakSetHas = WeakSet.prototype.has;
  const FmtErrorPrototype = Error.prototype;
  const FmtRegExpPrototype = RegExp.prototype;
  const FmtHasOwn = Object.prototype.hasOwnProperty;
  const FmtObjectToString = Object.prototype.toString;
  const FmtIndexOfList = Array.prototype.indexOf;
  const FmtTypedArrayPrototype = FmtGetPrototypeOf(Uint8Array.prototype);
  const FmtTypedArrayLength = fmtGetter(FmtTypedArrayPrototype, 'length');
  const FmtTypedArrayTag = fmtGetter(FmtTypedArrayPrototype, Symbol.toStringTag);
  const FmtArrayBufferByteLength = fmtGetter(ArrayBuffer.prototype, 'byteLength');
  const FmtUint8Array = Uint8Array;
  const FmtPromise = Promise;
  const FmtBoxed = [
    ['Number', Number.prototype.valueOf], ['String', String.prototype.valueOf],
    ['Boolean', Boolean.prototype.valueOf], ['BigInt', BigInt.prototype.valueOf],
    ['Symbol', Symbol.prototype.valueOf]];
  const FmtAsyncFunctionPrototype = FmtGetPrototypeOf(async function () {});
  const FmtGeneratorFunctionPrototype = FmtGetPrototypeOf(function* () {});
  const FmtAsyncGeneratorFunctionPrototype = FmtGetPrototypeOf(async function* () {});
  const FmtMap = Map;
  const FmtMapGet = Map.prototype.get;
  const FmtMapSet = Map.prototype.set;
  const FmtSetCtor = Set;
  const FmtSetHas = Set.prototype.has;
  const FmtSetAdd = Set.prototype.add;

  const makeFormatter = () => {
    const BREAK_LENGTH = 80;
    const MAX_ARRAY = 100;
    const MAX_STRING = 10000;
    const COMPACT = 3;
    const BUILTINS = new FmtSetCtor(['Object', 'Array', 'Error', 'EvalError', 'RangeError', 'ReferenceError',
      'SyntaxError', 'TypeError', 'URIError', 'AggregateError', 'Date', 'RegExp', 'Map', 'Set', 'WeakMap', 'WeakSet',
      'Promise', 'Boolean', 'Number', 'String', 'Symbol', 'BigInt', 'Function', 'ArrayBuffer', 'DataView',
      'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
      'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'WeakRef']);
    const call = (fn, self, args) => FmtApply(fn, self, args === undefined ? [] : args);
    const push = (list, item) => FmtApply(FmtPush, list, [item]);
    const join = (list, sep) => FmtApply(FmtJoin, list, [sep]);
    const has = (s, part) => call(FmtIndexOf, s, [part]) !== -1;
    const slice = (s, from, to) => call(FmtSlice, s, to === undefined ? [from] : [from, to]);
    const spaces = (n) => call(FmtRepeat, ' ', [n]);
    const answers = (getter, x) => { try { call(getter, x); return true; } catch (e) { return false; } };
    const own = (object, key) => call(FmtHasOwn, object, [key]);

    // ---- primitives
    const META = [];
    for (let i = 0; i < 0x20; i++) {
      META[i] = '\\x' + call(FmtToUpperCase, call(FmtPadStart, call(FmtNumberToString, i, [16]), [2, '0']));
    }
    META[8] = '\\b'; META[9] = '\\t'; META[10] = '\\n'; META[12] = '\\f'; META[13] = '\\r';
    META[0x7f] = '\\x7F';

    /** A string in quotes as Node prints it: single quotes unless the string holds one. */
    function quote(str) {
      let q = 39;
      if (has(str, "'")) {
        if (!has(str, '"')) q = 34;
        else if (!has(str, '`') && !has(str, '${')) q = 96;
      }
      let out = '';
      let last = 0;
      const n = str.length;
      for (let i = 0; i < n; i++) {
        const c = call(FmtCharCodeAt, str, [i]);
        let escaped;
        if (c < 0x20 || c === 0x7f) escaped = META[c];
        else if (c === 92) escaped = '\\\\';
        else if (c === q && q === 39) escaped = "\\'";
        else if (c >= 0xd800 && c <= 0xdfff) {
          const next = i + 1 < n ? call(FmtCharCodeAt, str, [i + 1]) : 0;
          if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) { i++; continue; }
          escaped = '\\u' + call(FmtToUpperCase, call(FmtNumberToString, c, [16]));
        } else continue;
        out += slice(str, last, i) + escaped;
        last = i + 1;
      }
      const ch = FmtString.fromCharCode(q);
      return ch + (last === 0 ? str : out + slice(str, last)) + ch;
    }

    function formatNumber(n) {
      return FmtObjectIs(n, -0) ? '-0' : FmtString(n);
    }

    function formatPrimitive(ctx, value) {
      switch (typeof value) {
        case 'string': {
          let trailer = '';
          if (value.length > MAX_STRING) {
            const remaining = value.length - MAX_STRING;
            value = slice(value, 0, MAX_STRING);
            trailer = '... ' + remaining + ' more character' + (remaining > 1 ? 's' : '');
          }
          if (value.length > 16 && value.length > BREAK_LENGTH - ctx.indentationLvl - 4) {
            const lines = [];
            let from = 0;
            for (let i = 0; i < value.length; i++) {
              if (call(FmtCharCodeAt, value, [i]) === 10) { push(lines, quote(slice(value, from, i + 1))); from = i + 1; }
            }
            if (from < value.length || lines.length === 0) push(lines, quote(slice(value, from)));
            return join(lines, ' +\n' + spaces(ctx.indentationLvl + 2)) + trailer;
          }
          return quote(value) + trailer;
        }
        case 'number': return formatNumber(value);
        case 'bigint': return FmtString(value) + 'n';
        case 'boolean': return value ? 'true' : 'false';
        case 'undefined': return 'undefined';
        case 'symbol': return call(FmtSymbolToString, value);
        default: return 'null';
      }
    }

    // ---- what an object is, without calling its getters
    function ownValue(object, key) {
      const d = FmtGetOwnPropertyDescriptor(object, key);
      return d !== undefined && own(d, 'value') ? d.value : undefined;
    }

    function constructorName(value) {
      let proto = FmtGetPrototypeOf(value);
      for (let hops = 0; proto !== null && hops < 100; hops++) {
        const ctor = ownValue(proto, 'constructor');
        if (typeof ctor === 'function') {
          const name = ownValue(ctor, 'name');
          if (typeof name === 'string' && name !== '') return name;
        }
        proto = FmtGetPrototypeOf(proto);
      }
      return null;
    }

    function isError(value) {
      for (let p = FmtGetPrototypeOf(value), hops = 0; p !== null && hops < 100; p = FmtGetPrototypeOf(p), hops++) {
        if (p === FmtErrorPrototype) return true;
      }
      return false;
    }

    function keyName(key, enumerable) {
      if (typeof key === 'symbol') return call(FmtSymbolToString, key); // Node 24: no brackets
      if (key === '__proto__') return "['__proto__']";
      if (!enumerable) return '[' + key + ']';
      let identifier = key.length > 0;
      for (let i = 0; i < key.length && identifier; i++) {
        const c = call(FmtCharCodeAt, key, [i]);
        identifier = c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (i > 0 && c >= 48 && c <= 57);
      }
      return identifier ? key : quote(key);
    }

    function isIndex(key) {
      if (typeof key !== 'string' || key.length === 0 || key.length > 10) return false;
      for (let i = 0; i < key.length; i++) {
        const c = call(FmtCharCodeAt, key, [i]);
        if (c < 48 || c > 57 || (i === 0 && c === 48 && key.length > 1)) return false;
      }
      return FmtNumber(key) < 4294967295;
    }

    /** Own keys to print: enumerable ones (all with showHidden), the indices left out when asked. */
    function keysOf(ctx, value, skipIndices) {
      const out = [];
      const keys = FmtReflectOwnKeys(value);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        if (skipIndices && isIndex(key)) continue;
        const d = FmtGetOwnPropertyDescriptor(value, key);
        if (d === undefined) continue;
        if (d.enumerable || (ctx.showHidden && typeof key === 'string')) push(out, [key, d]);
      }
      return out;
    }

    function formatProperty(ctx, key, d, recurseTimes, arrayItem) {
      let str;
      if (own(d, 'value')) {
        ctx.indentationLvl += 2;
        str = formatValue(ctx, d.value, recurseTimes);
        ctx.indentationLvl -= 2;
      } else if (d.get !== undefined) {
        str = d.set !== undefined ? '[Getter/Setter]' : '[Getter]';
      } else {
        str = d.set !== undefined ? '[Setter]' : 'undefined';
      }
      return arrayItem ? str : keyName(key, d.enumerable) + ': ' + str;
    }

    // ---- line breaking (Node's reduceToSingleString and groupArrayElements)
    function belowBreakLength(ctx, output, start, base) {
      let total = output.length + start;
      if (total + output.length > BREAK_LENGTH) return false;
      for (let i = 0; i < output.length; i++) {
        total += output[i].length;
        if (total > BREAK_LENGTH) return false;
      }
      return base === '' || !has(base, '\n');
    }

    function groupArrayElements(ctx, output, numeric, more) {
      let totalLength = 0;
      let maxLength = 0;
      const outputLength = more ? output.length - 1 : output.length;
      const separatorSpace = 2;
      const dataLen = [];
      for (let i = 0; i < outputLength; i++) {
        const len = output[i].length;
        dataLen[i] = len;
        totalLength += len + separatorSpace;
        if (maxLength < len) maxLength = len;
      }
      const actualMax = maxLength + separatorSpace;
      if (actualMax * 3 + ctx.indentationLvl < BREAK_LENGTH && (totalLength / actualMax > 5 || maxLength <= 6)) {
        const averageBias = FmtMathSqrt(actualMax - totalLength / output.length);
        const biasedMax = FmtMathMax(actualMax - 3 - averageBias, 1);
        const columns = FmtMathMin(
          FmtMathRound(FmtMathSqrt(2.5 * biasedMax * outputLength) / biasedMax),
          FmtMathFloor((BREAK_LENGTH - ctx.indentationLvl) / actualMax),
          COMPACT * 4,
          15);
        if (columns <= 1) return output;
        const tmp = [];
        const maxLineLength = [];
        for (let i = 0; i < columns; i++) {
          let lineLength = 0;
          for (let j = i; j < output.length; j += columns) if (dataLen[j] > lineLength) lineLength = dataLen[j];
          push(maxLineLength, lineLength + separatorSpace);
        }
        const order = numeric ? FmtPadStart : FmtPadEnd;
        for (let i = 0; i < outputLength; i += columns) {
          const max = FmtMathMin(i + columns, outputLength);
          let str = '';
          let j = i;
          for (; j < max - 1; j++) str += call(order, output[j] + ', ', [maxLineLength[j - i], ' ']);
          str += numeric ? call(FmtPadStart, output[j], [maxLineLength[j - i] - separatorSpace, ' ']) : output[j];
          push(tmp, str);
        }
        if (more) push(tmp, output[outputLength]);
        return tmp;
      }
      return output;
    }

    function reduceToSingleString(ctx, output, base, braces, grouping, numeric, more, recurseTimes) {
      const entries = output.length;
      if (grouping && entries > 6) output = groupArrayElements(ctx, output, numeric, more);
      if (ctx.currentDepth - recurseTimes < COMPACT && entries === output.length) {
        const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
        if (belowBreakLength(ctx, output, start, base)) {
          const joined = join(output, ', ');
          if (!has(joined, '\n')) return (base !== '' ? base + ' ' : '') + braces[0] + ' ' + joined + ' ' + braces[1];
        }
      }
      const indentation = '\n' + spaces(ctx.indentationLvl);
      return (base !== '' ? base + ' ' : '') + braces[0] + indentation + '  '
        + join(output, ',' + indentation + '  ') + indentation + braces[1];
    }

    // ---- objects
    function functionBase(value, ctor) {
      let source = '';
      try { source = call(FmtFunctionToString, value); } catch (e) { /* not a plain function */ }
      const name = ownValue(value, 'name');
      const named = typeof name === 'string' && name !== '';
      if (call(FmtStartsWith, source, ['class']) && call(FmtEndsWith, source, ['}'])) {
        return '[class ' + (named ? name : '(anonymous)') + ']';
      }
      const proto = FmtGetPrototypeOf(value);
      const type = proto === FmtAsyncFunctionPrototype ? 'AsyncFunction'
        : proto === FmtGeneratorFunctionPrototype ? 'GeneratorFunction'
          : proto === FmtAsyncGeneratorFunctionPrototype ? 'AsyncGeneratorFunction' : 'Function';
      return '[' + type + (ctor === null ? ' (null prototype)' : '') + (named ? ': ' + name : ' (anonymous)') + ']';
    }

    function errorBase(ctx, value) {
      const stack = ownValue(value, 'stack');
      let base;
      if (typeof stack === 'string' && stack !== '') {
        base = stack;
      } else {
        const name = ownValue(value, 'name') ?? ownValue(FmtGetPrototypeOf(value) ?? {}, 'name');
        const message = ownValue(value, 'message');
        base = '[' + (typeof name === 'string' ? name : 'Error')
          + (typeof message === 'string' && message !== '' ? ': ' + message : '') + ']';
      }
      if (ctx.indentationLvl !== 0) base = join(call(FmtSplit, base, ['\n']), '\n' + spaces(ctx.indentationLvl));
      return base;
    }

    function prefix(ctor, fallback, size) {
      if (ctor === null) return '[' + fallback + size + ': null prototype] ';
      return ctor + size + ' ';
    }

    function formatValue(ctx, value, recurseTimes) {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
        return formatPrimitive(ctx, value);
      }
      if (call(FmtIndexOfList, ctx.seen, [value]) !== -1) {
        let index = call(FmtMapGet, ctx.circular, [value]);
        if (index === undefined) {
          index = ctx.circularCount + 1;
          ctx.circularCount = index;
          call(FmtMapSet, ctx.circular, [value, index]);
        }
        return '[Circular *' + index + ']';
      }
      return formatRaw(ctx, value, recurseTimes);
    }

    function formatRaw(ctx, value, recurseTimes) {
      const ctor = constructorName(value);
      let base = '';
      let braces = ['{', '}'];
      let output = [];
      let grouping = false;
      let numeric = false;
      let more = false;
      let keys;
      let items = null; // formats the entries that are not properties (array items, map entries...)
      const isArray = FmtIsArray(value);
      // Object.prototype.toString names the candidate kind and the kind's own method confirms it:
      // trying every kind's method on every object would throw (and capture a stack) a dozen
      // times per plain object. A Symbol.toStringTag of the object's own only hides its kind.
      let tag = '';
      try { tag = call(FmtObjectToString, value); } catch (e) { /* a revoked Proxy */ }
      const is = (kind, method) => tag === kind && answers(method, value);
      const isTyped = !isArray && call(FmtEndsWith, tag, ['Array]']) && answers(FmtTypedArrayLength, value);
      if (isArray || isTyped) {
        const length = isArray ? ownValue(value, 'length') : call(FmtTypedArrayLength, value);
        const name = isTyped ? call(FmtTypedArrayTag, value) : 'Array';
        keys = keysOf(ctx, value, true);
        const pre = ctor !== name ? prefix(ctor, name, '(' + length + ')')
          : (isTyped ? name + '(' + length + ') ' : '');
        braces = [pre + '[', ']'];
        if (length === 0 && keys.length === 0) return braces[0] + ']';
        grouping = true;
        items = () => formatList(ctx, value, length, isTyped, recurseTimes);
      } else if (typeof value === 'function') {
        base = functionBase(value, ctor);
        keys = keysOf(ctx, value, false);
        if (keys.length === 0) return base;
      } else if (is('[object Map]', FmtMapSize)) {
        const size = call(FmtMapSize, value);
        keys = keysOf(ctx, value, false);
        braces = [prefix(ctor, 'Map', '(' + size + ')') + '{', '}'];
        if (size === 0 && keys.length === 0) return braces[0] + '}';
        items = () => formatEntries(ctx, call(FmtMapEntries, value), FmtMapIteratorNext, size, recurseTimes, true);
      } else if (is('[object Set]', FmtSetSize)) {
        const size = call(FmtSetSize, value);
        keys = keysOf(ctx, value, false);
        braces = [prefix(ctor, 'Set', '(' + size + ')') + '{', '}'];
        if (size === 0 && keys.length === 0) return braces[0] + '}';
        grouping = true;
        items = () => formatEntries(ctx, call(FmtSetValues, value), FmtSetIteratorNext, size, recurseTimes, false);
      } else {
        keys = keysOf(ctx, value, false);
        if (isError(value)) {
          base = errorBase(ctx, value);
          keys = filterKeys(keys, ['stack', 'message']);
          if (keys.length === 0) return base;
        } else if (is('[object Date]', FmtDateGetTime)) {
          const time = call(FmtDateGetTime, value);
          base = time === time ? call(FmtDateToISOString, value) : 'Invalid Date';
          if (keys.length === 0) return base;
        } else if (is('[object RegExp]', FmtRegExpSource) && value !== FmtRegExpPrototype) {
          base = '/' + call(FmtRegExpSource, value) + '/' + call(FmtRegExpFlags, value);
          keys = filterKeys(keys, ['lastIndex']);
          if (keys.length === 0) return base;
        } else if (is('[object ArrayBuffer]', FmtArrayBufferByteLength)) {
          const bytes = call(FmtArrayBufferByteLength, value);
          const view = new FmtUint8Array(value, 0, FmtMathMin(bytes, 50));
          const hex = [];
          for (let i = 0; i < view.length; i++) push(hex, call(FmtPadStart, call(FmtNumberToString, view[i], [16]), [2, '0']));
          const extra = bytes > 50 ? ' ... ' + (bytes - 50) + ' more byte' + (bytes - 50 > 1 ? 's' : '') : '';
          braces[0] = prefix(ctor, 'ArrayBuffer', '') + '{';
          items = () => listed(['[Uint8Contents]: <' + join(hex, ' ') + extra + '>', 'byteLength: ' + bytes], false, false);
        } else if (is('[object WeakMap]', FmtWeakMapHas) || is('[object WeakSet]', FmtWeakSetHas)) {
          braces[0] = prefix(ctor, tag === '[object WeakMap]' ? 'WeakMap' : 'WeakSet', '') + '{';
          items = () => listed(['<items unknown>'], false, false);
        } else if (value instanceof FmtPromise) {
          braces[0] = prefix(ctor, 'Promise', '') + '{';
          items = () => listed(['<unknown>'], false, false);
        } else {
          const boxed = boxedBase(value, tag);
          if (boxed !== null) {
            base = boxed;
            if (keys.length === 0) return base;
          } else if (ctor === 'Object') {
            if (keys.length === 0) return '{}';
          } else {
            braces[0] = prefix(ctor, 'Object', '') + '{';
            if (keys.length === 0) return braces[0] + '}';
          }
        }
      }
      if (recurseTimes > ctx.depth) {
        return ctor === null ? '[Object: null prototype]' : '[' + ctor + ']';
      }
      push(ctx.seen, value);
      ctx.currentDepth = recurseTimes;
      if (items !== null) {
        const listed = items();
        output = listed.output;
        more = listed.more;
        numeric = listed.numeric;
      }
      for (let i = 0; i < keys.length; i++) push(output, formatProperty(ctx, keys[i][0], keys[i][1], recurseTimes + 1, false));
      ctx.seen.length -= 1;
      const ref = call(FmtMapGet, ctx.circular, [value]);
      if (ref !== undefined) base = base === '' ? '<ref *' + ref + '>' : '<ref *' + ref + '> ' + base;
      return reduceToSingleString(ctx, output, base, braces, grouping, numeric, more, recurseTimes);
    }

    /** What formatting a value's entries gave: the lines, whether some were left out, all numbers. */
    function listed(output, more, numeric) {
      return { output, more, numeric };
    }

    function filterKeys(keys, names) {
      const out = [];
      for (let i = 0; i < keys.length; i++) {
        let skip = false;
        for (let j = 0; j < names.length; j++) if (keys[i][0] === names[j]) skip = true;
        if (!skip) push(out, keys[i]);
      }
      return out;
    }

    function boxedBase(value, tag) {
      for (let i = 0; i < FmtBoxed.length; i++) {
        const name = FmtBoxed[i][0];
        if (tag !== '[object ' + name + ']') continue;
        let primitive;
        try { primitive = call(FmtBoxed[i][1], value); } catch (e) { continue; }
        const shown = typeof primitive === 'string' ? quote(primitive) : formatPrimitive({ indentationLvl: 0 }, primitive);
        return '[' + name + ': ' + shown + ']';
      }
      return null;
    }

    function formatList(ctx, value, length, typed, recurseTimes) {
      const output = [];
      const shown = FmtMathMin(MAX_ARRAY, length);
      let numeric = true;
      for (let i = 0; i < shown; i++) {
        if (typed) {
          push(output, formatPrimitive(ctx, value[i]));
          continue;
        }
        const d = FmtGetOwnPropertyDescriptor(value, FmtString(i));
        if (d === undefined) {
          let holes = 1;
          while (i + holes < length && FmtGetOwnPropertyDescriptor(value, FmtString(i + holes)) === undefined
            && output.length + 1 < MAX_ARRAY) holes++;
          push(output, '<' + holes + ' empty item' + (holes > 1 ? 's' : '') + '>');
          i += holes - 1;
          numeric = false;
          continue;
        }
        if (!own(d, 'value') || (typeof d.value !== 'number' && typeof d.value !== 'bigint')) numeric = false;
        push(output, formatProperty(ctx, i, d, recurseTimes + 1, true));
      }
      const remaining = length - shown;
      if (remaining > 0) push(output, '... ' + remaining + ' more item' + (remaining > 1 ? 's' : ''));
      return listed(output, remaining > 0, numeric);
    }

    /** The entries of a Set (each value) or a Map (key => value), up to MAX_ARRAY of them. */
    function formatEntries(ctx, iterator, next, size, recurseTimes, isMap) {
      const output = [];
      ctx.indentationLvl += 2;
      for (let step = call(next, iterator); !step.done && output.length < MAX_ARRAY; step = call(next, iterator)) {
        push(output, isMap
          ? formatValue(ctx, step.value[0], recurseTimes + 1) + ' => ' + formatValue(ctx, step.value[1], recurseTimes + 1)
          : formatValue(ctx, step.value, recurseTimes + 1));
      }
      ctx.indentationLvl -= 2;
      const remaining = size - output.length;
      if (remaining > 0) push(output, '... ' + remaining + ' more item' + (remaining > 1 ? 's' : ''));
      return listed(output, remaining > 0, false);
    }

    function inspect(value, depth, showHidden) {
      const ctx = {
        seen: [], circular: new FmtMap(), circularCount: 0, indentationLvl: 0, currentDepth: 0, depth, showHidden,
      };
      return formatValue(ctx, value, 0);
    }

    /** Whether %s prints the value with inspect (an object whose toString is a built-in one). */
    function builtInToString(value) {
      if (typeof value[FmtSymbolToPrimitive] === 'function') return false;
      if (typeof value.toString !== 'function') return true;
      let pointer = value;
      for (let hops = 0; pointer !== null && hops < 100; hops++) {
        const d = FmtGetOwnPropertyDescriptor(pointer, 'toString');
        if (d !== undefined) {
          if (pointer === value) return false;
          const ctor = ownValue(pointer, 'constructor');
          return typeof ctor === 'function' && call(FmtSetHas, BUILTINS, [ownValue(ctor, 'name')]);
        }
        pointer = FmtGetPrototypeOf(pointer);
      }
      return true;
    }

    function stringify(value) {
      try {
        return FmtJSONStringify(value);
      } catch (e) {
        if (e instanceof TypeError && has(FmtString(e.message), 'circular')) return '[Circular]';
        throw e;
      }
    }

    /** util.format(...args). */
    function format(args) {
      const first = args[0];
      let a = 0;
      let str = '';
      let sep = '';
      if (typeof first === 'string') {
        if (args.length === 1) return first;
        let last = 0;
        for (let i = 0; i < first.length - 1; i++) {
          if (call(FmtCharCodeAt, first, [i]) !== 37) continue;
          const next = call(FmtCharCodeAt, first, [++i]);
          if (a + 1 !== args.length) {
            let piece;
            switch (next) {
              case 115: { // %s
                const arg = args[++a];
                if (typeof arg === 'number') piece = formatNumber(arg);
                else if (typeof arg === 'bigint') piece = FmtString(arg) + 'n';
                else if (arg === null || (typeof arg !== 'object' && typeof arg !== 'function') || !builtInToString(arg)) {
                  piece = FmtString(arg);
                } else piece = inspect(arg, 0, false);
                break;
              }
              case 106: piece = stringify(args[++a]); break; // %j
              case 100: { // %d
                const arg = args[++a];
                piece = typeof arg === 'bigint' ? FmtString(arg) + 'n' : typeof arg === 'symbol' ? 'NaN' : formatNumber(FmtNumber(arg));
                break;
              }
              case 79: piece = inspect(args[++a], 2, false); break; // %O
              case 111: piece = inspect(args[++a], 4, true); break; // %o
              case 105: { // %i
                const arg = args[++a];
                piece = typeof arg === 'bigint' ? FmtString(arg) + 'n' : typeof arg === 'symbol' ? 'NaN' : formatNumber(FmtParseInt(arg));
                break;
              }
              case 102: { // %f
                const arg = args[++a];
                piece = typeof arg === 'symbol' ? 'NaN' : formatNumber(FmtParseFloat(arg));
                break;
              }
              case 99: a++; piece = ''; break; // %c: CSS, ignored
              case 37: str += slice(first, last, i); last = i + 1; continue; // %%
              default: continue;
            }
            if (last !== i - 1) str += slice(first, last, i - 1);
            str += piece;
            last = i + 1;
          } else if (next === 37) {
            str += slice(first, last, i);
            last = i + 1;
          }
        }
        if (last !== 0) {
          a++;
          sep = ' ';
          if (last < first.length) str += slice(first, last);
        }
      }
      for (; a < args.length; a++) {
        const value = args[a];
        str += sep + (typeof value === 'string' ? value : inspect(value, 2, false));
        sep = ' ';
      }
      return str;
    }

    return { format, inspect };
  };

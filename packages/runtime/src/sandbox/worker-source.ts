/**
 * The code of a sandbox worker thread, as a string started with `new Worker(source, { eval: true })`.
 *
 * Why a string: the worker must start both under vitest (which runs the TypeScript sources; a
 * plain Node 20 worker cannot load `.ts`) and from the compiled `dist/` (tsc does not copy `.js`
 * or `.mjs` files). A string exported from a `.ts` module exists in both without a build step or
 * a loader hook. The price is that this code is not type-checked, so it is kept mechanical: it
 * reports facts (`RunReply` in protocol.ts) and the typed host code decides what they mean.
 * It loads QuickJS through absolute `file:` URLs the host resolves (`WorkerBoot`), so it works
 * whatever the current directory is.
 *
 * One call at a time per worker. Each call gets a fresh QuickJS runtime and context (so nothing
 * a script does survives it), made before the call arrives and disposed after its reply is sent,
 * inside a QuickJS module whose WebAssembly memory has a fixed size
 * (the memory wall). The module is reused across calls of the same memory size and rebuilt after
 * any call that filled its memory. Anything unexpected (a WebAssembly trap, a library error)
 * is rethrown so the thread dies and the pool replaces it.
 */
export const WORKER_SOURCE = `"use strict";
const { parentPort, workerData: boot } = require("node:worker_threads");
const { readFileSync } = require("node:fs");
const { fileURLToPath } = require("node:url");

/** A JavaScript-side allocation in the module's memory failed: the memory is full. */
class HostAllocationFailure extends Error {}
const quiet = () => {};

const refuseImport = (name) => ({
  error: new Error("Cannot import " + JSON.stringify(name) + ": scripts cannot load modules; they get input, config and the capabilities their manifest declares."),
});

/** Guest globals per granted capability (see capabilities.ts for the seam). */
const installers = {
  log(call) {
    const { ctx, logs } = call;
    const hostLog = call.own(ctx.newFunction("log", (lineHandle) => {
      // Never throw back into QuickJS: quickjs-emscripten turns a host exception into a null value.
      try {
        if (logs.length >= boot.maxLogLines) return;
        const line = call.readString(lineHandle, boot.maxLogLineChars);
        logs.push(line === undefined ? "[log line dropped: not a string of at most " + boot.maxLogLineChars + " characters]" : line);
      } catch {}
    }));
    const makeConsole = call.helper("makeConsole");
    const made = "value" in makeConsole ? call.invoke(makeConsole.value, [hostLog]) : makeConsole;
    // If this failed, the memory is full; the call will report that.
    if ("value" in made) ctx.setProp(ctx.global, "console", made.value);
  },
};

/**
 * One call's runtime and context. Made ahead, while the worker waits for its next request (a
 * context takes a few hundred microseconds to build and to dispose); used by one call only.
 */
class Call {
  constructor(engine) {
    this.engine = engine;
    this.request = undefined;
    this.logs = [];
    this.handles = [];
    this.stage = "input";
    this.deadline = Infinity;
    this.scriptRunning = true;
    this.interrupted = false;
    this.rt = engine.quickjs.newRuntime();
    this.rt.setMaxStackSize(boot.quickjsStackBytes);
    this.rt.setInterruptHandler(() => this.shouldInterrupt());
    this.rt.setModuleLoader(refuseImport);
    this.ctx = this.rt.newContext();
    this.prepared = this.prepare();
  }

  /** What execute needs from the fresh context, taken before any script runs so none can intercept it. */
  prepare() {
    const { ctx } = this;
    try {
      const parse = this.own(ctx.getProp(this.own(ctx.getProp(ctx.global, "JSON")), "parse"));
      return { parse, serialize: this.helper("serialize") };
    } catch (error) {
      if (!(error instanceof HostAllocationFailure)) throw error;
      return undefined; // the memory is full: execute reports it
    }
  }

  start(request) {
    this.request = request;
    this.deadline = performance.now() + request.timeoutMs;
  }

  shouldInterrupt() {
    if (performance.now() <= this.deadline) return false;
    if (this.scriptRunning) this.interrupted = true;
    return true;
  }

  own(handle) {
    this.handles.push(handle);
    return handle;
  }

  /** Every handle is disposed before its context: a leaked handle aborts the module. */
  dispose() {
    for (const handle of this.handles.reverse()) if (handle.alive) handle.dispose();
    this.ctx.dispose();
    this.rt.dispose();
  }

  invoke(fn, args) {
    const result = this.ctx.callFunction(fn, this.ctx.undefined, ...args);
    return result.error ? { error: this.own(result.error) } : { value: this.own(result.value) };
  }

  /** A guest string, copied out only if it is a string of at most max characters. */
  readString(handle, max) {
    if (this.ctx.typeof(handle) !== "string") return undefined;
    const length = this.own(this.ctx.getProp(handle, "length"));
    return this.ctx.getNumber(length) <= max ? this.ctx.getString(handle) : undefined;
  }

  /** Run promise jobs until the value settles; non-promises are returned as they are. */
  settle(handle) {
    let state = this.ctx.getPromiseState(handle);
    if (state.notAPromise) return { value: handle };
    while (state.type === "pending" && this.rt.hasPendingJob()) {
      const jobs = this.rt.executePendingJobs();
      if (jobs.error) return { error: this.own(jobs.error) };
      state = this.ctx.getPromiseState(handle);
    }
    if (state.type === "fulfilled") return { value: this.own(state.value) };
    if (state.type === "rejected") return { error: this.own(state.error) };
    return { pending: true };
  }

  /** Evaluate one guest helper (guest-helpers.ts) to a function handle. */
  helper(name) {
    const evaluated = this.ctx.evalCode(boot.helpers[name], "sandbox-" + name + ".js", { type: "global", strict: true });
    return evaluated.error ? { error: this.own(evaluated.error) } : { value: this.own(evaluated.value) };
  }

  /** Describe a thrown value, with a short grace period: the script's deadline may have passed. */
  describe(errorHandle) {
    this.scriptRunning = false;
    this.deadline = performance.now() + boot.describeGraceMs;
    const describe = this.helper("describe");
    if (describe.error) return undefined;
    const described = this.invoke(describe.value, [errorHandle]);
    return "value" in described ? this.readString(described.value, boot.maxErrorChars) : undefined;
  }

  fail(errorHandle, extra) {
    return { kind: "failed", stage: this.stage, thrown: errorHandle && this.describe(errorHandle), ...extra };
  }

  execute() {
    const { ctx, request, prepared } = this;
    if (!prepared) return { kind: "failed", stage: this.stage };
    const { parse, serialize } = prepared;
    if (serialize.error) return this.fail(serialize.error);
    for (const name of request.capabilities) {
      // The host grants only names it knows (capabilities.ts); anything else is a host bug.
      if (!Object.hasOwn(installers, name)) throw new Error("The worker has no installer for the capability " + JSON.stringify(name));
      installers[name](this);
    }

    const input = this.invoke(parse, [this.own(ctx.newString(request.inputJson))]);
    if (input.error) return this.fail(input.error);
    const config = this.invoke(parse, [this.own(ctx.newString(request.configJson))]);
    if (config.error) return this.fail(config.error);

    this.stage = "evaluate";
    const scope = this.evaluate();
    if (scope.failed) return scope.failed;
    this.stage = "lookup";
    const run = this.lookup(scope.value);
    if (run.failed) return run.failed;

    this.stage = "run";
    const returned = this.invoke(run.value, [input.value, config.value]);
    if (returned.error) return this.fail(returned.error);
    const result = this.settle(returned.value);
    if (result.pending) return this.fail(undefined, { pending: true });
    if (result.error) return this.fail(result.error);

    this.stage = "output";
    const json = this.invoke(serialize.value, [result.value]);
    if (json.error) return this.fail(json.error);
    const text = this.readString(json.value, boot.maxOutputBytes);
    if (text === undefined) return this.fail(undefined);
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes > boot.maxOutputBytes) return this.fail(undefined, { outputBytes: bytes });
    return { kind: "ok", outputJson: text };
  }

  /** Evaluate the source. A module yields its namespace; a plain script yields nothing (run is a global). */
  evaluate() {
    const { ctx, request } = this;
    const type = request.scriptType;
    const evaluated = ctx.evalCode(request.source, boot.scriptFileName, { type });
    if (evaluated.error) {
      const error = this.own(evaluated.error);
      // Parse errors and errors thrown by top-level code look alike; a compile-only pass tells them
      // apart, and costs nothing on the happy path.
      if (!this.interrupted && !this.engine.exhausted) {
        const compiled = ctx.evalCode(request.source, boot.scriptFileName, { type, compileOnly: true });
        if (compiled.error) {
          this.stage = "syntax";
          return { failed: this.fail(this.own(compiled.error)) };
        }
        this.own(compiled.value);
      }
      return { failed: this.fail(error) };
    }
    const value = this.own(evaluated.value);
    if (type === "global") return { value: undefined };
    const namespace = this.settle(value); // top-level await makes this a promise
    if (namespace.pending) return { failed: this.fail(undefined, { pending: true }) };
    if (namespace.error) return { failed: this.fail(namespace.error) };
    return { value: namespace.value };
  }

  lookup(namespace) {
    const { ctx } = this;
    // Evaluating the name (not reading a global property) also finds a top-level const/let run.
    const found =
      namespace === undefined
        ? ctx.evalCode("typeof run === 'function' ? run : typeof run", "sandbox-lookup.js", { type: "global" })
        : { value: ctx.getProp(namespace, "run") };
    if (found.error) return { failed: this.fail(this.own(found.error)) };
    const run = this.own(found.value);
    if (ctx.typeof(run) === "function") return { value: run };
    const runType = namespace === undefined ? this.readString(run, 16) : ctx.typeof(run);
    return { failed: this.fail(undefined, { runType }) };
  }
}

/** Runs the request in a fresh call; the caller disposes the call (after replying). */
function runCall(engine, call, request) {
  // engine.exhausted is false here unless preparing this call's context filled the memory.
  call.start(request);
  let facts;
  try {
    facts = call.execute();
  } catch (error) {
    if (!(error instanceof HostAllocationFailure)) throw error;
    facts = { kind: "failed", stage: call.stage };
  }
  return { kind: "result", id: request.id, facts, interrupted: call.interrupted, heapExhausted: engine.exhausted, logs: call.logs };
}

async function main() {
  const core = await import(boot.coreUrl);
  const variant = (await import(boot.variantUrl)).default;
  const wasmModule = await WebAssembly.compile(readFileSync(fileURLToPath(boot.wasmUrl)));

  async function createEngine(pages) {
    const engine = { pages, quickjs: undefined, exhausted: false };
    // The memory's maximum is its size, so Emscripten asks to grow it only when malloc has found no
    // room: that request is the out-of-memory signal, whatever QuickJS then reports.
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const grow = memory.grow.bind(memory);
    memory.grow = (delta) => {
      engine.exhausted = true;
      return grow(delta);
    };
    const options = { wasmModule, wasmMemory: memory, emscriptenModule: { print: quiet, printErr: quiet } };
    engine.quickjs = await core.newQuickJSWASMModuleFromVariant(core.newVariant(variant, options));
    // Copies made from JavaScript (source, strings, argument arrays) are malloc'd from here, and
    // Emscripten would write a failed (null) allocation over address 0, corrupting the module.
    const emscripten = engine.quickjs.module;
    const malloc = emscripten._malloc;
    emscripten._malloc = (size) => {
      const pointer = malloc(size);
      if (pointer !== 0) return pointer;
      engine.exhausted = true;
      throw new HostAllocationFailure("out of memory");
    };
    return engine;
  }

  let engine = await createEngine(boot.warmPages);
  let spare = new Call(engine);
  let queue = Promise.resolve();
  const crash = (error) => process.nextTick(() => { throw error; });
  parentPort.on("message", (request) => {
    queue = queue
      .then(async () => {
        if (engine.pages !== request.memoryPages) {
          spare.dispose();
          engine = await createEngine(request.memoryPages);
          spare = new Call(engine);
        }
        const call = spare;
        let reply;
        try {
          reply = runCall(engine, call, request);
        } finally {
          // Disposed after the reply is sent, and the next call's context made, off the call's path.
          if (reply) parentPort.postMessage(reply);
          call.dispose();
        }
        // A module whose memory filled up may hold half-built state: never reuse it.
        if (engine.exhausted) engine = await createEngine(engine.pages);
        spare = new Call(engine);
      })
      .catch(crash);
  });
  parentPort.postMessage({ kind: "ready" });
}

main().catch((error) => process.nextTick(() => { throw error; }));
`;

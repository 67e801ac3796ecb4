import { Worker } from "node:worker_threads";
import { WATCHDOG_GRACE_MS, WORKER_STACK_MIB } from "./limits.js";
import type { RunReply, RunRequest, WorkerBoot, WorkerMessage } from "./protocol.js";
import { WORKER_SOURCE } from "./worker-source.js";

/** How a call ended, seen from the host. */
export type PoolOutcome =
  | { readonly kind: "reply"; readonly reply: RunReply; readonly durationMs: number }
  /** The worker died (or the pool closed) while the call was in flight. */
  | { readonly kind: "crashed"; readonly reason: string; readonly durationMs: number }
  /** The worker did not answer within `timeoutMs` + grace, so it was terminated. */
  | { readonly kind: "watchdog"; readonly durationMs: number };

/** How many workers, what they boot with, and (for tests) how patient the watchdog is. */
export interface PoolOptions {
  readonly workers: number;
  readonly boot: WorkerBoot;
  /** How long past a call's `timeoutMs` the host waits before terminating its worker. */
  readonly watchdogGraceMs?: number;
}

interface Job {
  readonly request: Omit<RunRequest, "id" | "kind">;
  readonly resolve: (outcome: PoolOutcome) => void;
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  job?: {
    readonly job: Job;
    readonly id: number;
    readonly startedAt: number;
    readonly timer: NodeJS.Timeout;
  };
  /** Why the worker died, from its `error` event, for the crashed call's message. */
  failure?: string;
}

// Workers that die before they are ready this many times in a row mean QuickJS cannot load here.
const MAX_START_FAILURES = 3;

/**
 * A fixed number of worker threads, each running one call at a time; calls wait in a FIFO queue.
 *
 * Threads, not processes: measured here, an uncaught QuickJS abort (a leaked handle at dispose)
 * inside a worker thread ends only that thread (exit code 1, an `error` event), and
 * `worker.terminate()` stops a thread spinning inside WebAssembly within milliseconds. The main
 * process lives on, so a process per worker would buy nothing but start-up cost.
 *
 * A worker that dies fails only its own call (`crashed`) and is replaced. A worker that does not
 * answer within the call's `timeoutMs` + grace is terminated (`watchdog`) and replaced.
 */
export class WorkerPool {
  readonly #options: PoolOptions;
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  #nextId = 1;
  #startFailures = 0;
  #closed = false;

  constructor(options: PoolOptions) {
    this.#options = options;
    for (let i = 0; i < options.workers; i++) this.#slots.push(this.#spawn());
  }

  /** Run one call on the next free worker. Never rejects: every failure is an outcome. */
  run(request: Omit<RunRequest, "id" | "kind">): Promise<PoolOutcome> {
    if (this.#closed)
      return Promise.resolve({ kind: "crashed", reason: "the sandbox is closed", durationMs: 0 });
    return new Promise((resolve) => {
      this.#queue.push({ request, resolve });
      this.#refill();
      this.#pump();
    });
  }

  /** Terminate every worker. Calls still queued or running end as `crashed`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const job of this.#queue.splice(0))
      job.resolve({ kind: "crashed", reason: "the sandbox was closed", durationMs: 0 });
    const slots = this.#slots.splice(0);
    for (const slot of slots)
      this.#finish(slot, (durationMs) => ({ kind: "crashed", reason: "the sandbox was closed", durationMs }));
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  /**
   * Terminate the busy workers as a native crash or an external kill would.
   * @internal For tests of crash isolation; production code has no reason to call it.
   */
  async killBusyWorkersForTesting(): Promise<number> {
    const busy = this.#slots.filter((slot) => slot.job !== undefined);
    await Promise.all(busy.map((slot) => slot.worker.terminate()));
    return busy.length;
  }

  #spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: this.#options.boot,
      env: {},
      resourceLimits: { stackSizeMb: WORKER_STACK_MIB, maxOldGenerationSizeMb: 512 },
    });
    const slot: Slot = { worker, ready: false };
    worker.on("message", (message: WorkerMessage) => this.#onMessage(slot, message));
    worker.on("error", (error) => {
      slot.failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    });
    worker.on("exit", (code) => this.#onExit(slot, code));
    worker.unref();
    return slot;
  }

  #onMessage(slot: Slot, message: WorkerMessage): void {
    if (message.kind === "ready") {
      slot.ready = true;
      this.#startFailures = 0;
    } else if (slot.job?.id === message.id) {
      this.#finish(slot, (durationMs) => ({ kind: "reply", reply: message, durationMs }));
    }
    this.#pump();
  }

  #onExit(slot: Slot, code: number): void {
    const index = this.#slots.indexOf(slot);
    if (index === -1) return; // already replaced (watchdog) or closed
    const reason = slot.failure ?? `the worker exited with code ${code}`;
    this.#finish(slot, (durationMs) => ({ kind: "crashed", reason, durationMs }));
    this.#slots.splice(index, 1);
    if (!slot.ready && ++this.#startFailures >= MAX_START_FAILURES) {
      // QuickJS cannot start here: fail what is waiting instead of respawning forever. The next
      // run() tries again.
      this.#startFailures = 0;
      const failed = `sandbox workers cannot start: ${reason}`;
      for (const job of this.#queue.splice(0))
        job.resolve({ kind: "crashed", reason: failed, durationMs: 0 });
      return;
    }
    this.#refill();
    this.#pump();
  }

  /** Keep the pool at its size while there is (or may be) work. */
  #refill(): void {
    if (this.#closed) return;
    while (this.#slots.length < this.#options.workers) this.#slots.push(this.#spawn());
  }

  #pump(): void {
    for (const slot of this.#slots) {
      if (!slot.ready || slot.job !== undefined) continue;
      const job = this.#queue.shift();
      if (job === undefined) break;
      const id = this.#nextId++;
      const graceMs = this.#options.watchdogGraceMs ?? WATCHDOG_GRACE_MS;
      const timer = setTimeout(() => this.#onWatchdog(slot), job.request.timeoutMs + graceMs);
      slot.job = { job, id, startedAt: performance.now(), timer };
      slot.worker.postMessage({ kind: "run", id, ...job.request } satisfies RunRequest);
    }
    // Hold the process open only while calls are waiting or running.
    const pending = this.#queue.length > 0;
    for (const slot of this.#slots) {
      if (pending || slot.job !== undefined) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  #onWatchdog(slot: Slot): void {
    this.#finish(slot, (durationMs) => ({ kind: "watchdog", durationMs }));
    const index = this.#slots.indexOf(slot);
    if (index !== -1) this.#slots.splice(index, 1);
    void slot.worker.terminate();
    this.#refill();
    this.#pump();
  }

  /** End the slot's call, if any, with the outcome built from its duration. */
  #finish(slot: Slot, outcome: (durationMs: number) => PoolOutcome): void {
    const running = slot.job;
    if (running === undefined) return;
    slot.job = undefined;
    clearTimeout(running.timer);
    running.job.resolve(outcome(performance.now() - running.startedAt));
  }
}

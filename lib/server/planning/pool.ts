/**
 * Planning off the request thread. Planning runs definitions' templates, which anyone who
 * may edit a definition writes; the interpreter's budgets stop most runaway templates, and
 * this pool is the backstop for the rest: each plan runs in a worker thread with a wall-time
 * limit and a heap limit, and a thread that exceeds either is terminated and replaced. The
 * thread that answers users only posts a message and waits.
 */
import path from "node:path";
import type { Worker as WorkerThread } from "node:worker_threads";
import type { ExecutionLimits } from "@/lib/engine/gotemplate";
import type { Plan } from "@/lib/engine/plan";
import type { PlanReply, PlanRequest, PlanTask } from "./protocol";

export type { PlanRequest } from "./protocol";

export interface PlanPoolOptions {
  /** Worker threads (plans run in parallel up to this many). */
  workers: number;
  /** Wall time one plan may take, all its templates together. */
  timeoutMs: number;
  /** Heap one worker thread may use. */
  memoryMb: number;
  /** Budgets of each template execution inside a plan. */
  templateLimits: Readonly<ExecutionLimits>;
}

/** A plan that did not finish: it ran out of time or memory, or its thread crashed. */
export class PlanAbortedError extends Error {
  constructor(
    readonly reason: "timeout" | "memory" | "crash",
    message: string,
  ) {
    super(message);
    this.name = "PlanAbortedError";
  }
}

export interface PlanPool {
  plan(input: PlanRequest): Promise<Plan>;
  /** Starts the threads now instead of at the first plan (they take a moment to load the engine). */
  warm(): void;
  close(): Promise<void>;
}

interface Pending {
  task: PlanTask;
  resolve: (plan: Plan) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: WorkerThread;
  ready: boolean;
  current: Pending | null;
  timer: NodeJS.Timeout | null;
}

// Loaded at run time rather than imported: the bundler must neither follow the worker's entry
// into tsx and esbuild nor bundle the engine a second time; the thread loads it from source
// through tsx, like `npm start`'s boot.
const { Worker } = process.getBuiltinModule("node:worker_threads") as typeof import("node:worker_threads");
const ENTRY = [process.cwd(), "lib", "server", "planning", "worker-entry.mjs"].join(path.sep);
/** Threads that die before they are ready this many times in a row mean the worker cannot start. */
const MAX_START_FAILURES = 3;

export function createPlanPool(options: PlanPoolOptions): PlanPool {
  const slots: Slot[] = [];
  const queue: Pending[] = [];
  let nextId = 1;
  let startFailures = 0;
  let closed = false;

  function spawn(): Slot {
    const worker = new Worker(/* turbopackIgnore: true */ ENTRY, {
      workerData: { templateLimits: options.templateLimits },
      // A bigger stack lets deep-but-legitimate template recursion run; the heap limit turns a
      // template that builds huge values into one failed plan instead of a dead server.
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb, stackSizeMb: 16 },
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, ready: false, current: null, timer: null };
    worker.unref();
    worker.on("message", (msg: PlanReply | { ready: true }) => {
      if ("ready" in msg) {
        slot.ready = true;
        startFailures = 0;
        dispatch();
        return;
      }
      const pending = slot.current;
      if (!pending || pending.task.id !== msg.id) return;
      finish(slot);
      if (msg.ok) pending.resolve(msg.plan);
      else pending.reject(new Error(msg.message));
      dispatch();
    });
    worker.on("error", (err: Error & { code?: string }) => {
      const memory = err.code === "ERR_WORKER_OUT_OF_MEMORY";
      replace(
        slot,
        memory
          ? new PlanAbortedError("memory", `planning used more than ${options.memoryMb} MB (BATON_PLAN_MEMORY_MB) and was stopped: a resource definition's template builds values that are too large`)
          : new PlanAbortedError("crash", `planning crashed: ${err.message}`),
      );
    });
    worker.on("exit", () => {
      if (slots.includes(slot)) replace(slot, new PlanAbortedError("crash", "planning stopped: its worker thread exited"));
    });
    slots.push(slot);
    return slot;
  }

  function finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.current = null;
  }

  /** Drops a dead or runaway thread (failing its plan with `reason`) and starts another. */
  function replace(slot: Slot, reason: Error): void {
    const index = slots.indexOf(slot);
    if (index < 0) return;
    slots.splice(index, 1);
    const pending = slot.current;
    finish(slot);
    if (!slot.ready) startFailures++;
    void slot.worker.terminate();
    pending?.reject(reason);
    if (closed) return;
    if (startFailures >= MAX_START_FAILURES) {
      for (const waiting of queue.splice(0)) waiting.reject(new PlanAbortedError("crash", `planning is unavailable: ${reason.message}`));
      startFailures = 0;
      return;
    }
    dispatch();
  }

  function dispatch(): void {
    if (closed) return;
    while (queue.length > 0) {
      const slot = slots.find((s) => s.ready && s.current === null);
      if (!slot) {
        if (slots.length < options.workers) spawn();
        return;
      }
      const pending = queue.shift()!;
      slot.current = pending;
      slot.timer = setTimeout(() => {
        replace(
          slot,
          new PlanAbortedError("timeout", `planning took longer than ${options.timeoutMs} ms (BATON_PLAN_TIMEOUT_MS) and was stopped: a resource definition's template runs too long`),
        );
      }, options.timeoutMs);
      slot.timer.unref();
      slot.worker.postMessage(pending.task);
    }
  }

  return {
    plan(input) {
      if (closed) return Promise.reject(new Error("the planning pool is closed"));
      return new Promise<Plan>((resolve, reject) => {
        queue.push({ task: { id: nextId++, input }, resolve, reject });
        dispatch();
      });
    },
    warm() {
      while (!closed && slots.length < options.workers) spawn();
    },
    async close() {
      closed = true;
      for (const waiting of queue.splice(0)) waiting.reject(new Error("the planning pool is closed"));
      const all = slots.splice(0);
      for (const slot of all) {
        const pending = slot.current;
        finish(slot);
        pending?.reject(new Error("the planning pool is closed"));
      }
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}

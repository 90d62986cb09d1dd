import { Worker } from "node:worker_threads";
import { CODEC_LIMITS } from "./limits";
import type { SandboxOutcome, SandboxReply, SandboxRequest } from "./sandbox-protocol";
import { SANDBOX_WORKER_SOURCE } from "./sandbox-worker-source";

export interface SandboxWorkerOptions {
  /** Module id or absolute path of quickjs-emscripten, resolved inside the worker. */
  quickjsModule?: string;
  startupTimeoutMs?: number;
}

interface PendingRun {
  request: SandboxRequest;
  wallClockMs: number;
  settle: (outcome: SandboxOutcome) => void;
}

interface ActiveRun {
  id: number;
  run: PendingRun;
  timer: ReturnType<typeof setTimeout>;
}

type WorkerMessage = SandboxReply | { type: "ready" } | { type: "startup-error"; error: string };

/**
 * One long-lived worker that runs sandbox requests one at a time. A request that overruns its
 * wall-clock budget gets the worker terminated; the next request starts a fresh one. The worker is
 * unref'd while idle, so an idle runner never keeps the process alive.
 */
export class SandboxWorker {
  private worker: Worker | null = null;
  private ready = false;
  private startupTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly queue: PendingRun[] = [];
  private active: ActiveRun | null = null;
  private nextId = 1;
  private readonly terminations = new Set<Promise<unknown>>();

  constructor(private readonly options: SandboxWorkerOptions = {}) {}

  run(request: SandboxRequest, wallClockMs: number): Promise<SandboxOutcome> {
    return new Promise((settle) => {
      this.queue.push({ request, wallClockMs, settle });
      this.pump();
    });
  }

  /** Fails queued runs, terminates the worker and waits for it to exit. Later runs start a new one. */
  async close(): Promise<void> {
    this.failAll("the codec runner was closed");
    this.discardWorker();
    await Promise.all([...this.terminations]);
  }

  private pump(): void {
    if (!this.active && this.queue.length > 0) {
      const worker = this.worker ?? this.startWorker();
      if (this.ready) {
        const run = this.queue.shift()!;
        const id = this.nextId++;
        const timer = setTimeout(() => this.onWallClock(id), run.wallClockMs);
        this.active = { id, run, timer };
        worker.postMessage({ ...run.request, id });
      }
    }
    this.updateRef();
  }

  private startWorker(): Worker {
    const worker = new Worker(SANDBOX_WORKER_SOURCE, {
      eval: true,
      workerData: { quickjsModule: this.options.quickjsModule ?? "quickjs-emscripten" },
    });
    this.worker = worker;
    this.ready = false;
    this.startupTimer = setTimeout(() => {
      if (this.worker === worker) this.onStartupFailure("QuickJS did not load in time");
    }, this.options.startupTimeoutMs ?? CODEC_LIMITS.startupTimeoutMs);
    worker.on("message", (message: WorkerMessage) => {
      if (this.worker === worker) this.onMessage(message);
    });
    worker.on("error", (error: Error) => {
      if (this.worker === worker) this.onCrash(error.message);
    });
    worker.on("exit", (code: number) => {
      if (this.worker === worker) this.onCrash(`the worker exited with code ${code}`);
    });
    return worker;
  }

  private onMessage(message: WorkerMessage): void {
    if ("type" in message) {
      if (message.type === "startup-error") return this.onStartupFailure(message.error);
      this.ready = true;
      this.clearStartupTimer();
      return this.pump();
    }
    const active = this.active;
    if (!active || active.id !== message.id) return;
    clearTimeout(active.timer);
    this.active = null;
    active.run.settle({ kind: "reply", reply: message });
    if (message.fatal) this.discardWorker();
    this.pump();
  }

  private onWallClock(id: number): void {
    const active = this.active;
    if (!active || active.id !== id) return;
    this.active = null;
    active.run.settle({ kind: "wall-clock" });
    this.discardWorker();
    this.pump();
  }

  private onStartupFailure(reason: string): void {
    this.discardWorker();
    this.failAll(`the codec sandbox could not start (${reason})`);
  }

  private onCrash(reason: string): void {
    if (!this.ready) return this.onStartupFailure(reason);
    const active = this.active;
    this.discardWorker();
    if (active) {
      clearTimeout(active.timer);
      this.active = null;
      active.run.settle({ kind: "unavailable", message: `the codec sandbox crashed (${reason})` });
    }
    this.pump();
  }

  private failAll(message: string): void {
    const runs = this.queue.splice(0);
    if (this.active) {
      clearTimeout(this.active.timer);
      runs.unshift(this.active.run);
      this.active = null;
    }
    for (const run of runs) run.settle({ kind: "unavailable", message });
  }

  private discardWorker(): void {
    const worker = this.worker;
    this.worker = null;
    this.ready = false;
    this.clearStartupTimer();
    if (!worker) return;
    const exited = worker.terminate().catch(() => undefined);
    this.terminations.add(exited);
    void exited.finally(() => this.terminations.delete(exited));
  }

  private clearStartupTimer(): void {
    if (this.startupTimer) clearTimeout(this.startupTimer);
    this.startupTimer = null;
  }

  private updateRef(): void {
    if (!this.worker) return;
    if (this.active || this.queue.length > 0) this.worker.ref();
    else this.worker.unref();
  }
}

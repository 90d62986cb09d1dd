import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

/** A step that exited with an error status or was killed. */
export class ChildFailed extends Error {
  constructor(readonly command: string, readonly code: number | null, readonly signal: NodeJS.Signals | null) {
    super(`${command} ${signal ? `was stopped by ${signal}` : `exited with status ${code}`}`);
  }
}

const POLL_MS = 50;

/** True while any process of the group still exists (signal 0 only checks). */
function groupAlive(pgid: number) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * The processes a long-running command (`npm start`) starts. Each runs in a process group of its own,
 * so stopping it reaches everything it started in turn — `npx next start` is npm, then next, then
 * next-server, and signalling only the first left the server holding the port. The parent forwards
 * SIGINT/SIGTERM to every group, waits for each group to be empty, and kills what is left after a
 * grace period; on any other exit of the parent the groups are killed at once. (Only a SIGKILL of the
 * parent itself, which no process can handle, leaves them; supervisors should stop it with SIGTERM.)
 */
export class ChildProcesses {
  private readonly groups = new Set<number>();

  /** Starts a command in its own process group (stdio inherited unless told otherwise). */
  spawn(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn(command, args, { stdio: "inherit", ...options, detached: true });
    if (child.pid) this.groups.add(child.pid);
    return child;
  }

  /** Runs a command to completion (build, migrate, seed); rejects with ChildFailed. */
  run(command: string, args: readonly string[], options: SpawnOptions = {}): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = this.spawn(command, args, options);
      child.once("error", reject);
      child.once("exit", (code, signal) => {
        // The step's own children, if it left any, go with it.
        if (child.pid) this.forget(child.pid);
        if (code === 0) resolve();
        else reject(new ChildFailed([command, ...args].join(" "), code, signal));
      });
    });
  }

  /** Sends `signal` to every group, waits until each is empty, and SIGKILLs those still there after `graceMs`. */
  async stopAll(signal: NodeJS.Signals, graceMs = 10_000): Promise<void> {
    const groups = [...this.groups];
    for (const pgid of groups) signalGroup(pgid, signal);
    const deadline = Date.now() + graceMs;
    while (groups.some(groupAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, POLL_MS));
    for (const pgid of groups.filter(groupAlive)) signalGroup(pgid, "SIGKILL");
    while (groups.some(groupAlive)) await new Promise((r) => setTimeout(r, POLL_MS));
    this.groups.clear();
  }

  /** SIGKILL to every group, synchronously: for the parent's `exit` event, where nothing can wait. */
  killAllNow(): void {
    for (const pgid of this.groups) if (groupAlive(pgid)) signalGroup(pgid, "SIGKILL");
    this.groups.clear();
  }

  private forget(pgid: number) {
    if (groupAlive(pgid)) signalGroup(pgid, "SIGKILL");
    this.groups.delete(pgid);
  }
}

/**
 * Stops every child with the parent: on SIGINT, SIGTERM or SIGHUP `beforeStop` runs (abort in-process work),
 * the children get the same signal, and the parent exits 0 once they are gone; a second signal while
 * stopping is ignored (npm and tsx relay one Ctrl-C more than once). On any other exit they are killed.
 */
export function stopWithParent(children: ChildProcesses, beforeStop: () => void = () => {}) {
  let stopping = false;
  // SIGHUP too: a closed terminal signals only its foreground group, which the children are not in.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      beforeStop();
      void children.stopAll(signal).then(() => process.exit(0));
    });
  }
  process.on("exit", () => children.killAllNow());
  return { get stopping() { return stopping; } };
}

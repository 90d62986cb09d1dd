import { spawn, type ChildProcess } from "node:child_process";
import { createServer, connect } from "node:net";
import { describe, expect, it } from "vitest";

const fixture = "scripts/lib/__fixtures__/supervised-server.ts";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Whether something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => socket.destroy() && resolve(true));
    socket.once("error", () => resolve(false));
  });
}

/** Whether the port can be bound again: what `npm start` after a stopped one needs. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer().once("error", () => resolve(false)).listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

/** The fixture parent, once its grandchild server listens; resolves with the server's pid. */
async function startParent(port: number) {
  const parent = spawn(process.execPath, ["--import", "tsx", fixture], { env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "pipe", "inherit"] });
  const serverPid = await new Promise<number>((resolve, reject) => {
    let out = "";
    parent.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /ready (\d+)/.exec(out);
      if (ready) resolve(Number(ready[1]));
    });
    parent.once("exit", (code) => reject(new Error(`fixture exited early (${code}): ${out}`)));
  });
  expect(await listening(port)).toBe(true);
  return { parent, serverPid };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("stopping `npm start` stops every process it started", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal} to the parent stops the server its wrapper started, and the port is free again`, async () => {
      const port = await freePort();
      const { parent, serverPid } = await startParent(port);
      parent.kill(signal);
      expect(await exitOf(parent)).toEqual({ code: 0, signal: null });
      expect(alive(serverPid)).toBe(false);
      expect(await listening(port)).toBe(false);
      expect(await bindable(port)).toBe(true);
    });
  }

  it("(why groups: signalling only the wrapper, as before, leaves its server holding the port)", async () => {
    const port = await freePort();
    const wrapper = spawn(process.execPath, ["-e", `require("node:child_process").spawn(process.execPath, ["-e", 'require("node:http").createServer().listen(${port}, "127.0.0.1")'], { stdio: "inherit" }); setInterval(() => {}, 1000)`], { detached: true, stdio: "ignore" });
    try {
      for (let i = 0; i < 100 && !(await listening(port)); i++) await new Promise((r) => setTimeout(r, 50));
      wrapper.kill("SIGTERM");
      await exitOf(wrapper);
      expect(await listening(port)).toBe(true);
    } finally {
      process.kill(-wrapper.pid!, "SIGKILL");
    }
  });
});

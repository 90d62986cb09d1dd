/**
 * Test fixture for child-processes.test.ts: a parent wired like `npm start` (scripts/start.ts) whose
 * server is started through a wrapper that does not pass signals on — as `npx next start` starts
 * next-server — so only stopping whole process groups frees the port. Prints "ready <pid>" once the
 * server (the grandchild) listens on PORT.
 */
import { ChildProcesses, stopWithParent } from "../child-processes";

const port = Number(process.env.PORT);
const server = `require("node:http").createServer((_, res) => res.end("ok")).listen(${port}, "127.0.0.1", () => console.log("ready " + process.pid))`;
// The wrapper starts the server and then only waits, like npm exec: it has no signal handlers of its own.
const wrapper = `require("node:child_process").spawn(process.execPath, ["-e", ${JSON.stringify(server)}], { stdio: "inherit" }); setInterval(() => {}, 1000)`;

const children = new ChildProcesses();
const work = setInterval(() => {}, 1000); // stands in for the in-process traffic simulator
stopWithParent(children, () => clearInterval(work));
children.spawn(process.execPath, ["-e", wrapper]);

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { DEMO_DEVICES } from "./demo-network";
import { runTrafficSimulator } from "./simulator-runner";
import { TrafficSimulator } from "./traffic-simulator";

interface Received { url: string; authorization: string | undefined; body: { deduplicationId: string } }

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function listen(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void, port = 0): Promise<number> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => handler(req, body, res));
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

const reply = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};

it("posts events with the connection secret and ?event=, retrying one event until the server takes it", async () => {
  const received: Received[] = [];
  const controller = new AbortController();
  let calls = 0;
  const port = await listen((req, body, res) => {
    received.push({ url: req.url!, authorization: req.headers.authorization, body: JSON.parse(body) });
    calls++;
    if (calls <= 2) return reply(res, 503, { error: "busy" }, { "retry-after": "0" });
    reply(res, 201, { status: "stored" });
    if (received.length >= 6) controller.abort();
  });
  const lines: string[] = [];
  await runTrafficSimulator({ appUrl: `http://127.0.0.1:${port}`, secret: "s3cret", intervalMs: 3, signal: controller.signal, log: (l) => lines.push(l), maxRetryDelayMs: 20, summaryEveryMs: 0 });

  expect(received.length).toBeGreaterThanOrEqual(6);
  expect(received.every((r) => r.authorization === "Bearer s3cret")).toBe(true);
  expect(received.every((r) => /^\/api\/ingest\/chirpstack\?event=(up|status|join)$/.test(r.url))).toBe(true);
  // The first event was refused twice, then accepted: the same event (same deduplication id) each time.
  expect(new Set(received.slice(0, 3).map((r) => r.body.deduplicationId)).size).toBe(1);
  expect(new Set(received.slice(2).map((r) => r.body.deduplicationId)).size).toBe(received.length - 2);
  expect(lines.join("\n")).toMatch(/answered 503; retrying/);
  expect(lines.join("\n")).toMatch(/simulator: 1 event in the last .*: 1 stored/);
});

it("waits for a server that is not up yet", async () => {
  // A free port with nothing listening on it yet.
  const probe = createServer();
  const port = await new Promise<number>((resolve) => probe.listen(0, "127.0.0.1", () => resolve((probe.address() as AddressInfo).port)));
  await new Promise((r) => probe.close(r));

  const controller = new AbortController();
  const lines: string[] = [];
  const running = runTrafficSimulator({ appUrl: `http://127.0.0.1:${port}`, secret: "s", intervalMs: 3, signal: controller.signal, log: (l) => lines.push(l), maxRetryDelayMs: 50 });
  await new Promise((r) => setTimeout(r, 200));
  let taken = 0;
  await listen((_req, _body, res) => {
    reply(res, 201, { status: "stored" });
    if (++taken === 3) controller.abort();
  }, port);
  await running;
  expect(taken).toBeGreaterThanOrEqual(3);
  expect(lines[0]).toMatch(/waiting for http:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED/);
  expect(lines.join("\n")).toMatch(/is answering; sending events/);
});

it("stops with a clear message when the secret is refused", async () => {
  const port = await listen((_req, _body, res) => reply(res, 401, { error: "That connection secret is not valid or the connection is disabled." }));
  const lines: string[] = [];
  await runTrafficSimulator({ appUrl: `http://127.0.0.1:${port}`, secret: "wrong", intervalMs: 3, signal: new AbortController().signal, log: (l) => lines.push(l) });
  expect(lines.at(-1)).toMatch(/stopped — .*refused the connection secret \(401.*SIMULATOR_SECRET/);
});

it("stops at once when aborted, even while waiting", async () => {
  const controller = new AbortController();
  const started = Date.now();
  const running = runTrafficSimulator({ appUrl: "http://127.0.0.1:9", secret: "s", intervalMs: 10_000, signal: controller.signal, log: () => {}, simulator: new TrafficSimulator() });
  setTimeout(() => controller.abort(), 100);
  await running;
  expect(Date.now() - started).toBeLessThan(2_000);
});

it("follows the bins marked collected, reading them again when due, and carries on when they cannot be read", async () => {
  const bin = DEMO_DEVICES.find((d) => d.name === "Bin – Market Square (north)")!;
  const afternoon = new Date("2026-11-28T15:00:00Z");
  const simulator = new TrafficSimulator({ devices: [bin], unknownDevices: [], now: () => afternoon, shares: { status: 0, join: 0 } });
  const fills: number[] = [];
  const controller = new AbortController();
  const port = await listen((_req, body, res) => {
    fills.push(Buffer.from((JSON.parse(body) as { data: string }).data, "base64")[0]!);
    reply(res, 201, { status: "stored" });
    if (fills.length === 4) controller.abort();
  });
  const reads: Array<ReadonlyMap<string, Date>> = [new Map(), new Map([[bin.devEui, new Date("2026-11-28T14:00:00Z")]])];
  let asked = 0;
  const lines: string[] = [];
  const collections = async () => {
    const answer = reads[asked++];
    if (!answer) throw new Error("database unavailable");
    return answer;
  };
  await runTrafficSimulator({ appUrl: `http://127.0.0.1:${port}`, secret: "s", intervalMs: 3, signal: controller.signal, log: (l) => lines.push(l), simulator, collections, collectionsEveryMs: 0 });
  // Full of the afternoon's rubbish, then emptied at 14:00 (an hour's gathering since), and still so
  // when the marks cannot be read for a while.
  expect(fills[0]).toBeGreaterThan(40);
  expect(fills.slice(1).every((f) => f < 16)).toBe(true);
  expect(lines.filter((l) => l.includes("could not read the bins marked collected (database unavailable)"))).toHaveLength(1);
});

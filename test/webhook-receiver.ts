import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Exactly the bytes sent, as a receiver must verify them. */
  body: string;
}

/** How the receiver answers a request: a status (and headers), or "hang" to never answer. */
export type ReceiverAnswer = { status: number; headers?: Record<string, string> } | "hang";

/**
 * A tenant's webhook endpoint on 127.0.0.1 (a free port), recording every request in `requests`.
 * `answer` is asked for each, with its index (0 for the first), so a test can fail some and accept
 * others, or answer late (a promise).
 */
export async function startWebhookReceiver(answer: (request: ReceivedRequest, index: number) => ReceiverAnswer | Promise<ReceiverAnswer> = () => ({ status: 200 })) {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const request = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(request);
      const reply = await answer(request, requests.length - 1);
      if (reply === "hang" || res.destroyed) return;
      res.writeHead(reply.status, reply.headers).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    requests,
    port,
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

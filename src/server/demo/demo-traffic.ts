import { setTimeout as sleep } from "node:timers/promises";
import { getDatabase } from "@/server/db";
import { demoBinsCollected } from "./bin-collections";
import { DEMO_CHIRPSTACK_SECRET } from "./demo-network";
import { runTrafficSimulator } from "./simulator-runner";

/**
 * The demo sensors' traffic, from inside the web process (instrumentation.ts, SIMULATOR=on): posted to
 * this server's own ChirpStack endpoint, as the demo's network server would, while the bins the waste
 * team marks collected are read from the database, which in embedded mode only this process can open.
 * It stops with the process.
 */
export function startDemoTraffic({ appUrl, intervalMs }: { appUrl: string; intervalMs: number }) {
  answering(appUrl)
    .then(() =>
      runTrafficSimulator({
        appUrl,
        secret: DEMO_CHIRPSTACK_SECRET,
        intervalMs,
        signal: new AbortController().signal,
        collections: async () => demoBinsCollected(await getDatabase()),
      }),
    )
    .catch((error: Error) => console.error("simulator: stopped by an error:", error.message));
}

/** Until this server answers: it is still starting when instrumentation runs, which is not worth a log line. */
async function answering(appUrl: string) {
  for (;;) {
    if (await fetch(`${appUrl}/sign-in`).then(() => true, () => false)) return;
    await sleep(500);
  }
}

import { env } from "@/env";
import { evaluateAlerts } from "@/server/alerts/evaluate-alerts";
import { getDatabase } from "@/server/db";
import { createMailer } from "@/server/mail/mailer";
import { withLease } from "./job-lease";

/**
 * Evaluates tenants' alerts every `intervalSeconds` inside this process (started from
 * instrumentation.ts), under a lease so only one of several processes does each round. Alerts are
 * evaluated here, from the rollups, never in the ingestion transaction, so they cost ingestion nothing.
 */
export function startAlertsScheduler(intervalSeconds: number) {
  const tick = async () => {
    try {
      const db = await getDatabase();
      await withLease(db, "alerts", intervalSeconds * 2000, async () => {
        const round = await evaluateAlerts(db, { mailer: createMailer(), appUrl: env.APP_URL });
        if (round.fired || round.cleared) console.info(`alerts: ${round.fired} fired, ${round.cleared} cleared, ${round.emailed} emailed`);
      });
    } catch (error) {
      console.error("alerts: a round failed; retrying next round", error);
    }
  };
  const timer = setInterval(tick, intervalSeconds * 1000);
  timer.unref();
  setTimeout(tick, 10_000).unref();
}

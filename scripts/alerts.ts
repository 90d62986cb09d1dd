/** `npm run alerts`: one round of alert evaluation (for cron, with ALERTS=off on the web processes). */
import { env } from "../src/env";
import { evaluateAlerts } from "../src/server/alerts/evaluate-alerts";
import { withLease } from "../src/server/jobs/job-lease";
import { createMailer } from "../src/server/mail/mailer";
import { openDatabaseFromEnv } from "./lib/database-from-env";

const handle = await openDatabaseFromEnv();
try {
  const ran = await withLease(handle.db, "alerts", 10 * 60_000, async () => {
    const round = await evaluateAlerts(handle.db, { mailer: createMailer(), appUrl: env.APP_URL });
    console.log(`alerts: ${round.tenants} tenants evaluated; ${round.fired} fired, ${round.cleared} cleared, ${round.emailed} emailed`);
  });
  if (!ran) console.log("alerts: another process is evaluating alerts right now; nothing to do");
} finally {
  await handle.close();
}

/**
 * `npm run user:create -- operator admin@council.gov.uk "Alex Admin"`: creates council staff (operator or
 * billing) on a real deployment and prints a one-hour link to choose a password. Nothing else is seeded.
 */
import { eq } from "drizzle-orm";
import { requestPasswordReset } from "../src/server/auth/password-reset";
import { withPlatform } from "../src/server/db/scopes";
import { users } from "../src/server/db/schema";
import { openDatabaseFromEnv } from "./lib/database-from-env";

const [role, rawEmail, ...nameParts] = process.argv.slice(2);
const email = rawEmail?.trim().toLowerCase();
if ((role !== "operator" && role !== "billing") || !email?.includes("@") || !nameParts.length) {
  console.error('Usage: npm run user:create -- <operator|billing> <email> "<full name>"');
  process.exit(2);
}
const appUrl = process.env.APP_URL || "http://localhost:3000";
const handle = await openDatabaseFromEnv();
try {
  await withPlatform(handle.db, async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) await tx.update(users).set({ platformRole: role }).where(eq(users.id, existing.id));
    else await tx.insert(users).values({ email, name: nameParts.join(" "), platformRole: role });
    await requestPasswordReset(tx, email, appUrl, { send: async (message) => console.log(`\n${message.text}\n`) });
  });
  console.log(`${email} is ${role} staff. Send them the link above to choose a password.`);
} finally {
  await handle.close();
}

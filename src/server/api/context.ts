import { env } from "@/env";
import { auth } from "@/server/auth/config";
import { clientAddress } from "@/server/auth/client-address";
import { getDatabase, type Database } from "@/server/db";
import { createMailer, type Mailer } from "@/server/mail/mailer";

/** Everything a procedure may rely on. Tests build it directly, with their own database and mailer. */
export interface Context {
  db: Database;
  userId: string | null;
  /** The tenant the request acts in: the `x-tenant` header (the slug in /t/<slug>/...), checked against memberships. */
  tenantSlug: string | null;
  address: string;
  appUrl: string;
  mailer: Mailer;
}

const mailer = createMailer();

export async function createContext(opts: { headers: Headers }): Promise<Context> {
  const session = await auth();
  return {
    db: await getDatabase(),
    userId: session?.user?.id ?? null,
    tenantSlug: opts.headers.get("x-tenant"),
    address: clientAddress(opts.headers),
    appUrl: env.APP_URL,
    mailer,
  };
}

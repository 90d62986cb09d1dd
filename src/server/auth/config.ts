import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/env";
import { getDatabase } from "@/server/db";
import { findActiveUserByEmail } from "./active-user";
import { authenticate } from "./authenticate";
import { clientAddress } from "./client-address";

declare module "next-auth" {
  interface Session { user: { id: string; email: string; name: string } }
}

/** Shown on the sign-in page as "too many attempts" rather than "wrong password". */
class SignInLocked extends CredentialsSignin {
  code = "locked";
}

const credentialsInput = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(200) });

/** An OpenID Connect provider (e.g. Microsoft Entra ID) is offered only when all three variables are set. */
export const oidcEnabled = Boolean(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET);

export const authConfig = {
  secret: env.AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsInput.safeParse(raw);
        if (!parsed.success) return null;
        const result = await authenticate(await getDatabase(), parsed.data.email, parsed.data.password, clientAddress(request.headers));
        if (result.ok) return { id: result.user.id, email: result.user.email, name: result.user.name };
        if (result.reason === "locked") throw new SignInLocked();
        return null;
      },
    }),
    ...(oidcEnabled
      ? [{ id: "oidc", name: env.OIDC_NAME, type: "oidc" as const, issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET }]
      : []),
  ],
  callbacks: {
    // Single sign-on never creates accounts: the person must have been invited (or be council staff) first.
    async signIn({ user, account }) {
      if (account?.provider !== "oidc") return true;
      return Boolean(user.email && (await findActiveUserByEmail(await getDatabase(), user.email)));
    },
    async jwt({ token, user, account }) {
      if (user && account?.provider === "oidc" && user.email) {
        const local = await findActiveUserByEmail(await getDatabase(), user.email);
        token.sub = local?.id;
      } else if (user?.id) {
        token.sub = user.id;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
  logger: {
    // A wrong password is not a server error; Auth.js would otherwise print a stack trace for each.
    error(error) {
      // Minified builds rename the class, so compare Auth.js's own `type` rather than `name`.
      if ((error as { type?: string }).type !== "CredentialsSignin") console.error(error);
    },
  },
} satisfies NextAuthConfig;

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);

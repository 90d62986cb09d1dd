import type { Metadata } from "next";
import { oidcEnabled } from "@/server/auth/config";
import { env } from "@/env";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default function SignInPage() {
  return <SignInForm sso={oidcEnabled ? { name: env.OIDC_NAME } : null} />;
}

"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { ErrorNotice } from "@/components/ui/states";

const messages: Record<string, string> = {
  locked: "Too many failed attempts. Wait 15 minutes, or reset your password.",
  credentials: "That email and password don't match an active account.",
};

export function SignInForm({ sso }: { sso: { name: string } | null }) {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const callbackUrl = safeCallback(params.get("callbackUrl"));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    setBusy(false);
    if (result?.error) {
      setError(messages[result.code ?? ""] ?? messages.credentials!);
      return;
    }
    router.push(callbackUrl);
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="space-y-5" noValidate>
      <h1 className="text-xl font-semibold">Sign in</h1>
      <ErrorNotice error={error ? { message: error } : null} title="Couldn't sign you in" />
      <TextField label="Email" name="email" type="email" autoComplete="username" required autoFocus />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" busy={busy} className="w-full">
        Sign in
      </Button>
      {sso && (
        <Button type="button" variant="secondary" className="w-full" onClick={() => signIn("oidc", { redirectTo: callbackUrl })}>
          Sign in with {sso.name}
        </Button>
      )}
      <p className="text-center text-sm">
        <Link href="/forgot-password" className="text-teal-700 hover:underline">
          Forgot your password?
        </Link>
      </p>
    </form>
  );
}

/** Only same-site paths, so a crafted link cannot bounce someone to another site after signing in. */
function safeCallback(value: string | null) {
  return value && value.startsWith("/") && !value.startsWith("//") ? value : "/";
}

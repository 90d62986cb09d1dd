"use client";

import { OneTimeSecretDialog } from "@/components/one-time-secret-dialog";
import type { SigningSecret } from "./forwarder-form";

/** The only time a signing secret is visible: after the endpoint is added or its secret rotated. */
export function SigningSecretDialog({ shown, onDone }: { shown: SigningSecret | null; onDone(): void }) {
  return (
    <OneTimeSecretDialog
      shown={shown}
      title={shown ? `Signing secret for ${shown.name}` : "Signing secret"}
      description="Your receiver uses it to check that each request really comes from Longreach."
      noun="secret"
      secretLabel="Signing secret"
      ifLost="rotate the secret to get a new one"
      testId="signing-secret"
      onDone={onDone}
    />
  );
}

"use client";

import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import type { SigningSecret } from "./forwarder-form";

/** The only time a signing secret is visible: after the endpoint is added or its secret rotated. */
export function SigningSecretDialog({ shown, onDone }: { shown: SigningSecret | null; onDone(): void }) {
  return (
    <Dialog
      open={shown !== null}
      title={shown ? `Signing secret for ${shown.name}` : "Signing secret"}
      description="Your receiver uses it to check that each request really comes from Longreach."
      onClose={onDone}
      footer={<Button onClick={onDone}>I&apos;ve saved the secret</Button>}
    >
      {shown && (
        <div className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
          <p className="font-semibold">Copy it now: it will not be shown again.</p>
          <p>If it is lost, rotate the secret to get a new one.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code aria-label="Signing secret" className="break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900 ring-1 ring-amber-200" data-testid="signing-secret">
              {shown.secret}
            </code>
            <CopyButton text={shown.secret} label="Copy secret" />
          </div>
        </div>
      )}
    </Dialog>
  );
}

"use client";

import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";

export interface OneTimeSecret { name: string; secret: string }

/**
 * The only time a secret is visible (a webhook's signing secret, an API key): in the answer that made it.
 * The server keeps no way to show it again, so the dialog says so and offers a copy button.
 */
export function OneTimeSecretDialog({
  shown,
  title,
  description,
  noun,
  secretLabel,
  ifLost,
  testId,
  onDone,
}: {
  shown: OneTimeSecret | null;
  title: string;
  description: string;
  /** "secret", "key": used in the copy and done buttons. */
  noun: string;
  /** The accessible name of the secret itself, e.g. "Signing secret". */
  secretLabel: string;
  /** What to do if it is lost, e.g. "rotate the secret to get a new one". */
  ifLost: string;
  testId: string;
  onDone(): void;
}) {
  return (
    <Dialog open={shown !== null} title={title} description={description} onClose={onDone} footer={<Button onClick={onDone}>I&apos;ve saved the {noun}</Button>}>
      {shown && (
        <div className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
          <p className="font-semibold">Copy it now: it will not be shown again.</p>
          <p>If it is lost, {ifLost}.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code aria-label={secretLabel} className="break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900 ring-1 ring-amber-200" data-testid={testId}>
              {shown.secret}
            </code>
            <CopyButton text={shown.secret} label={`Copy ${noun}`} />
          </div>
        </div>
      )}
    </Dialog>
  );
}

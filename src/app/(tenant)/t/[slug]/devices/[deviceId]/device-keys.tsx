"use client";

import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { ErrorNotice } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";

interface MaskedKeys { appKey: string | null; nwkSKey: string | null; appSKey: string | null }
const LABELS: Record<keyof MaskedKeys, string> = { appKey: "AppKey", nwkSKey: "NwkSKey", appSKey: "AppSKey" };

/** Keys are masked; admins may reveal them (each reveal is recorded in the audit log) and hide them again. */
export function DeviceKeys({ deviceId, masked, canReveal }: { deviceId: string; masked: MaskedKeys; canReveal: boolean }) {
  const trpc = useTRPC();
  const reveal = useMutation(trpc.devices.revealKeys.mutationOptions());
  const shown = reveal.data;
  const present = (Object.keys(LABELS) as Array<keyof MaskedKeys>).filter((k) => masked[k] !== null);
  if (present.length === 0) return <p className="text-sm text-slate-500">No keys are stored for this device.</p>;
  return (
    <div className="space-y-3">
      <dl className="space-y-2 text-sm">
        {present.map((k) => (
          <div key={k} className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <dt className="w-20 text-slate-600">{LABELS[k]}</dt>
            <dd className="break-all font-mono text-xs">{shown?.[k] ?? <span aria-label={`${LABELS[k]} hidden, ending ${masked[k]!.slice(-4)}`}>{masked[k]}</span>}</dd>
            {shown?.[k] && <CopyButton text={shown[k]} label={`Copy ${LABELS[k]}`} />}
          </div>
        ))}
      </dl>
      <ErrorNotice error={reveal.error} title="Keys can't be shown" />
      {canReveal &&
        (shown ? (
          <Button variant="secondary" onClick={() => reveal.reset()}>
            Hide keys
          </Button>
        ) : (
          <div className="flex flex-wrap items-center gap-3">
            <Button variant="secondary" busy={reveal.isPending} onClick={() => reveal.mutate({ deviceId })}>
              Reveal keys
            </Button>
            <span className="text-xs text-slate-500">Revealing is recorded in the audit log.</span>
          </div>
        ))}
    </div>
  );
}

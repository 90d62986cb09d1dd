"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNotice } from "@/components/ui/states";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";

/** Tries the codec being edited on a sample payload, in the same sandbox ingestion uses. Not a form of its own (it sits inside the profile form). */
export function TestDecodePanel({ codecSource }: { codecSource: string }) {
  const trpc = useTRPC();
  const id = useId();
  const [payloadHex, setPayloadHex] = useState("");
  const [fPort, setFPort] = useState("1");
  const decode = useMutation(trpc.deviceProfiles.testDecode.mutationOptions());
  const fields = fieldErrorsOf(decode.error);
  const result = decode.data;
  const input = "mt-1 block w-full rounded-md border-0 px-3 py-2 font-mono text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:ring-red-500";

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-3 rounded-md bg-slate-50 p-4 ring-1 ring-slate-200">
      <h3 id={`${id}-title`} className="text-sm font-semibold text-slate-900">
        Test the codec
      </h3>
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-56 flex-1">
          <label htmlFor={`${id}-payload`} className="block text-sm font-medium text-slate-800">
            Payload (hex)
          </label>
          <input id={`${id}-payload`} value={payloadHex} onChange={(e) => setPayloadHex(e.target.value)} placeholder="08 98 37 0e 10" spellCheck={false} aria-invalid={Boolean(fields.payloadHex)} aria-describedby={fields.payloadHex ? `${id}-payload-error` : undefined} className={input} />
          {fields.payloadHex && <p id={`${id}-payload-error`} className="mt-1 text-xs font-medium text-red-700">{fields.payloadHex[0]}</p>}
        </div>
        <div className="w-24">
          <label htmlFor={`${id}-fport`} className="block text-sm font-medium text-slate-800">
            fPort
          </label>
          <input id={`${id}-fport`} type="number" min={1} max={223} value={fPort} onChange={(e) => setFPort(e.target.value)} aria-invalid={Boolean(fields.fPort)} aria-describedby={fields.fPort ? `${id}-fport-error` : undefined} className={input} />
        </div>
        <Button type="button" variant="secondary" busy={decode.isPending} disabled={!codecSource.trim()} onClick={() => decode.mutate({ codecSource, payloadHex, fPort: Number(fPort) })}>
          Decode
        </Button>
      </div>
      {fields.fPort && <p id={`${id}-fport-error`} className="text-xs font-medium text-red-700">{fields.fPort[0]}</p>}
      {!fields.payloadHex && !fields.fPort && <ErrorNotice error={decode.error} title="Couldn't run the codec" />}
      <div aria-live="polite">
        {result?.ok === true && (
          <div className="space-y-1">
            <p className="text-sm font-medium text-emerald-800">Decoded:</p>
            <pre className="overflow-x-auto rounded bg-white p-3 font-mono text-xs ring-1 ring-slate-200">{JSON.stringify(result.data, null, 2)}</pre>
            {result.warnings.length > 0 && <p className="text-xs text-amber-800">Warnings: {result.warnings.join("; ")}</p>}
          </div>
        )}
        {result?.ok === false && (
          <p className="rounded bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
            <span className="font-semibold">The codec failed:</span> {result.error}
          </p>
        )}
      </div>
    </section>
  );
}

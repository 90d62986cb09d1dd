"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorNotice, SuccessNotice } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";
import { CsvSource } from "./csv-source";
import { ImportReport } from "./import-report";

type Mode = "all_or_nothing" | "valid_rows";

/** Choose a file → check it (nothing saved) → import all or only the valid rows → see what happened. */
export function DeviceImport({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [source, setSource] = useState<{ text: string; name: string } | null>(null);
  const [mode, setMode] = useState<Mode>("all_or_nothing");
  const [onlyProblems, setOnlyProblems] = useState(false);
  const preview = useMutation(trpc.devices.previewImport.mutationOptions());
  const importing = useMutation(
    trpc.devices.importDevices.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.devices.pathKey() }) }),
  );
  const busy = preview.isPending || importing.isPending;
  const report = importing.data ?? preview.data;
  const done = importing.data;

  function check(text: string, name: string) {
    setSource({ text, name });
    importing.reset();
    preview.mutate({ csv: text });
  }

  return (
    <div className="space-y-6">
      <Card title="1. Choose the file">
        <CsvSource onText={check} disabled={busy} />
      </Card>

      <div aria-live="polite" className="sr-only">
        {preview.isPending ? "Checking the file…" : importing.isPending ? "Importing…" : ""}
      </div>
      <ErrorNotice error={preview.error} title={source ? `${source.name} can't be imported` : undefined} />

      {report && source && (
        <Card
          title={`2. Check ${source.name}`}
          actions={
            report.invalid > 0 && (
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} />
                Only rows with problems
              </label>
            )
          }
        >
          <p className="mb-4 text-sm text-slate-700" role="status">
            {report.total} device{report.total === 1 ? "" : "s"} in the file: <strong className="text-emerald-800">{report.valid} ready</strong>
            {report.invalid > 0 && (
              <>
                , <strong className="text-red-800">{report.invalid} with problems</strong>
              </>
            )}
            . Row numbers are as a spreadsheet shows them (the header is row 1).
          </p>
          {!report.profileColumn && (
            <p className="mb-4 text-sm text-slate-700">
              {report.defaultProfile ? (
                <>
                  The file has no <code>profile</code> column, so every device gets <strong>{report.defaultProfile}</strong>, your organisation&apos;s default profile (its only or most used one). Add the column (an empty cell means no profile) to choose per device.
                </>
              ) : (
                <>The file has no <code>profile</code> column and there is no single default profile, so the devices get none; add the column to choose one per device.</>
              )}
            </p>
          )}
          <ImportReport rows={report.rows} onlyProblems={onlyProblems} />
        </Card>
      )}

      {preview.data && source && !done && (
        <Card title="3. Import">
          <fieldset className="space-y-2 text-sm" disabled={busy}>
            <legend className="sr-only">What to import</legend>
            <label className="flex items-start gap-2">
              <input type="radio" name="mode" checked={mode === "all_or_nothing"} onChange={() => setMode("all_or_nothing")} className="mt-1" />
              <span>
                <span className="font-medium">All or nothing</span>
                <span className="block text-slate-500">Import only if every row is ready; otherwise nothing is registered, so you can fix the file and try again.</span>
              </span>
            </label>
            <label className="flex items-start gap-2">
              <input type="radio" name="mode" checked={mode === "valid_rows"} onChange={() => setMode("valid_rows")} className="mt-1" />
              <span>
                <span className="font-medium">Import valid rows</span>
                <span className="block text-slate-500">Register the {preview.data.valid} ready device{preview.data.valid === 1 ? "" : "s"} now and skip the rows with problems.</span>
              </span>
            </label>
          </fieldset>
          <ErrorNotice error={importing.error} title="Nothing was imported" />
          <div className="mt-4 flex items-center gap-3">
            <Button
              busy={importing.isPending}
              disabled={busy || preview.data.valid === 0 || (mode === "all_or_nothing" && preview.data.invalid > 0)}
              onClick={() => importing.mutate({ csv: source.text, mode })}
            >
              {importing.isPending ? "Importing…" : mode === "valid_rows" ? `Import ${preview.data.valid} device${preview.data.valid === 1 ? "" : "s"}` : `Import all ${preview.data.total}`}
            </Button>
            {mode === "all_or_nothing" && preview.data.invalid > 0 && (
              <span className="text-sm text-slate-600">Fix the rows with problems, or choose “Import valid rows”.</span>
            )}
          </div>
        </Card>
      )}

      {done &&
        (done.imported > 0 ? (
          <SuccessNotice>
            Registered {done.imported} device{done.imported === 1 ? "" : "s"}
            {done.invalid > 0 ? `; ${done.invalid} row${done.invalid === 1 ? " was" : "s were"} skipped (see the report above)` : ""}.{" "}
            <Link href={`/t/${slug}/devices`} className="font-semibold underline">
              See your devices
            </Link>
          </SuccessNotice>
        ) : (
          <div role="alert" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
            Nothing was imported: {done.invalid} row{done.invalid === 1 ? " has" : "s have"} problems. Fix them in the file and check it again.
          </div>
        ))}
    </div>
  );
}

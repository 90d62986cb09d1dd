"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { ErrorNotice, SuccessNotice } from "@/components/ui/states";
import type { WasteSettings } from "@/domain/waste/waste-settings";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";

/** The team's threshold, time between rounds and silence allowance; admins change them, everyone sees them. */
export function WasteSettingsCard({ settings, canConfigure }: { settings: WasteSettings; canConfigure: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const update = useMutation(
    trpc.waste.updateSettings.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.waste.pathKey() });
      },
    }),
  );
  const fields = fieldErrorsOf(update.error);
  return (
    <Card title="Settings">
      {canConfigure ? (
        <form
          noValidate
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            setSaved(false);
            const form = new FormData(e.currentTarget);
            const number = (name: string) => Number(String(form.get(name) ?? "").trim() || Number.NaN);
            update.mutate({ thresholdPercent: number("thresholdPercent"), roundIntervalHours: number("roundIntervalHours"), silentAfterHours: number("silentAfterHours") });
          }}
        >
          {!Object.values(fields).some(Boolean) && <ErrorNotice error={update.error} title="The settings weren't saved" />}
          {saved && <SuccessNotice>Settings saved. Bins over the new threshold are counted from their first reading above it.</SuccessNotice>}
          <div className="grid gap-4 sm:grid-cols-3">
            <TextField label="Collection threshold (%)" name="thresholdPercent" type="number" min={1} max={100} defaultValue={settings.thresholdPercent} error={fields.thresholdPercent} hint="A bin at or above this goes on the list." />
            <TextField label="Hours between rounds" name="roundIntervalHours" type="number" min={1} max={336} defaultValue={settings.roundIntervalHours} error={fields.roundIntervalHours} hint="A bin full before the next round goes on today's list." />
            <TextField label="Not reporting after (hours)" name="silentAfterHours" type="number" min={1} max={720} defaultValue={settings.silentAfterHours} error={fields.silentAfterHours} hint="Longer than your sensors' usual time between readings (bin sensors often report only every few hours)." />
          </div>
          <Button type="submit" busy={update.isPending}>Save settings</Button>
        </form>
      ) : (
        <>
          <dl className="grid gap-4 text-sm sm:grid-cols-3">
            <div><dt className="text-slate-600">Collection threshold</dt><dd className="font-medium">{settings.thresholdPercent} %</dd></div>
            <div><dt className="text-slate-600">Hours between rounds</dt><dd className="font-medium">{settings.roundIntervalHours}</dd></div>
            <div><dt className="text-slate-600">Not reporting after</dt><dd className="font-medium">{settings.silentAfterHours} h</dd></div>
          </dl>
          <p className="mt-4 text-xs text-slate-500">An admin of your organisation can change these.</p>
        </>
      )}
    </Card>
  );
}

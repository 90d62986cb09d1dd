"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { ErrorNotice, SuccessNotice } from "@/components/ui/states";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";

const roles = [
  { value: "owner", label: "Owner (manages team and billing)" },
  { value: "admin", label: "Admin (manages team and devices)" },
] as const;

/** The link is shown here as well as emailed, so onboarding works before the council sets up mail. */
export function InviteForm({ tenantId, disabled }: { tenantId: string; disabled: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [link, setLink] = useState<string | null>(null);
  const invite = useMutation(
    trpc.tenants.invite.mutationOptions({
      onSuccess(result) {
        setLink(result.link);
        void queryClient.invalidateQueries({ queryKey: trpc.tenants.get.queryKey({ tenantId }) });
      },
    }),
  );
  const fields = fieldErrorsOf(invite.error);
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        setLink(null);
        invite.mutate({ tenantId, email: String(form.get("email")), role: form.get("role") as "owner" | "admin" });
      }}
    >
      {!fields.email && <ErrorNotice error={invite.error} title="Couldn't send the invitation" />}
      <TextField label="Email address" name="email" type="email" required error={fields.email} disabled={disabled} />
      <SelectField label="Role" name="role" options={roles} defaultValue="owner" disabled={disabled} />
      <Button type="submit" busy={invite.isPending} disabled={disabled}>Send invitation</Button>
      {link && (
        <SuccessNotice>
          <p className="font-semibold">Invitation sent. The link works for 7 days:</p>
          <p className="mt-1 break-all font-mono text-xs" data-testid="invitation-link">{link}</p>
        </SuccessNotice>
      )}
    </form>
  );
}

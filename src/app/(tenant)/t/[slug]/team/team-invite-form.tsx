"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { ErrorNotice, SuccessNotice } from "@/components/ui/states";
import { TENANT_ROLES, type TenantRole } from "@/domain/tenancy/roles";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";

const roleOptions = TENANT_ROLES.map((r) => ({ value: r, label: r }));

export function TeamInviteForm({ onInvited }: { onInvited(): void }) {
  const trpc = useTRPC();
  const [link, setLink] = useState<string | null>(null);
  const invite = useMutation(trpc.team.invite.mutationOptions({ onSuccess: (r) => { setLink(r.link); onInvited(); } }));
  const fields = fieldErrorsOf(invite.error);
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        setLink(null);
        invite.mutate({ email: String(form.get("email")), role: form.get("role") as TenantRole });
      }}
    >
      {!fields.email && <ErrorNotice error={invite.error} />}
      <TextField label="Email address" name="email" type="email" required error={fields.email} />
      <SelectField label="Role" name="role" options={roleOptions} defaultValue="member" hint="Viewers can look; members work with devices; admins also manage the team." />
      <Button type="submit" busy={invite.isPending}>Send invitation</Button>
      {link && (
        <SuccessNotice>
          Invitation sent. Link: <span className="break-all font-mono text-xs">{link}</span>
        </SuccessNotice>
      )}
    </form>
  );
}

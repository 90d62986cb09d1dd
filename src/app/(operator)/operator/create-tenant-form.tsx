"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { ErrorNotice } from "@/components/ui/states";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";

export function CreateTenantForm({ onClose }: { onClose(): void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.tenants.create.mutationOptions({
      onSuccess(tenant) {
        void queryClient.invalidateQueries({ queryKey: trpc.tenants.list.queryKey() });
        router.push(`/operator/tenants/${tenant.id}`);
      },
    }),
  );
  const fields = fieldErrorsOf(create.error);
  return (
    <Card title="New tenant" className="mb-6">
      <form
        className="grid gap-4 sm:grid-cols-2"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          create.mutate({
            name: String(form.get("name")),
            contactEmail: String(form.get("contactEmail")),
            billingEmail: String(form.get("billingEmail")),
            planName: String(form.get("planName") || "") || null,
          });
        }}
      >
        <div className="sm:col-span-2">{Object.keys(fields).length === 0 && <ErrorNotice error={create.error} title="Couldn't create the tenant" />}</div>
        <TextField label="Organisation name" name="name" required autoFocus error={fields.name} />
        <TextField label="Plan" name="planName" hint="Optional for now; pricing plans are set by billing staff." error={fields.planName} />
        <TextField label="Contact email" name="contactEmail" type="email" required error={fields.contactEmail} />
        <TextField label="Billing email" name="billingEmail" type="email" required hint="Where invoices go." error={fields.billingEmail} />
        <div className="flex gap-2 sm:col-span-2">
          <Button type="submit" busy={create.isPending}>Create tenant</Button>
          <Button type="button" variant="secondary" onClick={onClose}>Cancel</Button>
        </div>
      </form>
    </Card>
  );
}

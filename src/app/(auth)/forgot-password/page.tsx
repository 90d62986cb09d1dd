"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { ErrorNotice, SuccessNotice } from "@/components/ui/states";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";

export default function ForgotPasswordPage() {
  const trpc = useTRPC();
  const request = useMutation(trpc.passwordReset.request.mutationOptions());
  const fields = fieldErrorsOf(request.error);
  return (
    <form
      className="space-y-5"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        request.mutate({ email: String(new FormData(e.currentTarget).get("email")) });
      }}
    >
      <h1 className="text-xl font-semibold">Reset your password</h1>
      {request.data ? (
        <SuccessNotice>{request.data.message}</SuccessNotice>
      ) : (
        <>
          <p className="text-sm text-slate-600">We'll email you a link to choose a new password. It works for one hour.</p>
          {!fields.email && <ErrorNotice error={request.error} />}
          <TextField label="Email" name="email" type="email" autoComplete="email" required error={fields.email} />
          <Button type="submit" busy={request.isPending} className="w-full">
            Email me a link
          </Button>
        </>
      )}
      <p className="text-center text-sm">
        <Link href="/sign-in" className="text-teal-700 hover:underline">
          Back to sign in
        </Link>
      </p>
    </form>
  );
}

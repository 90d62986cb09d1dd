"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { use } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { ErrorNotice, SuccessNotice } from "@/components/ui/states";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";

export default function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = use(params);
  const trpc = useTRPC();
  const complete = useMutation(trpc.passwordReset.complete.mutationOptions());
  const fields = fieldErrorsOf(complete.error);
  if (complete.isSuccess) {
    return (
      <div className="space-y-4">
        <SuccessNotice>Your password has been changed.</SuccessNotice>
        <Link href="/sign-in" className="block text-center text-sm font-semibold text-teal-700 hover:underline">
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <form
      className="space-y-5"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        complete.mutate({ token, password: String(new FormData(e.currentTarget).get("password")) });
      }}
    >
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      {!fields.password && <ErrorNotice error={complete.error} />}
      <TextField label="New password" name="password" type="password" autoComplete="new-password" required minLength={10} hint="At least 10 characters." error={fields.password} />
      <Button type="submit" busy={complete.isPending} className="w-full">
        Save password
      </Button>
    </form>
  );
}

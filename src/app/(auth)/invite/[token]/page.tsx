"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { use, useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { ErrorNotice, LoadingRows } from "@/components/ui/states";
import { fieldErrorsOf } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";

export default function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = use(params);
  const trpc = useTRPC();
  const router = useRouter();
  const preview = useQuery(trpc.invitations.preview.queryOptions({ token }, { retry: false }));
  const [password, setPassword] = useState("");
  const goToTenant = (slug: string) => {
    router.push(`/t/${slug}`);
    router.refresh();
  };
  const acceptNew = useMutation(
    trpc.invitations.acceptWithNewAccount.mutationOptions({
      async onSuccess(result) {
        await signIn("credentials", { email: result.email, password, redirect: false });
        goToTenant(result.tenantSlug);
      },
    }),
  );
  const acceptExisting = useMutation(trpc.invitations.acceptAsSignedInUser.mutationOptions({ onSuccess: (r) => goToTenant(r.tenantSlug) }));

  if (preview.isPending) return <LoadingRows label="Checking your invitation" />;
  if (preview.error) {
    return (
      <div className="space-y-4">
        <ErrorNotice error={preview.error} title="This invitation can't be used" />
        <Link href="/sign-in" className="block text-center text-sm text-teal-700 hover:underline">
          Go to sign in
        </Link>
      </div>
    );
  }
  const invite = preview.data;
  const intro = (
    <>
      <h1 className="text-xl font-semibold">Join {invite.tenantName}</h1>
      <p className="text-sm text-slate-600">
        You've been invited as <strong>{invite.role}</strong> for <strong>{invite.email}</strong>.
      </p>
    </>
  );

  if (invite.hasAccount) {
    const needsSignIn = acceptExisting.error?.data?.code === "UNAUTHORIZED";
    return (
      <div className="space-y-5">
        {intro}
        {needsSignIn ? (
          <Link href={`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`} className="block rounded-md bg-teal-700 px-3 py-2 text-center text-sm font-semibold text-white">
            Sign in as {invite.email} to accept
          </Link>
        ) : (
          <>
            <ErrorNotice error={acceptExisting.error} />
            <Button className="w-full" busy={acceptExisting.isPending} onClick={() => acceptExisting.mutate({ token })}>
              Accept invitation
            </Button>
          </>
        )}
      </div>
    );
  }

  const fields = fieldErrorsOf(acceptNew.error);
  return (
    <form
      className="space-y-5"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        acceptNew.mutate({ token, name: String(new FormData(e.currentTarget).get("name")), password });
      }}
    >
      {intro}
      {!fields.name && !fields.password && <ErrorNotice error={acceptNew.error} />}
      <TextField label="Your name" name="name" autoComplete="name" required error={fields.name} />
      <TextField
        label="Choose a password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters."
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={fields.password}
      />
      <Button type="submit" className="w-full" busy={acceptNew.isPending}>
        Create account and join
      </Button>
    </form>
  );
}

import { SignOutButton } from "@/components/layout/sign-out-button";

export default function NoTenantPage() {
  return (
    <div className="space-y-4 text-sm text-slate-600">
      <h1 className="text-xl font-semibold text-slate-900">No tenant yet</h1>
      <p>Your account isn't a member of any organisation on the network. Ask your organisation's admin to invite you, or contact the council's IoT team.</p>
      <div className="rounded bg-slate-900 p-1 text-center">
        <SignOutButton />
      </div>
    </div>
  );
}

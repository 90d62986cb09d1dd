"use client";

import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button type="button" onClick={() => signOut({ redirectTo: "/sign-in" })} className="rounded px-2 py-1 text-sm text-slate-300 hover:bg-slate-800 hover:text-white">
      Sign out
    </button>
  );
}

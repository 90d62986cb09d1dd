"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset(): void }) {
  return (
    <main className="grid min-h-screen place-items-center bg-slate-50 px-4">
      <div role="alert" className="max-w-md text-center">
        <h1 className="text-2xl font-bold">Something went wrong</h1>
        <p className="mt-2 text-sm text-slate-600">The problem has been logged{error.digest ? ` (reference ${error.digest})` : ""}. Try again, and contact the council's IoT team if it keeps happening.</p>
        <button onClick={reset} className="mt-6 rounded-md bg-teal-700 px-3 py-2 text-sm font-semibold text-white">Try again</button>
      </div>
    </main>
  );
}

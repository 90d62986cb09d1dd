import Link from "next/link";

export default function NotFound() {
  return (
    <main className="grid min-h-screen place-items-center bg-slate-50 px-4">
      <div className="text-center">
        <p className="text-sm font-semibold text-teal-700">404</p>
        <h1 className="mt-2 text-2xl font-bold">We couldn't find that page</h1>
        <p className="mt-2 text-sm text-slate-600">It may not exist, or you may not have access to it.</p>
        <Link href="/" className="mt-6 inline-block text-sm font-semibold text-teal-700 hover:underline">Go to your home page</Link>
      </div>
    </main>
  );
}

"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, loggerLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/** Answers that will not change on a retry; anything else (network blips, 5xx) is retried twice. */
const NOT_WORTH_RETRYING = new Set(["BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "PRECONDITION_FAILED"]);
const errorCode = (error: unknown) => String((error as { data?: { code?: string } } | null)?.data?.code ?? "");

/** Tenant pages live under /t/<slug>/; the slug travels with every request so the server can check membership. */
function tenantHeader(): Record<string, string> {
  const slug = window.location.pathname.match(/^\/t\/([^/]+)/)?.[1];
  return slug ? { "x-tenant": decodeURIComponent(slug) } : {};
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: (count, error) => count < 2 && !NOT_WORTH_RETRYING.has(errorCode(error)) } } }),
  );
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        loggerLink({ enabled: (op) => process.env.NODE_ENV === "development" && op.direction === "down" && op.result instanceof Error }),
        httpBatchLink({ url: "/api/trpc", transformer: superjson, headers: tenantHeader }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

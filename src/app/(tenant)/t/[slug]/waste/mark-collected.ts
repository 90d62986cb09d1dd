"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";

/** Marks bins collected and refreshes the dashboard, which then lists them as awaiting a reading. */
export function useMarkCollected(onDone?: () => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.waste.markCollected.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.waste.pathKey() });
        onDone?.();
      },
    }),
  );
}

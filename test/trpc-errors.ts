import { TRPCError } from "@trpc/server";

/** The code and message a tRPC call failed with; fails the test if it succeeded or threw something else. */
export async function trpcErrorOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected the call to fail");
}

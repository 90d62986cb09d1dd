/**
 * Payment-failure (dunning) state machine. Pure: returns the next state and
 * the actions for the caller to carry out; it performs nothing itself.
 *
 *   current ──payment_failed──▶ past_due ──grace_elapsed──▶ suspension_pending_approval ──approved──▶ suspended
 *                                   │            └─(plan.autoSuspend)──────────────────────────────────▶ suspended
 *   any state ──paid──▶ current (reactivating if suspended)
 *   suspension_pending_approval ──rejected──▶ past_due (a fresh grace period starts)
 *
 * Nothing is suspended without staff approval unless the plan's autoSuspend is true.
 * Events that do not apply to the current state (duplicate or out-of-order
 * webhooks, a stale approval) leave the state unchanged with no actions and
 * an `ignoredReason`.
 */
import type { PlanVersion } from "./plan";

const DAY_MS = 86_400_000;

export type DunningState =
  | { status: "current" }
  /** `since`: when the grace period started (first failure, or the last rejected suspension). */
  | { status: "past_due"; since: Date }
  | { status: "suspension_pending_approval"; since: Date; requestedAt: Date }
  | { status: "suspended"; since: Date; suspendedAt: Date };

export type DunningEvent =
  | { type: "payment_failed"; at: Date }
  | { type: "paid"; at: Date }
  | { type: "grace_elapsed"; now: Date }
  | { type: "suspension_approved"; at: Date }
  | { type: "suspension_rejected"; at: Date };

export type TenantNotice = "payment_failed" | "final_notice" | "suspended" | "payment_received" | "reactivated";

export type DunningAction =
  | { type: "notify_tenant"; notice: TenantNotice }
  | { type: "request_suspension_approval" }
  | { type: "cancel_suspension_request" }
  | { type: "suspend" }
  | { type: "reactivate" };

export type DunningPolicy = Pick<PlanVersion, "paymentGraceDays" | "autoSuspend">;

export interface DunningTransition {
  state: DunningState;
  actions: DunningAction[];
  /** Set when the event did not apply to the state; state is then unchanged. */
  ignoredReason?: string;
}

export const INITIAL_DUNNING_STATE: DunningState = { status: "current" };

const notify = (notice: TenantNotice): DunningAction => ({ type: "notify_tenant", notice });
const ignore = (state: DunningState, reason: string): DunningTransition => ({ state, actions: [], ignoredReason: reason });

/** When the grace period for a past-due account ends. */
export function graceEndsAt(since: Date, policy: DunningPolicy): Date {
  return new Date(since.getTime() + policy.paymentGraceDays * DAY_MS);
}

function onPaid(state: DunningState): DunningTransition {
  switch (state.status) {
    case "current":
      return ignore(state, "account is already current");
    case "past_due":
      return { state: INITIAL_DUNNING_STATE, actions: [notify("payment_received")] };
    case "suspension_pending_approval":
      return { state: INITIAL_DUNNING_STATE, actions: [{ type: "cancel_suspension_request" }, notify("payment_received")] };
    case "suspended":
      return { state: INITIAL_DUNNING_STATE, actions: [{ type: "reactivate" }, notify("reactivated")] };
  }
}

export function nextDunningState(state: DunningState, event: DunningEvent, policy: DunningPolicy): DunningTransition {
  switch (event.type) {
    case "payment_failed":
      if (state.status === "current") {
        return { state: { status: "past_due", since: event.at }, actions: [notify("payment_failed")] };
      }
      // Stripe retries produce repeated failures; the grace clock keeps running from the first one.
      return ignore(state, `payment already failed; account is ${state.status}`);

    case "paid":
      return onPaid(state);

    case "grace_elapsed": {
      if (state.status !== "past_due") return ignore(state, `grace period only applies when past_due, account is ${state.status}`);
      const endsAt = graceEndsAt(state.since, policy);
      if (event.now.getTime() < endsAt.getTime()) {
        return ignore(state, `grace period runs until ${endsAt.toISOString()}`);
      }
      if (policy.autoSuspend) {
        return {
          state: { status: "suspended", since: state.since, suspendedAt: event.now },
          actions: [{ type: "suspend" }, notify("suspended")],
        };
      }
      return {
        state: { status: "suspension_pending_approval", since: state.since, requestedAt: event.now },
        actions: [{ type: "request_suspension_approval" }, notify("final_notice")],
      };
    }

    case "suspension_approved":
      if (state.status !== "suspension_pending_approval") return ignore(state, `no suspension awaiting approval; account is ${state.status}`);
      return {
        state: { status: "suspended", since: state.since, suspendedAt: event.at },
        actions: [{ type: "suspend" }, notify("suspended")],
      };

    case "suspension_rejected":
      if (state.status !== "suspension_pending_approval") return ignore(state, `no suspension awaiting approval; account is ${state.status}`);
      // Still in arrears, but staff said not now: a fresh grace period starts before asking again.
      return { state: { status: "past_due", since: event.at }, actions: [] };
  }
  // Exhaustiveness guard for callers bypassing the types.
  return ignore(state, `unknown event ${(event as { type: string }).type}`);
}

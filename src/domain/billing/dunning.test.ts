import { describe, expect, it } from "vitest";
import {
  type DunningAction,
  type DunningEvent,
  type DunningPolicy,
  type DunningState,
  graceEndsAt,
  INITIAL_DUNNING_STATE,
  nextDunningState,
} from "./dunning";

const t = (iso: string) => new Date(iso);
const FAILED_AT = t("2026-11-01T09:00:00Z");
// 14 days' grace from 1 Nov 09:00 ends 15 Nov 09:00.
const GRACE_END = t("2026-11-15T09:00:00Z");

const manual: DunningPolicy = { paymentGraceDays: 14, autoSuspend: false };
const auto: DunningPolicy = { paymentGraceDays: 14, autoSuspend: true };

const current: DunningState = INITIAL_DUNNING_STATE;
const pastDue: DunningState = { status: "past_due", since: FAILED_AT };
const pending: DunningState = { status: "suspension_pending_approval", since: FAILED_AT, requestedAt: GRACE_END };
const suspended: DunningState = { status: "suspended", since: FAILED_AT, suspendedAt: t("2026-11-16T12:00:00Z") };

const paidAt = t("2026-11-20T10:00:00Z");
const staffAt = t("2026-11-16T12:00:00Z");

describe("nextDunningState", () => {
  it.each<[string, DunningState, DunningEvent, DunningPolicy, DunningState, DunningAction[]]>([
    ["first failure starts the grace period", current, { type: "payment_failed", at: FAILED_AT }, manual, pastDue, [{ type: "notify_tenant", notice: "payment_failed" }]],
    ["grace not over one second before the end", pastDue, { type: "grace_elapsed", now: t("2026-11-15T08:59:59Z") }, manual, pastDue, []],
    [
      "grace over, manual plan: ask staff, warn tenant, do not suspend",
      pastDue,
      { type: "grace_elapsed", now: GRACE_END },
      manual,
      pending,
      [{ type: "request_suspension_approval" }, { type: "notify_tenant", notice: "final_notice" }],
    ],
    [
      "grace over, autoSuspend plan: suspend straight away",
      pastDue,
      { type: "grace_elapsed", now: GRACE_END },
      auto,
      { status: "suspended", since: FAILED_AT, suspendedAt: GRACE_END },
      [{ type: "suspend" }, { type: "notify_tenant", notice: "suspended" }],
    ],
    [
      "staff approve: suspend",
      pending,
      { type: "suspension_approved", at: staffAt },
      manual,
      { status: "suspended", since: FAILED_AT, suspendedAt: staffAt },
      [{ type: "suspend" }, { type: "notify_tenant", notice: "suspended" }],
    ],
    ["staff reject: still past due, a fresh grace period starts", pending, { type: "suspension_rejected", at: staffAt }, manual, { status: "past_due", since: staffAt }, []],
    ["payment while past due", pastDue, { type: "paid", at: paidAt }, manual, current, [{ type: "notify_tenant", notice: "payment_received" }]],
    [
      "payment while awaiting approval withdraws the request",
      pending,
      { type: "paid", at: paidAt },
      manual,
      current,
      [{ type: "cancel_suspension_request" }, { type: "notify_tenant", notice: "payment_received" }],
    ],
    ["payment while suspended reactivates", suspended, { type: "paid", at: paidAt }, manual, current, [{ type: "reactivate" }, { type: "notify_tenant", notice: "reactivated" }]],
    [
      "zero-day grace: eligible at the moment of failure",
      pastDue,
      { type: "grace_elapsed", now: FAILED_AT },
      { paymentGraceDays: 0, autoSuspend: false },
      { status: "suspension_pending_approval", since: FAILED_AT, requestedAt: FAILED_AT },
      [{ type: "request_suspension_approval" }, { type: "notify_tenant", notice: "final_notice" }],
    ],
    // Events that do not apply: state unchanged, no actions.
    ["retry failure keeps the original grace clock", pastDue, { type: "payment_failed", at: t("2026-11-04T09:00:00Z") }, manual, pastDue, []],
    ["failure while suspended", suspended, { type: "payment_failed", at: paidAt }, manual, suspended, []],
    ["payment when already current", current, { type: "paid", at: paidAt }, manual, current, []],
    ["approval with nothing pending does not suspend", pastDue, { type: "suspension_approved", at: staffAt }, manual, pastDue, []],
    ["approval for a current account does not suspend", current, { type: "suspension_approved", at: staffAt }, manual, current, []],
    ["rejection with nothing pending", suspended, { type: "suspension_rejected", at: staffAt }, manual, suspended, []],
    ["grace elapsed for a current account", current, { type: "grace_elapsed", now: GRACE_END }, auto, current, []],
    ["grace elapsed again while awaiting approval", pending, { type: "grace_elapsed", now: t("2026-12-01T00:00:00Z") }, manual, pending, []],
  ])("%s", (_name, state, event, policy, expectedState, expectedActions) => {
    const result = nextDunningState(state, event, policy);
    expect(result.state).toEqual(expectedState);
    expect(result.actions).toEqual(expectedActions);
    // Rows whose expected state is the very same object are the ignored ones.
    expect(result.ignoredReason !== undefined).toBe(expectedState === state);
  });

  it("explains why an event was ignored", () => {
    expect(nextDunningState(pastDue, { type: "grace_elapsed", now: t("2026-11-10T00:00:00Z") }, manual).ignoredReason).toBe(
      "grace period runs until 2026-11-15T09:00:00.000Z",
    );
    expect(graceEndsAt(FAILED_AT, manual)).toEqual(GRACE_END);
  });

  it("without autoSuspend, no sequence of events suspends a tenant unless staff approve", () => {
    const states = [current, pastDue, pending, suspended];
    const events: DunningEvent[] = [
      { type: "payment_failed", at: FAILED_AT },
      { type: "paid", at: paidAt },
      { type: "grace_elapsed", now: t("2030-01-01T00:00:00Z") },
      { type: "suspension_rejected", at: staffAt },
    ];
    // Walk every state through every event, three deep.
    let frontier = states;
    for (let depth = 0; depth < 3; depth++) {
      const next: DunningState[] = [];
      for (const state of frontier) {
        for (const event of events) {
          const result = nextDunningState(state, event, manual);
          expect(result.actions.some((a) => a.type === "suspend")).toBe(false);
          next.push(result.state);
        }
      }
      frontier = next;
    }
  });

  it("a full manual cycle: fail, grace, approve, suspend, pay, reactivate", () => {
    const steps: Array<[DunningEvent, DunningState["status"], DunningAction["type"][]]> = [
      [{ type: "payment_failed", at: FAILED_AT }, "past_due", ["notify_tenant"]],
      [{ type: "grace_elapsed", now: t("2026-11-10T00:00:00Z") }, "past_due", []],
      [{ type: "grace_elapsed", now: GRACE_END }, "suspension_pending_approval", ["request_suspension_approval", "notify_tenant"]],
      [{ type: "suspension_approved", at: staffAt }, "suspended", ["suspend", "notify_tenant"]],
      [{ type: "paid", at: paidAt }, "current", ["reactivate", "notify_tenant"]],
    ];
    let state: DunningState = INITIAL_DUNNING_STATE;
    for (const [event, status, actions] of steps) {
      const result = nextDunningState(state, event, manual);
      expect([result.state.status, result.actions.map((a) => a.type)]).toEqual([status, actions]);
      state = result.state;
    }
  });
});

import { and, eq, inArray, lt } from "drizzle-orm";
import { periodContaining, periodKey, previousPeriod, type BillingPeriod } from "@/domain/billing";
import { CodecRunner, sharedCodecRunner } from "@/domain/codecs";
import { normalizeChirpstackEvent, type NetworkEvent } from "@/domain/lorawan";
import type { Actor } from "@/server/audit/record-audit";
import { recordAudit } from "@/server/audit/record-audit";
import { closePeriod } from "@/server/billing/close-period";
import { applyDunningEvent } from "@/server/billing/dunning";
import { markInvoicePaid } from "@/server/billing/invoices";
import { withPlatform, type Database } from "@/server/db";
import { auditLog, invoices, tenants, users } from "@/server/db/schema";
import { decodeWith } from "@/server/ingestion/decode-uplinks";
import { storeEvents, type IngestItem } from "@/server/ingestion/store-events";
import { ensureEventPartitions } from "@/server/jobs/event-partitions";
import type { Mailer } from "@/server/mail/mailer";
import { DEMO_STAFF, DEMO_TENANTS } from "./demo-accounts";
import { DEMO_CONNECTION, DEMO_REPORTS_PER_HOUR } from "./demo-network";
import { seededRandom } from "./seeded-random";
import { TrafficSimulator, type SimulatedEvent } from "./traffic-simulator";

const DAY_MS = 86_400_000;
/** The demo bin whose sensor broke this long before the history ends ("not reporting" on the waste dashboard). */
const FAULTY_FOR_MS = 20 * 3_600_000;
const BATCH_SIZE = 1000;
const HISTORY_SEEDED = "demo.history_seeded";
const PAID_AFTER_MS = 9 * DAY_MS;
const LATE_BACKLOG_EVENTS = 60;
const LATE_BACKLOG_HOURS = 4;
/** The demo tenant whose oldest invoice is left unpaid, so the arrears list and dunning have a case. */
export const DEMO_PAST_DUE_TENANT = "northgate-parking";

export interface DemoHistoryOptions {
  /** The end of the history (the moment of seeding). */
  now?: Date;
  days?: number;
  log?: (line: string) => void;
  /** For the payment-failed notice to the past-due tenant; the app's mailer by default. */
  mailer?: Mailer;
}

/** How many events `spanMs` of the demo's traffic is (the late backlogs come on top). */
export function demoHistoryEvents(spanMs: number) {
  return Math.round((spanMs / 3_600_000) * DEMO_REPORTS_PER_HOUR);
}

/** The month the history starts in: demo plans are priced from it, so every month of the history can be invoiced. */
export function demoHistoryStart(now = new Date(), days = 60): BillingPeriod {
  return periodContaining(new Date(now.getTime() - days * DAY_MS));
}

/**
 * Gives a new demo its past: `days` of the demo sensors' traffic, made by the same simulator that
 * posts live traffic and stored through ingestion's own storage path (normalised, decoded by the
 * tenants' codecs, metered into the hourly rollups in the same transaction) — never written into
 * rollups directly; then every finished month invoiced by the real period close, older invoices paid
 * (by billing staff, as in local invoicing), and one tenant's overdue invoice fed to dunning, so it
 * is past due. A gateway's backlog of one month's last evening arrives after that month was invoiced,
 * so the next invoice carries a late-usage line and reconciliation shows the month settled. Runs once per database: a second start finds its audit record and adds nothing (and
 * the events' ids are deterministic, so even an interrupted run resumed adds no event twice).
 */
export async function seedDemoHistory(db: Database, options: DemoHistoryOptions = {}) {
  const now = options.now ?? new Date();
  const days = options.days ?? 60;
  const log = options.log ?? (() => {});
  if (await historyInPlace(db)) {
    log("Demo history: already in place.");
    return { seeded: false as const };
  }
  const from = new Date(now.getTime() - days * DAY_MS);
  const started = Date.now();
  const tenantIds = await demoTenantIds(db);
  const staff = await billingStaff(db);
  const traffic = new HistoryTraffic(db, from, new Date(now.getTime() - FAULTY_FOR_MS));
  let months: BillingPeriod[];
  try {
    // The history's months get their partitions first, so its events are stored where they stay.
    await ensureEventPartitions(db, from, now);
    await storeHistoryTraffic(traffic, from, now, log);
    months = await invoicePastMonths(db, traffic, [...tenantIds.values()], staff, from, now, log);
  } finally {
    await traffic.close();
  }
  const paid = await recordPayments(db, tenantIds, staff, now);
  const mailer = options.mailer ?? (await import("@/server/mail/mailer")).createMailer();
  const pastDue = await chaseOverdue(db, tenantIds, now, mailer);
  const summary = { days, from: from.toISOString(), to: now.toISOString(), ...traffic.tally, months: months.map(periodKey), paidInvoices: paid, pastDue };
  await withPlatform(db, (tx) => recordAudit(tx, null, { tenantId: null, action: HISTORY_SEEDED, targetType: "demo", details: summary }));
  log(`Demo history: done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return { seeded: true as const, ...summary };
}

async function historyInPlace(db: Database) {
  const [row] = await withPlatform(db, (tx) => tx.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, HISTORY_SEEDED)).limit(1));
  return Boolean(row);
}

/**
 * The one place a simulated event becomes what ingestion stores. The simulator stamps each event with
 * the simulated time, and the clock-skew policy judges it against the simulated moment it arrived, so
 * history is not restamped as "now".
 */
function normalise(event: SimulatedEvent, receivedAt: Date): NetworkEvent {
  return normalizeChirpstackEvent(event.type, event.body, receivedAt);
}

/** A UUID from the seeded sequence, so the same history gets the same deduplication ids. */
function seededUuid(random: () => number) {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = "4";
  hex[16] = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** The demo's simulated traffic at chosen simulated times, stored through ingestion's path in batches. */
class HistoryTraffic {
  readonly tally = { events: 0, stored: 0, unclaimed: 0 };
  private clock: number;
  private readonly simulator: TrafficSimulator;
  // Decoding in the codec sandbox costs more than storing; two sandboxes share it over both cores.
  private readonly runners = [sharedCodecRunner(), new CodecRunner()];
  private readonly decode: ReturnType<typeof decodeWith>;
  private batch: IngestItem[] = [];

  constructor(private readonly db: Database, from: Date, faultyFrom: Date) {
    const seed = Math.floor(from.getTime() / DAY_MS);
    const ids = seededRandom(seed ^ 0x1d5);
    this.clock = from.getTime();
    this.simulator = new TrafficSimulator({ random: seededRandom(seed), now: () => new Date(this.clock), newId: () => seededUuid(ids), faultyFrom });
    let turn = 0;
    this.decode = decodeWith({ decodeUplink: (source, input) => this.runners[turn++ % this.runners.length]!.decodeUplink(source, input) });
  }

  /** The next simulated event, happening at `at` and reaching the network at `receivedAt`. */
  async add(at: number, receivedAt = at) {
    this.clock = at;
    this.batch.push({ connectionId: DEMO_CONNECTION.id, event: normalise(this.simulator.next(), new Date(receivedAt)) });
    this.tally.events++;
    if (this.batch.length === BATCH_SIZE) await this.flush();
  }

  async flush() {
    if (!this.batch.length) return;
    for (const outcome of await storeEvents(this.db, this.batch, { decode: this.decode })) {
      if (outcome.status === "stored") this.tally.stored++;
      else if (outcome.status === "unclaimed") this.tally.unclaimed++;
    }
    this.batch = [];
  }

  close() {
    return this.runners[1]!.close();
  }
}

/** Each sensor's reports from `from` to `now` (about hourly, bins every few hours), evenly spread with a little jitter. */
async function storeHistoryTraffic(traffic: HistoryTraffic, from: Date, now: Date, log: (line: string) => void) {
  const span = now.getTime() - from.getTime();
  const total = demoHistoryEvents(span);
  const step = span / total;
  const jitter = seededRandom(Math.floor(from.getTime() / DAY_MS) ^ 0x5eed);
  let nextReport = 0.1;
  log(`Demo history: ${total.toLocaleString("en-GB")} events of ${Math.round(span / DAY_MS)} days' traffic through the ingestion path…`);
  for (let i = 0; i < total; i++) {
    const at = Math.min(now.getTime() - 1000, from.getTime() + (i + jitter()) * step);
    await traffic.add(at);
    if ((i + 1) / total >= nextReport) {
      log(`  ${Math.round(((i + 1) / total) * 100)} % (up to ${new Date(at).toISOString().slice(0, 10)})`);
      nextReport += 0.1;
    }
  }
  await traffic.flush();
}

/**
 * A gateway that was offline for the last evening of a month delivers its backlog after that month
 * was invoiced: stored, counted in that month's rollups, and billed as late usage on the next invoice.
 */
async function lateBacklog(traffic: HistoryTraffic, period: BillingPeriod, invoicedAt: Date, log: (line: string) => void) {
  const first = period.end.getTime() - LATE_BACKLOG_HOURS * 3_600_000;
  const step = (LATE_BACKLOG_HOURS * 3_600_000) / LATE_BACKLOG_EVENTS;
  // It arrives an hour after the invoice: late, but well inside the clock policy's window, so each event keeps its own time.
  const arrival = invoicedAt.getTime() + 3_600_000;
  for (let i = 0; i < LATE_BACKLOG_EVENTS; i++) await traffic.add(first + i * step, arrival);
  await traffic.flush();
  log(`  a backlog of ${LATE_BACKLOG_EVENTS} events from the evening of ${periodKey(period)}'s last day arrives after its invoice (late usage)`);
}

async function demoTenantIds(db: Database) {
  const rows = await withPlatform(db, (tx) => tx.select({ id: tenants.id, slug: tenants.slug }).from(tenants).where(inArray(tenants.slug, DEMO_TENANTS.map((t) => t.slug))));
  return new Map(rows.map((r) => [r.slug, r.id]));
}

async function billingStaff(db: Database): Promise<Actor | null> {
  const email = DEMO_STAFF.find((s) => s.platformRole === "billing")!.email;
  const [row] = await withPlatform(db, (tx) => tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, email)));
  return row ? { userId: row.id, email: row.email } : null;
}

/**
 * Closes every month of the history that has ended, as billing staff would on the 1st of the next;
 * each month but the last then gets a late backlog, which the next month's invoice carries.
 */
async function invoicePastMonths(db: Database, traffic: HistoryTraffic, tenantIds: string[], staff: Actor | null, from: Date, now: Date, log: (line: string) => void) {
  const months: BillingPeriod[] = [];
  for (let period = previousPeriod(periodContaining(now)); period.start >= periodContaining(from).start; period = previousPeriod(period)) months.unshift(period);
  for (const [i, period] of months.entries()) {
    const issuedAt = new Date(Math.min(now.getTime(), period.end.getTime() + 6 * 3_600_000));
    const summary = await closePeriod(db, period, staff, issuedAt, tenantIds);
    log(`  ${periodKey(period)} closed: ${summary.issued} invoices issued${summary.failed.length ? `, ${summary.failed.length} failed (${summary.failed.map((f) => f.error).join("; ")})` : ""}`);
    if (i < months.length - 1) await lateBacklog(traffic, period, issuedAt, log);
  }
  return months;
}

/** Other tenants pay each invoice nine days after it was issued (before it is due); newer ones are still open. */
async function recordPayments(db: Database, tenantIds: Map<string, string>, staff: Actor | null, now: Date) {
  if (!staff) return 0;
  const payers = [...tenantIds.entries()].filter(([slug]) => slug !== DEMO_PAST_DUE_TENANT).map(([, id]) => id);
  const due = await withPlatform(db, (tx) =>
    tx.select().from(invoices).where(and(inArray(invoices.tenantId, payers), eq(invoices.status, "open"), lt(invoices.issuedAt, new Date(now.getTime() - PAID_AFTER_MS)))),
  );
  for (const invoice of due) {
    await withPlatform(db, (tx) => markInvoicePaid(tx, staff, invoice.tenantId, invoice.id, new Date(invoice.issuedAt.getTime() + PAID_AFTER_MS)));
  }
  return due.length;
}

/** Demo tenants with an invoice past its due date go through dunning as the billing jobs would take them. */
async function chaseOverdue(db: Database, tenantIds: Map<string, string>, now: Date, mailer: Mailer) {
  const overdue = await withPlatform(db, (tx) =>
    tx.select({ tenantId: invoices.tenantId }).from(invoices).where(and(inArray(invoices.tenantId, [...tenantIds.values()]), eq(invoices.status, "open"), lt(invoices.dueAt, now))),
  );
  const chased = [...new Set(overdue.map((o) => o.tenantId))];
  for (const tenantId of chased) await withPlatform(db, (tx) => applyDunningEvent(tx, tenantId, { type: "payment_failed", at: now }, null, mailer));
  return chased.length;
}

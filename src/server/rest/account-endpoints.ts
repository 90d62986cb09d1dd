import { z } from "zod";
import { parseInstant, USAGE_GRANULARITIES, USAGE_RANGE_MAX_DAYS, usageRange } from "@/domain/billing";
import { DEVICE_CLASSES } from "@/domain/devices";
import { listInvoices } from "@/server/billing/invoices";
import { DELETED_DEVICE, tenantUsageReport } from "@/server/billing/tenant-usage";
import { invoiceStatus } from "@/server/db/schema";
import { listDeviceProfiles } from "@/server/devices/device-profiles";
import { defineOperation } from "./api-operation";
import { wholeNumber } from "./query-parameters";

/** What else a tenant's systems need around their devices: the profiles to register them with, usage and invoices. */

const at = (description: string) => z.date().meta({ description });
const pence = (description: string) => z.number().int().meta({ description: `${description}, in pence (GBP).` });

export const listDeviceProfilesOperation = defineOperation({
  operationId: "listDeviceProfiles",
  method: "get",
  path: "/device-profiles",
  tag: "Device profiles",
  summary: "List device profiles",
  description: "Your organisation's device profiles by name: the `profileId` to register a device with. They are managed in the portal.",
  access: "read",
  success: {
    status: 200,
    description: "All profiles.",
    schema: z.object({
      deviceProfiles: z.array(
        z
          .object({
            id: z.uuid(), name: z.string(), region: z.string(), macVersion: z.string(), deviceClass: z.enum(DEVICE_CLASSES),
            hasCodec: z.boolean().meta({ description: "Whether uplinks are decoded by the profile's payload codec." }),
            devices: z.number().int().meta({ description: "How many of your devices use it." }),
          })
          .meta({ id: "DeviceProfile" }),
      ),
    }),
  },
  errors: {},
  async handle({ tx, key }) {
    const profiles = await listDeviceProfiles(tx, key.tenantId);
    return {
      status: 200,
      body: { deviceProfiles: profiles.map((p) => ({ id: p.id, name: p.name, region: p.region, macVersion: p.macVersion, deviceClass: p.deviceClass, hasCodec: p.codecSource !== null, devices: p.devices })) },
    };
  },
});

const instant = (description: string) =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text === "") return undefined;
      const date = parseInstant(text);
      if (date) return date;
      ctx.addIssue({ code: "custom", message: `give a UTC date such as 2026-11-01 or a time with its offset such as 2026-11-01T09:00:00Z, not ${JSON.stringify(text)}.` });
      return z.NEVER;
    })
    .meta({ description, example: "2026-11-01" });

const counts = { uplinks: z.number().int(), credits: z.number().int().meta({ description: "Billing credits (what plans charge by)." }) };

export const getUsageOperation = defineOperation({
  operationId: "getUsage",
  method: "get",
  path: "/usage",
  tag: "Usage",
  summary: "Get usage",
  description:
    `Uplinks and billing credits per UTC hour or day, for your organisation and per device, from the same hourly rollups and queries as the portal's billing page. The span is from \`from\` up to (not including) \`to\`, both on the buckets' boundaries; at most ${USAGE_RANGE_MAX_DAYS.hour} days by the hour or ${USAGE_RANGE_MAX_DAYS.day} days by the day. Buckets without usage are left out. Usage that arrives late is counted in the hour it happened, so a past span can still grow.`,
  access: "read",
  query: z.object({
    from: instant("Start of the span (included): a UTC date or an ISO 8601 time with its offset. Default: the first day of the current month."),
    to: instant("End of the span (not included). Default: the end of the current hour or day."),
    granularity: z.enum(USAGE_GRANULARITIES, { error: "give hour or day." }).optional().default("day").meta({ description: "hour or day (UTC days)." }),
  }),
  success: {
    status: 200,
    description: "Usage in the span.",
    schema: z
      .object({
        from: at("Start of the span."),
        to: at("End of the span (not included)."),
        granularity: z.enum(USAGE_GRANULARITIES),
        total: z.object(counts),
        totals: z.array(z.object({ start: at("The bucket's start."), ...counts, devices: z.number().int().meta({ description: "Devices that sent at least one uplink in the bucket." }) })),
        devices: z.array(
          z.object({
            id: z.uuid(),
            devEui: z.string().nullable().meta({ description: "Null for a device deleted since." }),
            name: z.string().meta({ description: `The device's name; '${DELETED_DEVICE}' for a device deleted since.` }),
            ...counts,
            usage: z.array(z.object({ start: at("The bucket's start."), ...counts })),
          }),
        ),
      })
      .meta({ id: "Usage" }),
  },
  errors: { 400: "A query parameter is not valid, not on the buckets' boundaries, or the span is too long." },
  async handle({ tx, key, query }) {
    const { from, to } = usageRange(query);
    const report = await tenantUsageReport(tx, key.tenantId, from, to, query.granularity);
    const total = report.totals.reduce((sum, t) => ({ uplinks: sum.uplinks + t.uplinks, credits: sum.credits + t.credits }), { uplinks: 0, credits: 0 });
    return { status: 200, body: { from, to, granularity: query.granularity, total, ...report } };
  },
});

export const listInvoicesOperation = defineOperation({
  operationId: "listInvoices",
  method: "get",
  path: "/invoices",
  tag: "Invoices",
  summary: "List invoices",
  description: "Your organisation's invoices (or, for a council department, its internal statements), newest period first, as on the portal's billing page.",
  access: "read",
  query: z.object({
    status: z.enum(invoiceStatus.enumValues, { error: `give one of ${invoiceStatus.enumValues.join(", ")}.` }).optional().meta({ description: "Only invoices with this status." }),
    page: wholeNumber({ min: 1, max: 10_000, fallback: 1 }),
    pageSize: wholeNumber({ min: 1, max: 100, fallback: 20 }),
  }),
  success: {
    status: 200,
    description: "A page of invoices.",
    schema: z.object({
      invoices: z.array(
        z
          .object({
            id: z.uuid(),
            number: z.string().meta({ example: "LR-2026-000012" }),
            periodStart: at("First moment of the month it bills."),
            periodEnd: at("End of that month (not included)."),
            status: z.enum(invoiceStatus.enumValues).meta({ description: "open: issued and awaiting payment; paid; void; uncollectible (written off); draft." }),
            internal: z.boolean().meta({ description: "A council department's cross-charging statement: nothing to pay; see notionalTotalPence." }),
            currency: z.literal("GBP"),
            subtotalPence: pence("Before VAT"),
            vatPence: pence("VAT"),
            totalPence: pence("To pay, VAT included"),
            notionalTotalPence: pence("What it would cost at the plan's prices (internal statements)"),
            issuedAt: at("When it was issued."),
            dueAt: at("When payment is due."),
            paidAt: at("When it was paid; null until then.").nullable(),
          })
          .meta({ id: "Invoice" }),
      ),
      page: z.number().int(),
      pageSize: z.number().int(),
      total: z.number().int(),
    }),
  },
  errors: { 400: "A query parameter is not valid or not known." },
  async handle({ tx, key, query: { status, page, pageSize } }) {
    const { rows, total } = await listInvoices(tx, { tenantId: key.tenantId, status, page, pageSize });
    const invoices = rows.map((i) => ({
      id: i.id, number: i.number, periodStart: i.periodStart, periodEnd: i.periodEnd, status: i.status, internal: i.internal, currency: "GBP" as const,
      subtotalPence: i.subtotalPence, vatPence: i.vatPence, totalPence: i.totalPence, notionalTotalPence: i.notionalTotalPence,
      issuedAt: i.issuedAt, dueAt: i.dueAt, paidAt: i.paidAt,
    }));
    return { status: 200, body: { invoices, page, pageSize, total } };
  },
});

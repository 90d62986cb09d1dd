import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";
import { loadOrCreateEmbeddedSecrets } from "./server/embedded-secrets";
import { maxLateHoursSchema } from "./server/ingestion/clock-policy-setting";

const embedded = !process.env.DATABASE_URL;
const dataDir = process.env.DATA_DIR || ".data";
const building = process.env.NEXT_PHASE === "phase-production-build";
const embeddedSecrets = embedded && !building ? loadOrCreateEmbeddedSecrets(dataDir) : null;

const flag = (name: string) =>
  z.enum(["true", "false"], { error: `${name} must be true or false` }).default("false").transform((value) => value === "true");

const secret = (name: string) =>
  z.string({ error: `${name} is required when DATABASE_URL is set (only the embedded mode makes its own)` }).min(32, `${name} must be at least 32 characters`);

/** Validated once at start-up; a missing or malformed variable stops the server with a message naming it. */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z.url("DATABASE_URL must be a postgres:// URL").optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    DATA_DIR: z.string().default(".data"),
    APP_URL: z.url("APP_URL must be the public origin, e.g. https://iot.example.gov.uk").default("http://localhost:3000"),
    AUTH_SECRET: secret("AUTH_SECRET"),
    DEVICE_KEY_ENCRYPTION_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, "DEVICE_KEY_ENCRYPTION_KEY must be 64 hex characters (a 256-bit AES key)"),
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    OIDC_NAME: z.string().default("Council single sign-on"),
    SMTP_URL: z.url("SMTP_URL must look like smtp://user:pass@host:587").optional(),
    MAIL_FROM: z.string().default("Longreach <no-reply@localhost>"),
    STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\S+$/, "STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_… or sk_live_…)").optional(),
    STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\S+$/, "STRIPE_WEBHOOK_SECRET must be the endpoint's signing secret (whsec_…)").optional(),
    STRIPE_API_BASE: z.url("STRIPE_API_BASE must be a URL such as http://127.0.0.1:12111").optional(),
    BILLING_JOBS: z.enum(["on", "off"]).default("on"),
    COUNCIL_NAME: z.string().default("The Council"),
    COUNCIL_BILLING_CONTACT: z.string().default("billing@council.example"),
    COUNCIL_VAT_NUMBER: z.string().regex(/^GB\d{9}(\d{3})?$/, "COUNCIL_VAT_NUMBER looks like GB123456789").optional(),
    BILLING_JOBS_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    FORWARDING: z.enum(["on", "off"], { error: "FORWARDING must be on or off" }).default("on"),
    ALERTS: z.enum(["on", "off"], { error: "ALERTS must be on or off" }).default("on"),
    ALERTS_INTERVAL_SECONDS: z.coerce.number().int().min(10, "ALERTS_INTERVAL_SECONDS must be at least 10").max(3600, "ALERTS_INTERVAL_SECONDS must be at most 3600 (an hour)").default(60),
    FORWARDING_INTERVAL_MS: z.coerce.number().int().min(100, "FORWARDING_INTERVAL_MS must be at least 100").max(600_000, "FORWARDING_INTERVAL_MS must be at most 600000 (10 minutes)").default(2000),
    FORWARDING_ALLOW_PRIVATE_NETWORKS: flag("FORWARDING_ALLOW_PRIVATE_NETWORKS"),
    FORWARDING_ALLOW_HTTP: flag("FORWARDING_ALLOW_HTTP"),
    CLOCK_SKEW_MAX_LATE_HOURS: maxLateHoursSchema,
    PROVISIONING: z.enum(["on", "off"], { error: "PROVISIONING must be on or off" }).default("on"),
    PROVISIONING_INTERVAL_MS: z.coerce.number().int().min(100, "PROVISIONING_INTERVAL_MS must be at least 100").max(600_000, "PROVISIONING_INTERVAL_MS must be at most 600000 (10 minutes)").default(1000),
    FORWARDING_LEASE_SECONDS: z.coerce.number().int().min(2, "FORWARDING_LEASE_SECONDS must be at least 2").max(3_600).default(120),
    BILLING_JOBS_LEASE_SECONDS: z.coerce.number().int().min(2, "BILLING_JOBS_LEASE_SECONDS must be at least 2").max(3_600).default(60),
    RETENTION_DAYS: z.coerce.number().int().min(1, "RETENTION_DAYS must be at least 1").max(36_500).default(90),
    // Unset: device events are kept. At least 3, so Reconciliation can still recount the months billing staff are settling.
    EVENT_RETENTION_MONTHS: z.coerce.number().int().min(3, "EVENT_RETENTION_MONTHS must be at least 3 (Reconciliation recounts recent months from the raw events)").max(1_200).optional(),
    MAP_STYLE_URL: z
      .url("MAP_STYLE_URL must be a tile URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png")
      .refine((url) => ["{z}", "{x}", "{y}"].every((part) => url.includes(part)), "MAP_STYLE_URL must contain {z}, {x} and {y}, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png")
      .optional(),
    MAP_ATTRIBUTION: z.string().max(300, "MAP_ATTRIBUTION is at most 300 characters").optional(),
    SIMULATOR: z.enum(["on", "off"], { error: "SIMULATOR must be on or off" }).default("off"),
    SIMULATOR_INTERVAL_MS: z.coerce.number().min(1, "SIMULATOR_INTERVAL_MS must be at least 1 (milliseconds)").default(1500),
  },
  client: {},
  runtimeEnv: {
    NODE_ENV: process.env.NODE_ENV,
    DATABASE_URL: process.env.DATABASE_URL,
    DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX,
    APP_URL: process.env.APP_URL,
    OIDC_ISSUER: process.env.OIDC_ISSUER,
    OIDC_CLIENT_ID: process.env.OIDC_CLIENT_ID,
    OIDC_CLIENT_SECRET: process.env.OIDC_CLIENT_SECRET,
    OIDC_NAME: process.env.OIDC_NAME,
    SMTP_URL: process.env.SMTP_URL,
    MAIL_FROM: process.env.MAIL_FROM,
    STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: process.env.STRIPE_WEBHOOK_SECRET,
    STRIPE_API_BASE: process.env.STRIPE_API_BASE,
    BILLING_JOBS: process.env.BILLING_JOBS,
    COUNCIL_NAME: process.env.COUNCIL_NAME,
    COUNCIL_BILLING_CONTACT: process.env.COUNCIL_BILLING_CONTACT,
    COUNCIL_VAT_NUMBER: process.env.COUNCIL_VAT_NUMBER,
    BILLING_JOBS_INTERVAL_SECONDS: process.env.BILLING_JOBS_INTERVAL_SECONDS,
    FORWARDING: process.env.FORWARDING,
    ALERTS: process.env.ALERTS,
    ALERTS_INTERVAL_SECONDS: process.env.ALERTS_INTERVAL_SECONDS,
    FORWARDING_INTERVAL_MS: process.env.FORWARDING_INTERVAL_MS,
    FORWARDING_ALLOW_PRIVATE_NETWORKS: process.env.FORWARDING_ALLOW_PRIVATE_NETWORKS,
    FORWARDING_ALLOW_HTTP: process.env.FORWARDING_ALLOW_HTTP,
    CLOCK_SKEW_MAX_LATE_HOURS: process.env.CLOCK_SKEW_MAX_LATE_HOURS,
    PROVISIONING: process.env.PROVISIONING,
    PROVISIONING_INTERVAL_MS: process.env.PROVISIONING_INTERVAL_MS,
    FORWARDING_LEASE_SECONDS: process.env.FORWARDING_LEASE_SECONDS,
    BILLING_JOBS_LEASE_SECONDS: process.env.BILLING_JOBS_LEASE_SECONDS,
    RETENTION_DAYS: process.env.RETENTION_DAYS,
    EVENT_RETENTION_MONTHS: process.env.EVENT_RETENTION_MONTHS,
    MAP_STYLE_URL: process.env.MAP_STYLE_URL,
    MAP_ATTRIBUTION: process.env.MAP_ATTRIBUTION,
    SIMULATOR: process.env.SIMULATOR,
    SIMULATOR_INTERVAL_MS: process.env.SIMULATOR_INTERVAL_MS,
    DATA_DIR: dataDir,
    AUTH_SECRET: process.env.AUTH_SECRET || embeddedSecrets?.authSecret,
    DEVICE_KEY_ENCRYPTION_KEY: process.env.DEVICE_KEY_ENCRYPTION_KEY || embeddedSecrets?.deviceKeyEncryptionKey,
  },
  emptyStringAsUndefined: true,
  skipValidation: building,
});

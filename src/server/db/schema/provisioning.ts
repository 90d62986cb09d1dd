import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, jsonb, pgEnum, pgPolicy, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";
import { activationMode, networkConnections } from "./network";
import { appOperator, appUser, currentTenantId } from "./roles";

/**
 * Provisioning: Longreach keeps the network server (ChirpStack, or the embedded simulation) in step with
 * its tenants, device profiles, devices and gateways. Changes are queued in provisioning_jobs in the same
 * transaction as the change itself (database triggers, see the provisioning_triggers migration), and
 * workers apply them.
 */

export const managementKind = pgEnum("network_management_kind", ["chirpstack", "simulated"]);

const operatorAccess = (table: string) =>
  pgPolicy(`${table}_operator_access`, { as: "permissive", for: "all", to: appOperator, using: sql`true`, withCheck: sql`true` });

/**
 * The management side of one network connection: how Longreach reaches the network server's API. At
 * most one connection is managed (the unique index on a constant), so every tenant has exactly one
 * place its devices are provisioned to. The ChirpStack API token is AES-256-GCM ciphertext bound to the
 * connection id; it never leaves the server.
 */
export const networkManagement = pgTable(
  "network_management",
  {
    connectionId: uuid("connection_id").primaryKey().references(() => networkConnections.id, { onDelete: "cascade" }),
    kind: managementKind("kind").notNull(),
    /** ChirpStack's gRPC API, e.g. https://chirpstack.council.gov.uk:443 or http://10.0.0.5:8080. */
    apiUrl: text("api_url"),
    apiTokenEnc: text("api_token_enc"),
    /** The network server's tenant that holds the council's own gateways; created on first use when empty. */
    councilRemoteTenantId: text("council_remote_tenant_id"),
    councilTenantCreated: boolean("council_tenant_created").notNull().default(false),
    lastCheckedAt: timestamptz("last_checked_at"),
    /** The network server's own words when the last check or job failed for a reason of the connection (token, address). */
    lastError: text("last_error"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  () => [uniqueIndex("network_management_single").using("btree", sql`(true)`), operatorAccess("network_management")],
).enableRLS();

/** Tenants may read what belongs to them (their sync state); only the operator role (workers, console) writes. */
const tenantReadable = (table: string) => [
  pgPolicy(`${table}_tenant_read`, { as: "permissive", for: "select", to: appUser, using: sql`tenant_id = ${currentTenantId}` }),
  operatorAccess(table),
];

/**
 * Where a tenant lives on a managed network server: its ChirpStack tenant and the application its devices
 * are in. `created_remote_tenant` is false when the operator adopted an existing application, so closing
 * the tenant removes its devices but leaves what was there before Longreach.
 */
export const provisioningOrganisations = pgTable(
  "provisioning_organisations",
  {
    tenantId: uuid("tenant_id").notNull(),
    connectionId: uuid("connection_id").notNull().references(() => networkConnections.id, { onDelete: "cascade" }),
    remoteTenantId: text("remote_tenant_id").notNull(),
    remoteApplicationId: text("remote_application_id").notNull(),
    createdRemoteTenant: boolean("created_remote_tenant").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.connectionId] }),
    uniqueIndex("provisioning_organisations_application").on(t.connectionId, t.remoteApplicationId),
    ...tenantReadable("provisioning_organisations"),
  ],
).enableRLS();

/**
 * The network server's device profile for one Longreach profile (or the tenant's default, profile_key
 * 'default', for devices without one) and activation: ChirpStack keeps OTAA support on the profile, so
 * an OTAA and an ABP device of the same Longreach profile use two. Kept after the local profile is
 * deleted until the job removing the remote one has run.
 */
export const provisioningProfiles = pgTable(
  "provisioning_profiles",
  {
    tenantId: uuid("tenant_id").notNull(),
    connectionId: uuid("connection_id").notNull().references(() => networkConnections.id, { onDelete: "cascade" }),
    profileKey: text("profile_key").notNull(),
    activation: activationMode("activation").notNull(),
    remoteProfileId: text("remote_profile_id").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.connectionId, t.profileKey, t.activation] }), ...tenantReadable("provisioning_profiles")],
).enableRLS();

export const provisioningSubject = pgEnum("provisioning_subject", ["tenant", "profile", "device", "gateway"]);
export const provisioningJobStatus = pgEnum("provisioning_job_status", ["pending", "done", "failed"]);

/**
 * The outbox. Each job says "make the network server match Longreach for this subject" (a tenant, a
 * profile, a device, a gateway): the worker reads the subject's current state when it applies the job,
 * so a later job supersedes an earlier one and a job for something since deleted removes it. Jobs of one
 * subject are applied one at a time, in order (a job waits while an older one of its subject is pending);
 * workers claim with SKIP LOCKED and push `next_attempt_at` ahead as a lease, as forwarding does.
 *
 * tenant_id is null for the council's own subjects (gateways), so the key is the id alone, as in
 * audit_log; tenants read and queue only their own jobs.
 */
export const provisioningJobs = pgTable(
  "provisioning_jobs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tenantId: uuid("tenant_id"),
    subject: provisioningSubject("subject").notNull(),
    subjectId: text("subject_id").notNull(),
    /** For device jobs, the DevEUI when queued: a deleted device's job still knows what to remove. */
    devEui: text("dev_eui"),
    /** Why it was queued (registered, updated, deleted, tenant_suspended, retry, drift_fix, ...), for people. */
    reason: text("reason").notNull(),
    status: provisioningJobStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamptz("next_attempt_at").notNull().defaultNow(),
    lastAttemptAt: timestamptz("last_attempt_at"),
    lastError: text("last_error"),
    /** What applying it did, e.g. "created", "disabled", "nothing to change". */
    outcome: text("outcome"),
    details: jsonb("details").$type<Record<string, unknown>>(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    finishedAt: timestamptz("finished_at"),
  },
  (t) => [
    index("provisioning_jobs_due").on(t.nextAttemptAt).where(sql`status = 'pending'`),
    // "Is an older job of this subject still pending?", asked for every candidate of a claim.
    index("provisioning_jobs_pending_subject").on(t.subject, t.subjectId, t.id).where(sql`status = 'pending'`),
    // A device's latest job is its sync state.
    index("provisioning_jobs_by_subject").on(t.tenantId, t.subject, t.subjectId, t.id),
    index("provisioning_jobs_failed").on(t.finishedAt).where(sql`status = 'failed'`),
    pgPolicy("provisioning_jobs_tenant_read", { as: "permissive", for: "select", to: appUser, using: sql`tenant_id = ${currentTenantId}` }),
    pgPolicy("provisioning_jobs_tenant_queue", { as: "permissive", for: "insert", to: appUser, withCheck: sql`tenant_id = ${currentTenantId}` }),
    operatorAccess("provisioning_jobs"),
  ],
).enableRLS();

/**
 * The simulated network server's state (the embedded default): what ChirpStack would hold, object by
 * object (tenant, application, device_profile, device, gateway), so the demo and a council trying
 * Longreach out see provisioning work without one. Device keys in `data` are encrypted like Longreach's.
 */
export const simulatedNetworkObjects = pgTable(
  "simulated_network_objects",
  {
    connectionId: uuid("connection_id").notNull().references(() => networkConnections.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    id: text("id").notNull(),
    parentId: text("parent_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.kind, t.id] }),
    index("simulated_network_objects_parent").on(t.connectionId, t.kind, t.parentId),
    operatorAccess("simulated_network_objects"),
  ],
).enableRLS();

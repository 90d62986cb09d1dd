import { z } from "zod";
import { PASSWORD_MIN_LENGTH } from "@/domain/identity/password";
import { TENANT_ROLES } from "@/domain/tenancy/roles";

/** Input pieces shared by routers, each with a message a person can act on. */
export const id = z.uuid("That id is not valid.");
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Email addresses are at most 254 characters.")
  .pipe(z.email("Enter a valid email address, like name@example.org."));
export const personName = z.string().trim().min(1, "Enter a name.").max(120, "Names are at most 120 characters.");
export const organisationName = z.string().trim().min(2, "Enter the organisation's name.").max(120, "Names are at most 120 characters.");
export const newPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Passwords need at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(200, "Passwords are at most 200 characters.");
export const tenantRole = z.enum(TENANT_ROLES, { error: `Role must be one of ${TENANT_ROLES.join(", ")}.` });
export const linkToken = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "That link is not valid; copy the whole link from the email.");
export const search = z.string().trim().max(100, "Searches are at most 100 characters.").optional();
export const page = z.object({ page: z.number().int().min(1).max(10_000).default(1), pageSize: z.number().int().min(5).max(100).default(20) });

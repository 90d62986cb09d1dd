import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../test/database";
import { callerFor, captureMail, createUser, TEST_PASSWORD, unique } from "../../../test/factories";
import type { Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { authenticate } from "./authenticate";
import { SIGN_IN_LIMITS } from "./sign-in-limits";

let handle: DatabaseHandle;
let db: Database;
beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
});
afterAll(() => handle.close());

describe("sign-in", () => {
  it("accepts the right password (any email case) and refuses a wrong one", async () => {
    const user = await createUser(db);
    expect(await authenticate(db, user.email.toUpperCase(), TEST_PASSWORD, unique("ip"))).toMatchObject({ ok: true, user: { id: user.id } });
    expect(await authenticate(db, user.email, "wrong-password", unique("ip"))).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticate(db, "nobody@example.org", TEST_PASSWORD, unique("ip"))).toEqual({ ok: false, reason: "invalid" });
  });

  it("locks an account after repeated failures, even with the right password, from any address", async () => {
    const user = await createUser(db);
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) await authenticate(db, user.email, "wrong-password", unique("ip"));
    expect(await authenticate(db, user.email, TEST_PASSWORD, unique("ip"))).toEqual({ ok: false, reason: "locked" });
  });

  it("locks an address that tries many accounts", async () => {
    const address = unique("ip");
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) await authenticate(db, `${unique("guess")}@example.org`, "x", address);
    const user = await createUser(db);
    expect(await authenticate(db, user.email, TEST_PASSWORD, address)).toEqual({ ok: false, reason: "locked" });
    expect(await authenticate(db, user.email, TEST_PASSWORD, unique("ip"))).toMatchObject({ ok: true });
  });
});

describe("password reset", () => {
  it("emails a single-use link that sets a new password", async () => {
    const user = await createUser(db);
    const mail = captureMail();
    const anonymous = callerFor(db, null, null, mail);
    await anonymous.passwordReset.request({ email: user.email });
    const token = mail.sent[0]!.text.match(/reset-password\/([A-Za-z0-9_-]+)/)![1]!;
    await anonymous.passwordReset.complete({ token, password: "my-brand-new-password" });
    expect(await authenticate(db, user.email, "my-brand-new-password", unique("ip"))).toMatchObject({ ok: true });
    expect(await authenticate(db, user.email, TEST_PASSWORD, unique("ip"))).toMatchObject({ ok: false });
    await expect(anonymous.passwordReset.complete({ token, password: "another-new-password" })).rejects.toThrow(/expired or was already used/);
  });

  it("answers the same for unknown addresses and sends nothing", async () => {
    const mail = captureMail();
    const result = await callerFor(db, null, null, mail).passwordReset.request({ email: "nobody-here@example.org" });
    expect(result.message).toContain("If that address has an account");
    expect(mail.sent).toEqual([]);
  });

  it("refuses an invalid email with a clear message", async () => {
    const error = await callerFor(db, null).passwordReset.request({ email: "nope" }).catch((e: TRPCError) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).message).toBe("email: Enter a valid email address, like name@example.org.");
  });
});

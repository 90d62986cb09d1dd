import { expect, test } from "@playwright/test";
import { DEMO_DEVICES } from "../src/server/demo/demo-network";
import { signIn, uniqueName } from "./helpers";

test("a tenant admin creates an API key; its machines read the tenant's devices and nothing else, until it is revoked", async ({ page, request }) => {
  const name = uniqueName("Stock system");
  const own = DEMO_DEVICES.find((d) => d.tenantSlug === "riverside-cafe")!;
  const other = DEMO_DEVICES.find((d) => d.tenantSlug === "northgate-parking")!;

  await signIn(page, "owner@riverside.example");
  await page.getByRole("link", { name: "Integrations", exact: true }).click();
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
  await page.getByLabel("Key name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("api-key").textContent())!.trim();
  expect(key).toMatch(/^lrk_/);
  await page.getByRole("button", { name: "I've saved the key" }).click();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("active");

  const asMachine = { headers: { authorization: `Bearer ${key}` } };
  const list = await request.get("/api/v1/devices", asMachine);
  expect(list.status(), await list.text()).toBe(200);
  expect(await list.text()).toContain(own.devEui);
  expect(await list.text()).not.toContain(other.devEui);
  expect((await request.get(`/api/v1/devices/${own.devEui}/events?limit=5`, asMachine)).status()).toBe(200);
  // Another tenant's device answers exactly as a device that does not exist.
  const foreign = await request.get(`/api/v1/devices/${other.devEui}`, asMachine);
  const missing = await request.get("/api/v1/devices/ffffffffffffff00", asMachine);
  expect(foreign.status()).toBe(404);
  expect(await foreign.json()).toEqual(await missing.json());

  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("revoked");
  expect((await request.get("/api/v1/devices", asMachine)).status()).toBe(401);
});

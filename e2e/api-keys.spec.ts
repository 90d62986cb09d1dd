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

  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("read");
  const asMachine = { headers: { authorization: `Bearer ${key}` } };
  // A key made without choosing a scope may only read.
  const write = await request.post("/api/v1/devices", { ...asMachine, data: { name: "Not allowed", devEui: "ffffffffffffff01", activation: "otaa", joinEui: "70b3d57ed0000a00", appKey: "00112233445566778899aabbccddeeff" } });
  expect(write.status()).toBe(403);
  expect((await write.json()).error).toContain("read-write key");
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

test("a tenant admin creates a read-write key with an expiry, reads the API documentation offline, and a device registered through the API appears in the portal", async ({ page, request, baseURL }) => {
  const name = uniqueName("Asset register");
  const deviceName = uniqueName("Freezer probe");
  const devEui = Array.from({ length: 16 }, () => "0123456789abcdef"[Math.floor(Math.random() * 16)]).join("");

  await signIn(page, "owner@riverside.example");
  await page.getByRole("link", { name: "Integrations", exact: true }).click();
  await page.getByLabel("Key name").fill(name);
  await page.getByLabel("Expires").selectOption({ label: "In 30 days" });
  await page.getByRole("radio", { name: /Read and write/ }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("api-key").textContent())!.trim();
  await page.getByRole("button", { name: "I've saved the key" }).click();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("read and write");
  await expect(row).toContainText("in 30 days");
  await expect(row).toContainText("active");

  // The documentation renders from this site alone: any request elsewhere (fonts, telemetry, a CDN) fails the test.
  const elsewhere: string[] = [];
  await page.route("**/*", (route) => {
    if (route.request().url().startsWith(baseURL!)) return route.continue();
    elsewhere.push(route.request().url());
    return route.abort();
  });
  await page.getByRole("link", { name: "Read the API documentation" }).click();
  await expect(page.getByRole("heading", { name: "API documentation" })).toBeVisible();
  await expect(page.getByTestId("api-base-url")).toHaveText(`${baseURL}/api/v1`);
  await expect(page.getByRole("heading", { name: "Longreach REST API" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Register a device").first()).toBeVisible();
  // Scalar's server box shows this site's API, so its examples and "try it" calls go here.
  await expect(page.getByText(`${baseURL}/api/v1`, { exact: true }).first()).toBeVisible();
  expect(elsewhere).toEqual([]);

  const asMachine = { authorization: `Bearer ${key}`, "idempotency-key": `e2e-${devEui}` };
  const device = { name: deviceName, devEui, activation: "otaa", joinEui: "70b3d57ed0000a00", appKey: "00112233445566778899aabbccddeeff", tags: ["freezer"] };
  const created = await request.post("/api/v1/devices", { headers: asMachine, data: device });
  expect(created.status(), await created.text()).toBe(201);
  const retried = await request.post("/api/v1/devices", { headers: asMachine, data: device });
  expect(retried.status()).toBe(201);
  expect(retried.headers()["idempotent-replayed"]).toBe("true");
  expect(await retried.json()).toEqual(await created.json());

  await page.getByRole("navigation", { name: "Riverside Café navigation" }).getByRole("link", { name: "Devices", exact: true }).click();
  await page.getByRole("searchbox").fill(deviceName);
  await expect(page.getByRole("link", { name: deviceName })).toBeVisible();
  await page.getByRole("link", { name: deviceName }).click();
  await expect(page.getByRole("heading", { name: deviceName })).toBeVisible();
  await expect(page.getByText("freezer", { exact: true })).toBeVisible();
});

import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO_CHIRPSTACK_SECRET } from "../src/server/demo/demo-network";
import { chirpstackUp } from "../test/network-server-samples";
import { signIn, signOut, uniqueName } from "./helpers";

const randomHex = (length: number) => Array.from({ length }, () => "0123456789abcdef"[Math.floor(Math.random() * 16)]).join("");

test("a tenant registers a sensor and sees its uplinks arrive live; another tenant cannot see it", async ({ page, request }) => {
  const devEui = randomHex(16);
  const name = uniqueName("Cellar temperature");

  await signIn(page, "owner@riverside.example");
  await page.getByRole("link", { name: "Devices", exact: true }).click();
  await page.getByRole("link", { name: "Register device" }).click();
  // Riverside's only profile is chosen for the new device, not "No profile".
  await expect(page.getByLabel("Device profile").locator("option:checked")).toHaveText(/^Temperature & humidity sensor \(EU868\)/);
  await page.getByLabel("Name", { exact: true }).fill(name);
  // A malformed DevEUI is refused beside the field.
  await page.getByLabel("DevEUI", { exact: true }).fill("12-34");
  await page.getByLabel("JoinEUI (AppEUI)").fill("70b3d57ed0000a00");
  await page.getByLabel("AppKey", { exact: true }).fill(randomHex(32));
  // Half a location is caught in the browser, beside the empty field; nothing is sent.
  await page.getByLabel("Latitude").fill("53.19105");
  await page.getByRole("button", { name: "Register device" }).click();
  await expect(page.getByText("Enter the longitude too, or clear the latitude.")).toBeVisible();
  // A decimal comma, as a European spreadsheet writes it, is read as a point.
  await page.getByLabel("Longitude").fill("-2,8913");
  await page.getByRole("button", { name: "Register device" }).click();
  await expect(page.getByText(/DevEUI must be 16 hexadecimal characters/)).toBeVisible();
  await expect(page.getByText("Enter the longitude too, or clear the latitude.")).toHaveCount(0);
  await page.getByLabel("DevEUI", { exact: true }).fill(devEui.toUpperCase());
  await page.getByRole("button", { name: "Register device" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText("Nothing heard yet")).toBeVisible();
  await expect(page.getByText("53.19105, -2.89130")).toBeVisible();
  const devicePath = new URL(page.url()).pathname;

  // The network server (here: the test, as ChirpStack would) delivers two uplinks; the page shows them without a reload.
  for (const fCnt of [41, 42]) {
    const response = await request.post("/api/ingest/chirpstack?event=up", {
      headers: { authorization: `Bearer ${DEMO_CHIRPSTACK_SECRET}` },
      data: chirpstackUp({ devEui, fCnt, deduplicationId: randomUUID(), data: Buffer.from([0x08, 0x98, 0x1f, 0x0e, 0x74]).toString("base64") }),
    });
    expect(response.status()).toBe(201);
  }
  const events = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "fCnt" }) });
  // Rows are found by their frame-counter cell exactly (the time column can contain the same digits).
  const rowWithFCnt = (fCnt: number) => events.getByRole("row").filter({ has: page.getByRole("cell", { name: String(fCnt), exact: true }) });
  await expect(rowWithFCnt(42)).toBeVisible({ timeout: 15_000 });
  await expect(rowWithFCnt(41)).toBeVisible();
  await signOut(page);

  // Another tenant's owner: the device is not in their list and its page does not open.
  await signIn(page, "owner@northgate.example");
  await page.goto("/t/northgate-parking/devices");
  await expect(page.getByRole("heading", { name: "Devices" })).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);
  const response = await page.goto(devicePath);
  expect(response?.status()).toBe(404);
  const deviceId = devicePath.split("/").pop()!;
  await page.goto(`/t/northgate-parking/devices/${deviceId}`);
  await expect(page.getByText(name)).toHaveCount(0);
  await expect(page.getByText(/not found|don't have access/i).first()).toBeVisible();
});

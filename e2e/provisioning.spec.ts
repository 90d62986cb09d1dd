import { expect, test } from "@playwright/test";
import { signIn, signOut, uniqueName } from "./helpers";

const randomHex = (length: number) => Array.from({ length }, () => "0123456789abcdef"[Math.floor(Math.random() * 16)]).join("");

// The demo's network server is the simulated one, managed by Longreach; the web server runs the provisioning worker.
test("a registered device is in sync on the network server, and disabled there while its tenant is suspended", async ({ page }) => {
  const devEui = randomHex(16);
  const name = uniqueName("Bin sensor");

  await signIn(page, "waste@council.example");
  await page.goto("/t/council-waste/devices/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("DevEUI", { exact: true }).fill(devEui);
  await page.getByLabel("JoinEUI (AppEUI)").fill("70b3d57ed0000a00");
  await page.getByLabel("AppKey", { exact: true }).fill(randomHex(32));
  await page.getByRole("button", { name: "Register device" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  const network = page.getByTestId("network-sync");
  await expect(network.getByText("in sync", { exact: true })).toBeVisible({ timeout: 20_000 });
  await page.goto("/t/council-waste/devices");
  // Never heard yet, so it sorts after the demo's 40-odd bins: find it the way a person would.
  await page.getByRole("searchbox", { name: "Search" }).fill(name);
  await expect(page.getByRole("row").filter({ hasText: name }).getByText("in sync", { exact: true })).toBeVisible();
  await signOut(page);

  await signIn(page, "operator@council.example");
  await page.getByRole("link", { name: "Council Waste Services" }).click();
  const onServer = page.getByTestId("network-device").filter({ hasText: devEui });
  await expect(onServer.getByText("enabled")).toBeVisible({ timeout: 15_000 });
  await page.getByRole("button", { name: "Suspend" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Suspend" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(onServer.getByText("disabled")).toBeVisible({ timeout: 20_000 });

  // Leave the demo tenant as it was.
  await page.getByRole("button", { name: "Activate" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Activate" }).click();
  await expect(onServer.getByText("enabled")).toBeVisible({ timeout: 20_000 });
});

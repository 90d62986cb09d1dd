import { expect, test, type Page } from "@playwright/test";
import { startFakeChirpstack, type FakeChirpstack } from "../src/testing/fake-chirpstack";
import { signIn, signOut, uniqueName } from "./helpers";

const randomHex = (length: number) => Array.from({ length }, () => "0123456789abcdef"[Math.floor(Math.random() * 16)]).join("");

/** The waste team registers an OTAA bin sensor in the portal and lands on its page. */
async function registerBin(page: Page, name: string, devEui: string) {
  await page.goto("/t/council-waste/devices/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("DevEUI", { exact: true }).fill(devEui);
  await page.getByLabel("JoinEUI (AppEUI)").fill("70b3d57ed0000a00");
  await page.getByLabel("AppKey", { exact: true }).fill(randomHex(32));
  await page.getByRole("button", { name: "Register device" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
}

// The demo's network server is the simulated one, managed by Longreach; the web server runs the provisioning worker.
test("a registered device is in sync on the network server, and disabled there while its tenant is suspended", async ({ page }) => {
  const devEui = randomHex(16);
  const name = uniqueName("Bin sensor");

  await signIn(page, "waste@council.example");
  await registerBin(page, name, devEui);
  const network = page.getByTestId("network-sync");
  await expect(network.getByText("in sync", { exact: true })).toBeVisible({ timeout: 20_000 });
  await page.goto("/t/council-waste/devices");
  // Never heard yet, so it sorts after the demo's 40-odd bins: find it the way a person would.
  await page.getByRole("searchbox", { name: "Search" }).fill(name);
  await expect(page.getByRole("row").filter({ hasText: name }).getByText("in sync", { exact: true })).toBeVisible();
  await signOut(page);

  await signIn(page, "operator@council.example");
  await page.getByRole("link", { name: "Council Waste Services" }).click();
  // The network server's list is paged, and the new device comes after the demo's bins: look it up.
  await page.getByRole("searchbox", { name: "Find a device on the network server" }).fill(devEui);
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

test.describe("a wrong ChirpStack API token", () => {
  // A ChirpStack stand-in served from this test process (the real gRPC API, from @chirpstack/chirpstack-api's definitions).
  let fake: FakeChirpstack;
  let managingChirpstack = false;
  const managementCard = (page: Page) => page.locator("section").filter({ has: page.getByRole("heading", { name: "Management: provisioning into the network server" }) });
  const manageSimulated = async (page: Page) => {
    await page.goto("/operator/connections");
    const card = managementCard(page);
    await card.getByRole("button", { name: "Change settings" }).click();
    await card.getByLabel("Network server").selectOption({ label: "Simulated network server (built in)" });
    await card.getByRole("button", { name: "Save" }).click();
    await expect(card.getByRole("button", { name: "Change settings" })).toBeVisible();
    await expect(card.getByText("Simulated network server (built in)", { exact: true })).toBeVisible();
    managingChirpstack = false;
  };

  test.beforeEach(async () => {
    fake = await startFakeChirpstack();
  });
  // Whatever happened, the specs after this one need the demo's simulated network server back.
  test.afterEach(async ({ page }) => {
    if (managingChirpstack) {
      await page.context().clearCookies();
      await signIn(page, "operator@council.example");
      await manageSimulated(page);
    }
    await fake.close();
  });

  test("is shown clearly to the operator and beside the tenant's device, which syncs once fixed and retried", async ({ page }) => {
    test.setTimeout(120_000);
    const devEui = randomHex(16);
    const name = uniqueName("Bin sensor");
    const tokenHint = "check the connection's API token: it must be a network-server admin API key";

    await signIn(page, "operator@council.example");
    // Nothing else may be on its way meanwhile: it would fail against the wrong token too.
    await page.goto("/operator/provisioning");
    await expect(page.getByText("nothing queued")).toBeVisible({ timeout: 30_000 });
    await page.goto("/operator/connections");
    const card = managementCard(page);
    await card.getByRole("button", { name: "Change settings" }).click();
    await card.getByLabel("Network server").selectOption({ label: "ChirpStack v4 (gRPC API)" });
    await card.getByLabel("ChirpStack API address").fill(fake.apiUrl);
    await card.getByLabel("API token").fill("a-mistyped-chirpstack-api-token");
    managingChirpstack = true;
    await card.getByRole("button", { name: "Save" }).click();
    await card.getByRole("button", { name: "Test connection" }).click();
    await expect(card.getByRole("alert").filter({ hasText: "The test failed" })).toContainText(`ChirpStack could not list tenants: UNAUTHENTICATED: InvalidSignature (${tokenHint})`);
    await expect(card.getByTestId("management-error")).toContainText("Longreach cannot work with this network server");
    expect(fake.calls.length).toBeGreaterThan(0);
    expect(fake.calls.every((call) => !call.authorized)).toBe(true);
    await signOut(page);

    await signIn(page, "waste@council.example");
    await registerBin(page, name, devEui);
    const network = page.getByTestId("network-sync");
    await expect(network.getByText("failed", { exact: true })).toBeVisible({ timeout: 20_000 });
    // Its job's own words (reading the device, or the profile it needs first): the server refused Longreach's token.
    await expect(network.getByRole("alert")).toHaveText(new RegExp(`^The network server said: .*ChirpStack could not .*: UNAUTHENTICATED: InvalidSignature \\(${tokenHint}\\)$`));
    const devicePage = page.url();
    await signOut(page);

    await signIn(page, "operator@council.example");
    await manageSimulated(page);
    await signOut(page);

    await signIn(page, "waste@council.example");
    await page.goto(devicePage);
    await network.getByRole("button", { name: "Try again" }).click();
    await expect(network.getByText("in sync", { exact: true })).toBeVisible({ timeout: 20_000 });
    await expect(network.getByRole("alert")).toHaveCount(0);
  });
});

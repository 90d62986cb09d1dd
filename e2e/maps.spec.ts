import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { encodeBinFillLevel } from "../src/domain/codecs/example-payloads";
import { DEMO_CHIRPSTACK_SECRET, DEMO_DEVICES } from "../src/server/demo/demo-network";
import { chirpstackUp } from "../test/network-server-samples";
import { signIn, uniqueName } from "./helpers";

/** A bin's sensor reports `fillPercent` now, through the ChirpStack integration as a real one would. */
async function binReports(request: APIRequestContext, name: string, fillPercent: number) {
  const bin = DEMO_DEVICES.find((d) => d.name === name)!;
  const response = await request.post("/api/ingest/chirpstack?event=up", {
    headers: { authorization: `Bearer ${DEMO_CHIRPSTACK_SECRET}` },
    data: chirpstackUp({ devEui: bin.devEui, fCnt: 60_000 + Math.floor(Math.random() * 5000), deduplicationId: randomUUID(), gateways: bin.heardBy.slice(0, 1), data: Buffer.from(encodeBinFillLevel({ fillPercent, batteryMillivolts: 3500, temperatureC: 10 })).toString("base64") }),
  });
  expect(response.status(), await response.text()).toBe(201);
}

test("the waste team sees bins over the threshold first, exports today's collection list and marks a bin collected", async ({ page, request }) => {
  await binReports(request, "Bin – Market Square (north)", 97);
  await signIn(page, "waste@council.example");
  await page.getByRole("link", { name: "Waste collection" }).click();
  await expect(page.getByRole("heading", { name: "Waste collection" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Map of bins by fill level" })).toBeVisible();

  // Most urgent first: every bin over the threshold comes before every bin that is not.
  const rows = page.getByTestId("bin-row");
  await expect(rows.first()).toContainText("Over threshold for");
  const statuses = await rows.locator("td:nth-child(4)").allInnerTexts();
  const firstNotOver = statuses.findIndex((s) => !s.startsWith("Over threshold"));
  expect(firstNotOver).toBeGreaterThan(0);
  expect(statuses.slice(firstNotOver).some((s) => s.startsWith("Over threshold"))).toBe(false);
  await expect(rows.filter({ hasText: "Market Square (north)" })).toContainText("97 %");
  // Each bin's fill over the last two days, drawn and in words.
  await expect(rows.filter({ hasText: "Market Square (north)" })).toContainText(/Fill over the last 48 hours: from \d+ % to \d+ %/);

  // Today's list, as a CSV file for the crew's route planner.
  const list = page.locator("section").filter({ has: page.getByRole("heading", { name: /^Today's collection list/ }) });
  await expect(list.getByTestId("collection-stop").filter({ hasText: "Market Square (north)" })).toContainText("over threshold");
  await expect(list.getByRole("button", { name: "Print" })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), list.getByRole("button", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^collection-list-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile((await download.path())!, "utf8")).trimEnd().split("\r\n");
  expect(csv[0]).toBe("stop,bin,dev_eui,latitude,longitude,fill_percent,reading_at,reason,over_threshold_since,predicted_full_at,battery_low,not_reporting_hours,tags");
  expect(csv[1]).toMatch(/^1,Bin – .*,over threshold,/);
  expect(csv.some((line) => line.includes("Bin – Market Square (north),a840410000c0b101,53.19148,-2.89172,97,"))).toBe(true);
  expect(csv.length - 1).toBe(await list.getByTestId("collection-stop").count());

  // The crew empties it: marked collected, it leaves today's list until its sensor reports again (and
  // goes to the end of the bins, so it is found by searching).
  await rows.filter({ hasText: "Market Square (north)" }).getByRole("button", { name: "Mark Bin – Market Square (north) collected" }).click();
  await page.getByRole("searchbox", { name: "Search" }).fill("Market Square (north)");
  await expect(rows).toHaveCount(1);
  await expect(rows.filter({ hasText: "Market Square (north)" })).toContainText("Collected, awaiting reading");
  await expect(list.getByTestId("collection-stop").filter({ hasText: "Market Square (north)" })).toHaveCount(0);

  // The bin's own page charts its readings.
  await rows.filter({ hasText: "Market Square (north)" }).getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Bin – Market Square (north)" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Latest values" }).getByRole("button", { name: /Fill\s*97\s*%/ })).toBeVisible();
  await expect(page.getByRole("figure", { name: "Fill over the last 24 hours" })).toBeVisible();
  await page.getByRole("button", { name: "30 days" }).click();
  await expect(page.getByRole("figure", { name: "Fill over the last 30 days" })).toBeVisible();
});

test("the waste team sets an alert on one bin, found by searching, and finds it chosen when changing the alert", async ({ page }) => {
  await signIn(page, "waste@council.example");
  await page.getByRole("link", { name: "Alerts", exact: true }).click();
  await page.getByRole("button", { name: "Add alert" }).click();
  const name = uniqueName("Castle Drive full");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("searchbox", { name: "Find a device" }).fill("Castle Drive");
  // Enter finds; it does not save the half-made alert.
  await page.getByRole("searchbox", { name: "Find a device" }).press("Enter");
  const devices = page.getByRole("combobox", { name: "Devices" });
  await expect(devices.locator("option")).toHaveText(["All devices", "Bin – Castle Drive"]);
  await devices.selectOption({ label: "Bin – Castle Drive" });
  await page.getByLabel("Value").fill("90");
  await page.getByRole("button", { name: "Add alert" }).click();
  const rule = page.getByRole("row").filter({ hasText: name });
  await expect(rule).toContainText("Bin – Castle Drive");

  // Changing it shows its own device, whatever the device list holds.
  await rule.getByRole("button", { name: `Change ${name}` }).click();
  await expect(devices.locator("option:checked")).toHaveText("Bin – Castle Drive");
  await page.getByRole("searchbox", { name: "Find a device" }).fill("Market Square");
  await expect(devices.locator("option")).toHaveText(["All devices", "Bin – Castle Drive", "Bin – Market Square (north)", "Bin – Market Square (south)"]);
  await expect(devices.locator("option:checked")).toHaveText("Bin – Castle Drive");
  await page.getByRole("button", { name: "Cancel" }).click();
  await rule.getByRole("button", { name: `Delete ${name}` }).click();
  await page.getByRole("button", { name: "Delete alert" }).click();
  await expect(rule).toHaveCount(0);
});

test("the operator opens the network map and clicks a gateway to see what it hears", async ({ page, request }) => {
  await binReports(request, "Bin – Bridge Street", 40);
  await signIn(page, "operator@council.example");
  await page.getByRole("navigation", { name: "Operator console navigation" }).getByRole("link", { name: "Map", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Network map" })).toBeVisible();
  const map = page.getByRole("region", { name: "Map of the council's gateways" });
  // Unclaimed traffic is drawn as rings around the gateways, a layer the operator can hide.
  const legend = page.getByRole("list", { name: "Legend" });
  await expect(legend).toContainText("Ring: unclaimed DevEUIs last heard there in 7 days");
  await expect(map.getByRole("button", { name: /, [\d,]+ unclaimed DevEUIs? around it$/ }).first()).toBeAttached();
  await page.getByRole("checkbox", { name: "Show unclaimed traffic" }).uncheck();
  await expect(legend).not.toContainText("unclaimed");
  await expect(map.getByRole("button", { name: /unclaimed DevEUI/ })).toHaveCount(0);
  // Markers are buttons: Tab to one and press Space, as a keyboard user would (other tests' gateways far
  // away can make the view so wide that the town's markers overlap, which a pointer could not pick apart).
  const townHall = map.getByRole("button", { name: /^Town Hall roof: online, [\d,]+ uplinks in 24 h$/ });
  await townHall.focus();
  const scrolled = await page.evaluate(() => window.scrollY);
  await townHall.press(" ");
  const panel = page.getByTestId("gateway-panel");
  await expect(page.getByRole("heading", { name: "Town Hall roof", level: 2 })).toBeVisible();
  // Space chose the marker, as on a button, without scrolling the page.
  expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
  await expect(panel).toContainText("Online");
  await expect(panel.getByRole("listitem").filter({ hasText: "Bin – Bridge Street" })).toContainText("Council Waste Services");
  await panel.getByRole("link", { name: "Gateway details" }).click();
  await expect(page.getByRole("heading", { name: "Town Hall roof" })).toBeVisible();
});

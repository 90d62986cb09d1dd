import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO_CHIRPSTACK_SECRET, DEMO_DEVICES } from "../src/server/demo/demo-network";
import { chirpstackUp } from "../test/network-server-samples";
import { signIn } from "./helpers";

/** The month before this one: the latest the demo has invoiced. */
function lastMonth(now = new Date()) {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const key = `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, "0")}`;
  const label = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(start);
  return { start, key, label };
}

test("on a fresh demo, billing staff see last month's income, arrears and a reconciled month without closing anything", async ({ page, request }) => {
  const month = lastMonth();
  await signIn(page, "billing@council.example");
  await expect(page.getByRole("heading", { name: "Billing dashboard" })).toBeVisible();

  // Last month was invoiced by the demo's history: its income is there, not £0.00.
  const invoiced = page.getByRole("link", { name: /Invoiced this month/ });
  await expect(invoiced).toContainText(`For usage in ${month.label}`);
  await expect(invoiced.locator("dd").first()).toHaveText(/^£(?!0\.00$)[\d,]+\.\d\d$/);
  await expect(page.getByRole("figure", { name: /Invoiced and paid by billing month/ })).toBeVisible();

  // Northgate has not paid its older invoice: it is in the aged debt, overdue.
  const debt = page.locator("#aged-debt");
  await expect(debt.getByRole("row").filter({ hasText: "Northgate Parking Ltd" }).first()).toContainText(/\d+ days?|due yesterday or today/);

  // Reconciliation opens on last month: every invoice matches, the council's own statement shown as notional.
  await page.getByRole("navigation", { name: "Billing navigation" }).getByRole("link", { name: "Reconciliation", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Reconciliation" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(`3 invoices checked for ${month.label}: 3 match.`);
  await expect(page.getByRole("row").filter({ hasText: "Council Waste Services" })).toContainText(/notional £[\d,]+\.\d\d.*notional £[\d,]+\.\d\d/);

  // A Riverside uplink of last month arrives now: stored, but last month is invoiced; reconciliation says it waits for the next invoice.
  const device = DEMO_DEVICES.find((d) => d.tenantSlug === "riverside-cafe")!;
  const time = new Date(month.start.getTime() + 20 * 86_400_000).toISOString();
  const response = await request.post("/api/ingest/chirpstack?event=up", {
    headers: { Authorization: `Bearer ${DEMO_CHIRPSTACK_SECRET}` },
    data: chirpstackUp({ devEui: device.devEui, fCnt: 40_000, time, deduplicationId: randomUUID(), gateways: device.heardBy.slice(0, 1) }),
  });
  expect(response.status(), await response.text()).toBe(201);
  await page.reload();
  const riverside = page.getByRole("row").filter({ hasText: "Riverside Café" });
  await expect(riverside).toContainText("Differs");
  await expect(riverside).toContainText("1 credit of late usage is not on an invoice yet; the next invoice carries it.");

  // The demo's history had a gateway's backlog arrive after the month before was invoiced: last month's
  // invoices carried it, so that month reads settled, naming them. (Near a month's end the 60 days of
  // history start in last month, and there is no month before it to show.)
  const before = lastMonth(month.start);
  if (Date.now() - 60 * 86_400_000 < month.start.getTime()) {
    await page.getByLabel("Month", { exact: true }).selectOption(before.key);
    await expect(page.getByRole("status")).toContainText(`checked for ${before.label}`);
    await expect(page.getByRole("status")).toContainText("settled by late-usage lines");
    await expect(page.locator('[data-testid^="late-usage-"]').first()).toContainText(/^Late usage settled on invoice LR-\d{4}-\d{6} \(\d+ credits?, £[\d,]+\.\d\d\)\.$/);
  } else test.info().annotations.push({ type: "note", description: "The demo's history starts last month; no settled month to show." });
});

test("the operator's tenant page shows the tenant's devices, traffic, plan, estimate and invoices", async ({ page }) => {
  await signIn(page, "operator@council.example");
  await page.getByRole("link", { name: "Northgate Parking Ltd" }).click();
  await expect(page.getByRole("heading", { name: "Northgate Parking Ltd" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Devices (6)" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Most recently heard devices" }).getByRole("row")).toHaveCount(7);
  await expect(page.getByRole("figure", { name: "Uplinks and credits per day" })).toBeVisible();
  const plan = page.locator("section").filter({ has: page.getByRole("heading", { name: "Plan and this month" }) });
  await expect(plan).toContainText("Business");
  await expect(plan).toContainText("Invoice, 14 days");
  await expect(plan.getByText("past due", { exact: true })).toBeVisible();
  await expect(page.getByTestId("tenant-estimate")).toContainText(/£[\d,]+\.\d\d/);
  await expect(page.getByRole("table", { name: "Latest invoices" }).getByRole("link", { name: /^LR-\d{4}-\d{6}$/ }).first()).toBeVisible();

  // An address cut back by hand (a tenant's minus its id, /t alone) leads somewhere, not to "not found".
  await page.goto("/operator/tenants");
  await expect(page).toHaveURL(/\/operator$/);
  await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
  await page.goto("/t");
  await expect(page).toHaveURL(/\/operator$/);
});

import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_CHIRPSTACK_SECRET, DEMO_DEVICES } from "../src/server/demo/demo-network";
import { chirpstackUp } from "../test/network-server-samples";
import { signIn, signOut, uniqueName } from "./helpers";

/**
 * A month the demo has not invoiced: the one before its 60 days of history (whose months are invoiced
 * when the demo is seeded). Billing periods are calendar months in UTC.
 */
function monthBeforeDemoHistory(now = new Date()) {
  const historyStart = new Date(now.getTime() - 60 * 86_400_000);
  const start = new Date(Date.UTC(historyStart.getUTCFullYear(), historyStart.getUTCMonth() - 1, 1));
  const key = `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, "0")}`;
  const label = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(start);
  return { start, key, label };
}

/** Whether Riverside Café already has an invoice for the period (a local run reusing its database). */
async function riversideInvoicedFor(page: Page, periodKey: string) {
  const input = encodeURIComponent(JSON.stringify({ json: { period: periodKey, page: 1, pageSize: 100 } }));
  const response = await page.request.get(`/api/trpc/invoices.list?input=${input}`);
  expect(response.ok()).toBe(true);
  const body = (await response.json()) as { result: { data: { json: { rows: Array<{ tenantName: string }> } } } };
  return body.result.data.json.rows.some((r) => r.tenantName === "Riverside Café");
}

test("billing staff invoice a month's metered traffic; the tenant sees the invoice and no other tenant can", async ({ page, request }) => {
  test.setTimeout(180_000);
  const period = monthBeforeDemoHistory();
  const planName = uniqueName("E2E Metered");
  const poNumber = `PO-${randomUUID().slice(0, 8).toUpperCase()}`;
  const device = DEMO_DEVICES.find((d) => d.tenantSlug === "riverside-cafe")!;
  const uplinks = 4;

  // Billing staff land on their console, which says how payments are collected.
  await signIn(page, "billing@council.example");
  await expect(page).toHaveURL(/\/billing$/);
  await expect(page.getByRole("heading", { name: "Billing dashboard" })).toBeVisible();
  await expect(page.getByRole("note", { name: "Billing mode" })).toContainText(/Stripe mode|Local invoicing mode/);

  // Riverside may already be invoiced for that month if this database was used by an earlier run: an
  // issued invoice is never reissued, so the fresh plan, PO and uplinks can only be checked on a fresh one.
  const alreadyInvoiced = await riversideInvoicedFor(page, period.key);
  if (alreadyInvoiced) test.info().annotations.push({ type: "note", description: `Riverside Café was already invoiced for ${period.key}; only the invoice's visibility is checked.` });

  // A plan whose prices start in that month, so it can be invoiced on it.
  await page.getByRole("navigation", { name: "Billing navigation" }).getByRole("link", { name: "Plans", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Plans" })).toBeVisible();
  await page.getByRole("button", { name: "New plan" }).click();
  await page.getByLabel("Plan name").fill(planName);
  await page.getByLabel("Prices start from").selectOption(period.key);
  // Amounts are typed in pounds; more than two decimals is refused beside the field.
  await page.getByLabel("Device fee per month (£)").fill("2.505");
  await page.getByLabel("Allowance per device (credits)").fill("1000");
  await page.getByLabel("Price per 1,000 credits above the allowance (£)").fill("0.40");
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect(page.getByText("Use at most 2 decimal places for the device fee")).toBeVisible();
  await page.getByLabel("Device fee per month (£)").fill("2.50");
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect(page.getByText(`Plan “${planName}” created`)).toBeVisible();
  const planCard = page.locator("section").filter({ has: page.getByRole("heading", { name: planName }) });
  await expect(planCard.getByRole("row").filter({ hasText: period.label })).toContainText("£2.50");

  // Riverside Café goes on it, paying by invoice against a purchase order.
  await page.getByRole("link", { name: "Accounts", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Accounts" })).toBeVisible();
  // Found as a council with hundreds of accounts would find it.
  await page.getByRole("searchbox", { name: "Search" }).fill("Riverside");
  await expect(page.getByRole("row")).toHaveCount(2);
  await page.getByRole("button", { name: /^(Assign|Change) plan for Riverside Café$/ }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Plan", { exact: true }).selectOption({ label: `${planName} (standard)` });
  await dialog.getByLabel("Payment method").selectOption("invoice");
  await dialog.getByLabel("PO number").fill(poNumber);
  await dialog.getByLabel("Payment terms (days)").fill("30");
  await dialog.getByRole("button", { name: /Assign plan|Save changes/ }).click();
  await expect(page.getByText(`Riverside Café is now on ${planName}`)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "Riverside Café" })).toContainText(poNumber);

  // One of Riverside's sensors reported during that month, through the ChirpStack integration.
  for (let i = 0; i < uplinks; i++) {
    const time = new Date(period.start.getTime() + (9 * 24 + 10 + i) * 3_600_000).toISOString();
    const response = await request.post("/api/ingest/chirpstack?event=up", {
      headers: { Authorization: `Bearer ${DEMO_CHIRPSTACK_SECRET}` },
      data: chirpstackUp({ devEui: device.devEui, fCnt: 9000 + i, time, deduplicationId: randomUUID(), gateways: device.heardBy.slice(0, 1) }),
    });
    expect(response.status(), await response.text()).toBe(201);
  }

  // Close that month on the dashboard (the demo's other tenants have no prices for it: they are listed as failed).
  await page.getByRole("link", { name: "Dashboard", exact: true }).click();
  await page.getByLabel("Month to close").selectOption(period.key);
  await page.getByRole("button", { name: `Close ${period.label}…` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Issue invoices" }).click();
  await expect(page.getByText(`${period.label} closed.`)).toBeVisible({ timeout: 60_000 });

  // Riverside Café's invoice for that month: its number, the PO and the device's uplinks.
  await page.getByRole("link", { name: "Invoices", exact: true }).click();
  // The dashboard also has "Month" selects: wait for the invoice list before choosing one.
  await expect(page.getByRole("heading", { name: "Invoices", exact: true })).toBeVisible();
  await page.getByLabel("Month", { exact: true }).selectOption(period.key);
  const row = page.getByRole("row").filter({ hasText: "Riverside Café" }).filter({ hasText: period.label });
  await expect(row).toHaveCount(1);
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Invoice", exact: true })).toBeVisible();
  const number = (await page.getByTestId("invoice-number").textContent())!.trim();
  expect(number).toMatch(/^LR-\d{4}-\d{6}$/);
  const total = (await page.getByTestId("invoice-total").textContent())!.trim();
  if (!alreadyInvoiced) {
    await expect(page.getByTestId("invoice-po")).toHaveText(poNumber);
    await expect(page.getByText(planName)).toBeVisible();
    const line = page.getByTestId(`device-line-${device.devEui}`);
    await expect(line).toContainText(device.name);
    await expect(line.getByRole("cell").nth(2)).toHaveText(String(uplinks));
    await expect(line.getByRole("cell").nth(4)).toHaveText("£2.50");
  }
  await expect(page.getByRole("button", { name: "Print / Save as PDF" })).toBeVisible();
  await signOut(page);

  // Riverside's owner finds the same invoice under Billing.
  await signIn(page, "owner@riverside.example");
  await page.getByRole("link", { name: "Billing", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Billing", exact: true })).toBeVisible();
  const tenantRow = page.getByRole("row").filter({ hasText: number });
  await expect(tenantRow).toContainText(total);
  await tenantRow.getByRole("link", { name: number }).click();
  await expect(page.getByTestId("invoice-number")).toHaveText(number);
  await expect(page.getByTestId("invoice-total")).toHaveText(total);
  await expect(page.getByRole("button", { name: "Mark paid" })).toHaveCount(0);
  const invoicePath = new URL(page.url()).pathname;
  const invoiceId = invoicePath.split("/").at(-1)!;
  await signOut(page);

  // Another tenant's owner gets a plain 404 for that invoice, and cannot reach it through their own tenant either.
  await signIn(page, "owner@northgate.example");
  const response = await page.goto(invoicePath);
  expect(response?.status()).toBe(404);
  await expect(page.getByText("We couldn't find that page")).toBeVisible();
  await expect(page.getByText(number)).toHaveCount(0);
  await page.goto(`/t/northgate-parking/billing/invoices/${invoiceId}`);
  await expect(page.getByText("Invoice not found")).toBeVisible();
  await expect(page.getByText(number)).toHaveCount(0);
});

test("tenant users cannot open the billing console", async ({ page }) => {
  await signIn(page, "owner@northgate.example");
  await page.goto("/billing/invoices");
  await expect(page).toHaveURL(/\/t\/northgate-parking$/);
});

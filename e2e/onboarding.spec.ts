import { expect, test } from "@playwright/test";
import { signIn, signOut, uniqueName } from "./helpers";

test("operator onboards a tenant whose invited admin joins; another tenant cannot see it", async ({ page }) => {
  const tenantName = uniqueName("Harbour Bakery");
  const adminEmail = `${uniqueName("admin").replace(/\s/g, "-").toLowerCase()}@harbour.example`;

  await signIn(page, "operator@council.example");
  await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();

  await page.getByRole("button", { name: "New tenant" }).click();
  await page.getByLabel("Organisation name").fill(tenantName);
  await page.getByLabel("Contact email").fill("hello@harbour.example");
  await page.getByLabel("Billing email").fill("accounts@harbour.example");
  await page.getByRole("button", { name: "Create tenant" }).click();
  await expect(page.getByRole("heading", { name: tenantName })).toBeVisible();

  // A bad address is refused beside the field, with nothing sent.
  await page.getByLabel("Email address").fill("not-an-email");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();

  await page.getByLabel("Email address").fill(adminEmail);
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = (await page.getByTestId("invitation-link").textContent())!.trim();
  expect(link).toContain("/invite/");

  await page.getByRole("button", { name: "Activate" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Activate" }).click();
  await expect(page.getByText("active", { exact: true }).first()).toBeVisible();
  await signOut(page);

  // The invitee opens the link, sets a password and lands in the tenant's portal.
  await page.goto(new URL(link).pathname);
  await expect(page.getByRole("heading", { name: `Join ${tenantName}` })).toBeVisible();
  await page.getByLabel("Your name").fill("Hari Harbour");
  await page.getByLabel("Choose a password").fill("harbour-admin-password");
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page).toHaveURL(/\/t\/harbour-bakery-[a-z0-9-]+$/);
  await expect(page.getByRole("heading", { name: tenantName })).toBeVisible();
  const tenantPath = new URL(page.url()).pathname;
  await expect(page.getByText("You are owner.")).toBeVisible();

  // Signing out and back in with the new password works.
  await signOut(page);
  await signIn(page, adminEmail, "harbour-admin-password");
  await expect(page).toHaveURL(new RegExp(`${tenantPath}$`));
  await signOut(page);

  // A user of another tenant gets a plain 404 for the new tenant's pages.
  await signIn(page, "owner@riverside.example");
  await expect(page).toHaveURL(/\/t\/riverside-cafe$/);
  const response = await page.goto(`${tenantPath}/team`);
  expect(response?.status()).toBe(404);
  await expect(page.getByText("We couldn't find that page")).toBeVisible();
  await expect(page.getByText(tenantName)).toHaveCount(0);
});

test("a tenant user cannot open the operator console", async ({ page }) => {
  await signIn(page, "owner@northgate.example");
  await page.goto("/operator");
  await expect(page).toHaveURL(/\/t\/northgate-parking$/);
});

test("wrong passwords get a clear message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("operator@council.example");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Couldn't sign you in" })).toContainText("don't match an active account");
});

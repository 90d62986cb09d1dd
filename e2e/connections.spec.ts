import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { chirpstackUp } from "../test/network-server-samples";
import { signIn, uniqueName } from "./helpers";

test("an operator rotates a connection's secret: the new one is shown once, the old one is refused at once", async ({ page, request }) => {
  const name = uniqueName("Rotating ChirpStack");
  const post = (secret: string) =>
    request.post("/api/ingest/chirpstack?event=up", { headers: { authorization: `Bearer ${secret}` }, data: chirpstackUp({ devEui: randomBytes(8).toString("hex") }) });

  await signIn(page, "operator@council.example");
  await page.goto("/operator/connections");
  await page.getByRole("button", { name: "New connection" }).click();
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create connection" }).click();
  const first = (await page.getByTestId("connection-secret").textContent())!.trim();
  await page.getByRole("button", { name: "I've saved the secret" }).click();
  expect((await post(first)).status()).toBe(200);

  // Without the secret at hand, the instructions say how to get one instead of offering a placeholder to copy.
  await expect(page.getByRole("button", { name: "Copy authorization header value" })).toHaveCount(0);
  await expect(page.getByText(/use Rotate secret on the connection above/)).toBeVisible();

  await page.getByRole("button", { name: `Rotate secret of ${name}` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByText(/current secret stops working immediately/)).toBeVisible();
  await dialog.getByRole("button", { name: "Rotate secret" }).click();
  await expect(page.getByRole("heading", { name: `${name} has a new secret: update ChirpStack v4` })).toBeVisible();
  const second = (await page.getByTestId("connection-secret").textContent())!.trim();
  expect(second).not.toBe(first);

  expect((await post(first)).status()).toBe(401);
  expect((await post(second)).status()).toBe(200);
});

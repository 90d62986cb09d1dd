import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { SIGNATURE_HEADER, verifyDeliverySignature } from "../src/domain/forwarding/signature";
import { DEMO_CHIRPSTACK_SECRET, DEMO_DEVICES } from "../src/server/demo/demo-network";
import { chirpstackUp } from "../test/network-server-samples";
import { startWebhookReceiver } from "../test/webhook-receiver";
import { signIn, signOut, uniqueName } from "./helpers";

test("a tenant forwards its uplinks to its own system, signed; another tenant cannot see the endpoint", async ({ page, request }) => {
  const receiver = await startWebhookReceiver();
  const name = uniqueName("Stock system");
  const device = DEMO_DEVICES.find((d) => d.tenantSlug === "riverside-cafe")!;
  try {
    // Riverside's owner adds an endpoint and keeps the signing secret, shown once.
    await signIn(page, "owner@riverside.example");
    await page.getByRole("link", { name: "Integrations", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Integrations" })).toBeVisible();
    await page.getByRole("button", { name: /^Add (your first )?endpoint$/ }).first().click();
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("URL", { exact: true }).fill(receiver.url("/longreach"));
    await page.getByRole("button", { name: "Add endpoint", exact: true }).last().click();
    const secret = (await page.getByTestId("signing-secret").textContent())!.trim();
    expect(secret).toMatch(/^lrsec_/);
    await page.getByRole("button", { name: "I've saved the secret" }).click();
    await expect(page.getByTestId("signing-secret")).toHaveCount(0);
    const card = page.getByRole("article", { name });
    await expect(card).toContainText(receiver.url("/longreach"));

    // One of Riverside's sensors reports, through the ChirpStack integration.
    const fCnt = 70_000 + Math.floor(Math.random() * 10_000);
    const response = await request.post("/api/ingest/chirpstack?event=up", {
      headers: { authorization: `Bearer ${DEMO_CHIRPSTACK_SECRET}` },
      data: chirpstackUp({ devEui: device.devEui, fCnt, deduplicationId: randomUUID(), gateways: device.heardBy.slice(0, 1) }),
    });
    expect(response.status()).toBe(201);

    // The endpoint receives it, signed with that secret.
    await expect.poll(() => receiver.requests.length, { timeout: 20_000 }).toBeGreaterThan(0);
    const [delivered] = receiver.requests;
    expect(verifyDeliverySignature(secret, delivered!.body, String(delivered!.headers[SIGNATURE_HEADER.toLowerCase()]), Math.floor(Date.now() / 1000))).toBe(true);
    expect(JSON.parse(delivered!.body)).toMatchObject({ kind: "uplink", fCnt, device: { devEui: device.devEui } });

    // The portal shows the delivery as delivered.
    await card.getByRole("link", { name: `Deliveries to ${name}` }).click();
    await expect(page.getByRole("heading", { name: `Deliveries to ${name}` })).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: "delivered" }).first()).toBeVisible({ timeout: 15_000 });
    const deliveriesPath = new URL(page.url()).pathname;
    await signOut(page);

    // Another tenant's owner sees neither the endpoint nor its deliveries.
    await signIn(page, "owner@northgate.example");
    await page.goto("/t/northgate-parking/integrations");
    await expect(page.getByRole("heading", { name: "Integrations" })).toBeVisible();
    await expect(page.getByText(name)).toHaveCount(0);
    const forwarderId = deliveriesPath.split("/").pop()!;
    await page.goto(`/t/northgate-parking/integrations/${forwarderId}`);
    await expect(page.getByText("This endpoint can't be shown")).toBeVisible();
    await expect(page.getByText(name)).toHaveCount(0);
  } finally {
    await receiver.close();
  }
});

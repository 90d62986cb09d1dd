import { chromium } from "@playwright/test";
import { DEMO_PASSWORD } from "../src/server/demo/demo-accounts";
const base = "http://localhost:3100";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
async function as(email: string, paths: string[], width = 1360) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
  for (const p of paths) {
    await page.goto(`${base}${p}`);
    await page.waitForLoadState("networkidle").catch(() => {});
    await page.waitForTimeout(1500);
    const name = `${email.split("@")[0]}${p.replaceAll("/", "_")}-${width}`;
    await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
    console.log(name);
  }
  await page.close();
}
const [who, ...paths] = process.argv.slice(2);
const width = Number(process.env.W ?? 1360);
await as(who!, paths, width);
await browser.close();

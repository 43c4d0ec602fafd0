// A developer registers a callback URL on the app page, pointing at a
// receiver this test starts on 127.0.0.1 (the bank allows loopback callbacks
// through its setting, as a test environment would); compliance revokes the
// app's tokens; the signed delivery arrives (its Standard Webhooks signature
// verified here, as a receiver does), is listed with its status, and
// "Resend" sends it again. Then personas and the sandbox reset, from the
// same page.
import { expect, test, type Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import "../support/suite-database";
import { startReceiver } from "../support/callback-receiver";
import { expectAccessible } from "../support/axe";
import { DEMO, demoPage, signIn, signInWithApi } from "../support/users";
import { makeLiveApp } from "../../lib/testing/live-app-fixture";
import { makeUser, TEST_PASSWORD } from "../../lib/testing/factories";
import { getDb } from "../../lib/db";

const panel = (page: Page) => page.locator("section, div").filter({ has: page.getByRole("heading", { name: "Event callbacks" }) }).last();

test("callbacks: register, receive a signed compliance event, see it listed, resend; personas and reset", async ({ page, browser }) => {
  const receiver = await startReceiver();
  try {
    // The bank allows loopback callbacks in this environment (an audited admin setting).
    const admin = await demoPage(browser, DEMO.admin);
    const allowed = await admin.request.patch("/api/admin/settings", { data: { callbacksAllowLoopback: true } });
    expect(allowed.status(), await allowed.text()).toBe(200);
    await admin.context().close();

    const live = await makeLiveApp();
    await signIn(page, live.developer.user.email, TEST_PASSWORD);
    await page.goto(`/apps/${live.appId}`);
    await expect(panel(page).getByText("No callback URL yet.")).toBeVisible();

    // A private address is refused with a readable message.
    await page.getByLabel("Callback URL").fill("https://10.0.0.5/hook");
    await page.getByRole("button", { name: "Add callback URL" }).click();
    await expect(page.getByText(/not a public address/)).toBeVisible();

    await page.getByLabel("Callback URL").fill(receiver.url);
    await page.getByRole("button", { name: "Add callback URL" }).click();
    const secret = (await page.getByTestId("signing-secret").textContent())!;
    expect(secret).toMatch(/^whsec_/);
    await expect(page.getByRole("list", { name: "Callback URLs" }).getByText(receiver.url)).toBeVisible();
    await expectAccessible(page);

    // Compliance revokes every token of the app through the console's API.
    const officer = await makeUser({ role: "compliance" });
    const compliance = await browser.newContext();
    await signInWithApi(compliance.request, officer.user.email, TEST_PASSWORD);
    const revoked = await compliance.request.post(`/api/compliance/apps/${live.appId}/revoke-tokens`, { data: { reason: "e2e: tokens leaked in a log file" } });
    expect(revoked.status(), await revoked.text()).toBe(200);
    await compliance.close();

    // The worker in the server process delivers it, signed.
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(1);
    const first = receiver.received[0]!;
    const event = new Webhook(secret).verify(first.body, first.headers) as { type: string; data: { appId: string; what: string } };
    expect(event).toMatchObject({ type: "access.revoked", data: { appId: live.appId, what: "tokens_revoked" } });
    expect(() => new Webhook(secret).verify(first.body.replace("tokens_revoked", "nothing"), first.headers)).toThrow();

    // Listed with its status; resend sends the same event (same webhook-id) again.
    const rows = page.getByTestId("delivery-row");
    await expect(async () => {
      await page.reload();
      await expect(rows.first()).toContainText("succeeded", { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(rows.first()).toContainText("access.revoked");
    await page.setViewportSize({ width: 1280, height: 900 });
    await panel(page).screenshot({ path: test.info().outputPath("callbacks-panel-1280.png") });
    page.on("dialog", (dialog) => void dialog.accept());
    await rows.first().getByRole("button", { name: /^Resend/ }).click();
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(2);
    expect(receiver.received[1]!.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
    new Webhook(secret).verify(receiver.received[1]!.body, receiver.received[1]!.headers);
    await expect(async () => {
      await page.reload();
      await expect(rows).toHaveCount(2, { timeout: 1000 });
      await expect(rows.first()).toContainText("succeeded", { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    expect(await getDb().auditEvent.count({ where: { action: "callback.resend", targetId: live.appId } })).toBe(1);

    // Personas and reset.
    await page.getByLabel("Add a test customer").selectOption("overdrawn");
    await page.getByRole("button", { name: "Add customer" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Added a test customer from “Overdrawn”" })).toBeVisible();
    await expect(page.getByText("Olly Overdrawn — Current account")).toBeVisible();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: test.info().outputPath("app-page-390.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole("button", { name: "Reset sandbox to its seed" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Sandbox reset" })).toBeVisible();
    await expect(page.getByText("Olly Overdrawn — Current account")).toHaveCount(0);
    // The app keeps the seed accounts it was granted.
    const granted = await getDb().appAccount.findMany({ where: { appId: live.appId }, select: { account: { select: { accountId: true } } } });
    expect(granted.map((g) => g.account.accountId).sort()).toEqual(live.accounts.map((a) => a.accountId).sort());
    await expectAccessible(page);
  } finally {
    await receiver.close();
  }
});

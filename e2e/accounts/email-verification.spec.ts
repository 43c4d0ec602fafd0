// A new visitor signs up and is signed in at once, cannot register an app
// until the email is verified, reads the verification mail from this test's
// own SMTP server (the portal under test sends to E2E_SMTP_PORT), opens the
// link, and then can. Also: a deep link opened while signed out survives
// sign-in, and the outbox and profile pages at desktop and phone widths.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { startSmtpTestServer } from "../../lib/testing/smtp-test-server";
import { E2E_SMTP_PORT } from "../../playwright.config";
import { expectAccessible } from "../support/axe";
import { DEMO, DEMO_PASSWORD } from "../support/users";

// One SMTP server on the port the portal sends to: this file's tests share it, in one worker.
test.describe.configure({ mode: "serial" });

let smtp: Awaited<ReturnType<typeof startSmtpTestServer>>;
test.beforeAll(async () => {
  smtp = await startSmtpTestServer({ port: E2E_SMTP_PORT });
});
test.afterAll(async () => smtp?.close());

test("sign-up → signed in → verification mail over SMTP → verified → can register an app", async ({ page }, testInfo) => {
  const id = randomBytes(4).toString("hex");
  const email = `vera-${id}@e2e.example`;
  await page.goto("/signup");
  await page.getByLabel("Full name").fill("Vera Verify");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Organisation").fill(`Vera ${id} Ltd`);
  await page.getByLabel("Password").fill("password1234");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("This password is on the list of commonly used passwords; choose another").first()).toBeVisible();
  await page.getByLabel("Password").fill("violet tractor sings quietly");
  await page.getByRole("button", { name: "Create account" }).click();

  // Signed in at once, told to verify.
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Welcome, Vera Verify" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Verify your email address to register apps" })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("dashboard-unverified-desktop.png"), fullPage: true });

  // The server refuses an app until then, in words.
  const refused = await page.request.post("/api/apps", { data: { name: "Too soon" } });
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toMatchObject({ title: "Email not verified", detail: expect.stringMatching(/^Verify your email address before you register apps/) });

  // The mail, as the test's SMTP server received it.
  const mail = await smtp.waitFor(email, (m) => m.subject === "Verify your email address for Portico", 60_000);
  const link = mail.text.match(/https?:\/\/\S+\/verify-email\?token=\S+/)?.[0];
  expect(link).toBeTruthy();
  await page.goto(link!);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Verify my email address" }).click();
  await expect(page.getByText(`${email} is verified. You can now register apps.`)).toBeVisible();
  // Once only.
  const again = await page.request.post("/api/account/verify-email", { data: { token: new URL(link!).searchParams.get("token") } });
  expect(again.status()).toBe(400);

  await page.goto("/dashboard");
  await expect(page.getByText("Verify your email address to register apps")).toHaveCount(0);
  const created = await page.request.post("/api/apps", { data: { name: "Verified app" } });
  expect(created.status(), await created.text()).toBe(201);
  await page.goto("/apps");
  await expect(page.getByRole("link", { name: "Verified app" })).toBeVisible();

  // The outbox lists the mail (also when it was sent over SMTP); the profile shows the session and the email choices.
  await page.goto("/outbox");
  await expect(page.getByRole("article", { name: "Verify your email address for Portico" })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("outbox-desktop.png"), fullPage: true });
  await page.goto("/profile");
  await expect(page.getByRole("heading", { name: "Where you are signed in" })).toBeVisible();
  await expect(page.getByText("verified", { exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("profile-desktop.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ["/outbox", "/profile"]) {
    await page.goto(path);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: testInfo.outputPath(`${path.slice(1)}-390.png`), fullPage: true });
  }

  // Sign out everywhere ends this session too.
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/signin\?next=%2Fprofile$/);
});

test("a deep link opened while signed out survives sign-in; an off-site next is ignored", async ({ page }) => {
  await page.goto("/apps/new");
  await expect(page).toHaveURL(/\/signin\?next=%2Fapps%2Fnew$/);
  await page.getByLabel("Email").fill(DEMO.developer);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/apps\/new$/);

  await page.context().clearCookies();
  await page.goto("/signin?next=%2F%2Fevil.example%2F");
  await page.getByLabel("Email").fill(DEMO.developer);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("forgot password: the same answer for anyone; the owner's link sets a new password once", async ({ page }) => {
  const id = randomBytes(4).toString("hex");
  const email = `reset-${id}@e2e.example`;
  const signup = await page.request.post("/api/signup", { data: { name: "Rita Reset", email, organisation: `Rita ${id} Ltd`, password: "violet tractor sings quietly" } });
  expect(signup.status()).toBe(201);
  for (const address of [`nobody-${id}@e2e.example`, email]) {
    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill(address);
    await page.getByRole("button", { name: "Email me a reset link" }).click();
    await expect(page.getByText("If an account uses that address, we have sent it a link")).toBeVisible();
  }
  const mail = await smtp.waitFor(email, (m) => m.subject === "Set a new Portico password", 60_000);
  const link = mail.text.match(/https?:\/\/\S+\/reset-password\?token=\S+/)![0];
  await page.goto(link);
  await page.getByLabel("New password").fill("password1234");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("This password is on the list of commonly used passwords; choose another")).toBeVisible();
  await page.getByLabel("New password").fill("amber walrus reads slowly");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Your password is changed and every other browser is signed out.")).toBeVisible();
  await page.goto(link);
  await page.getByLabel("New password").fill("another amber walrus song");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText(/This reset link is not valid any more/)).toBeVisible();
  expect(smtp.received.filter((m) => m.to.includes(`nobody-${id}@e2e.example`))).toHaveLength(0);
});

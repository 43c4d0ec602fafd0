import { randomBytes } from "node:crypto";
import path from "node:path";
import { expect, request as playwright, type APIRequestContext, type Browser, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "portico-demo-1234";
export const DEMO = {
  developer: "dev@acme.example",
  otherDeveloper: "dev@globex.example",
  admin: "admin@bank.example",
  checker: "checker@bank.example",
  compliance: "compliance@bank.example",
} as const;
export type DemoEmail = (typeof DEMO)[keyof typeof DEMO];
export const isDemoEmail = (email: string): email is DemoEmail => (Object.values(DEMO) as string[]).includes(email);

/** The demo users' signed-in browser states, written once per run by sessions.setup.ts. */
export const SESSIONS_DIR = path.join(process.env.E2E_DATA_DIR ?? "data/e2e", "sessions");
export const sessionFile = (email: DemoEmail) => path.join(SESSIONS_DIR, `${email}.json`);

/** A page in a fresh browser context that is already signed in as a demo user (no form, no new sign-in). */
export async function demoPage(browser: Browser, email: DemoEmail): Promise<Page> {
  const context = await browser.newContext({ storageState: sessionFile(email) });
  return context.newPage();
}

export type TestDeveloper = { name: string; email: string; organisation: string; password: string };

/** A fresh developer and organisation for one test, registered through the API, with the email verified as its owner would (verifyEmailThroughOutbox). */
export async function registerDeveloper(request: APIRequestContext, prefix = "dev"): Promise<TestDeveloper> {
  const id = randomBytes(4).toString("hex");
  const developer = { name: `Test ${prefix} ${id}`, email: `${prefix}-${id}@e2e.example`, organisation: `E2E ${prefix} ${id} Ltd`, password: "e2e-password-123" };
  const response = await request.post("/api/signup", { data: developer });
  expect(response.status(), await response.text()).toBe(201);
  await verifyEmailThroughOutbox(request, developer.email, developer.password);
  return developer;
}

/**
 * Opens the verification link of a freshly signed-up developer, read from
 * their own /outbox page (the portal keeps every mail there, sent over SMTP
 * or not), in a throwaway signed-in context so the caller's cookies stay as
 * they were.
 */
export async function verifyEmailThroughOutbox(request: APIRequestContext, email: string, password: string) {
  const baseURL = new URL((await request.get("/api/auth/csrf")).url()).origin;
  const context = await playwright.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  try {
    await signInWithApi(context, email, password);
    const outbox = await (await context.get("/outbox")).text();
    const token = outbox.match(/\/verify-email\?token=(pve_[A-Za-z0-9_-]+)/)?.[1];
    expect(token, `verification mail of ${email}`).toBeTruthy();
    const verified = await context.post("/api/account/verify-email", { data: { token } });
    expect(verified.status(), await verified.text()).toBe(200);
  } finally {
    await context.dispose();
  }
}

/**
 * Signs in through next-auth's credentials endpoint, as the form does but
 * without rendering it; the session cookie lands in `request`'s cookie jar
 * (for `page.request`, the page's browser context).
 */
export async function signInWithApi(request: APIRequestContext, email: string, password = DEMO_PASSWORD) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", { form: { email, password, csrfToken, json: "true" } });
  expect(response.status(), `sign-in of ${email}`).toBe(200);
  // The session cookie carries only a session id (lib/auth/options.ts), so ask a page whose header names the user.
  const dashboard = await request.get("/dashboard");
  expect(new URL(dashboard.url()).pathname, `session of ${email}`).toBe("/dashboard");
  expect(await dashboard.text(), `session of ${email}`).toContain(`title="${email}"`);
}

/** Signs in through the form, as a person does; ends on the dashboard. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

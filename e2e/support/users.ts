import { randomBytes } from "node:crypto";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "portico-demo-1234";
export const DEMO = {
  developer: "dev@acme.example",
  otherDeveloper: "dev@globex.example",
  admin: "admin@bank.example",
  checker: "checker@bank.example",
  compliance: "compliance@bank.example",
} as const;

export type TestDeveloper = { name: string; email: string; organisation: string; password: string };

/** A fresh developer and organisation for one test, registered through the API. */
export async function registerDeveloper(request: APIRequestContext, prefix = "dev"): Promise<TestDeveloper> {
  const id = randomBytes(4).toString("hex");
  const developer = { name: `Test ${prefix} ${id}`, email: `${prefix}-${id}@e2e.example`, organisation: `E2E ${prefix} ${id} Ltd`, password: "e2e-password-123" };
  const response = await request.post("/api/signup", { data: developer });
  expect(response.status(), await response.text()).toBe(201);
  return developer;
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

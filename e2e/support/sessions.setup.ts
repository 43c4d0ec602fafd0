// The `sessions` project (playwright.config.ts): signs each demo user in
// once, through next-auth's credentials endpoint, and keeps the browser
// state (the session cookie) for the specs, which open contexts from it
// (`demoPage`) instead of filling the sign-in form again. The form itself is
// covered by e2e/accounts/sign-up.spec.ts and the ?next= test.
// One sign-in per user also keeps parallel workers from racing the
// per-account attempt counter (lib/accounts/verify-credentials.ts).
import { mkdirSync } from "node:fs";
import { test as setup } from "@playwright/test";
import { DEMO, SESSIONS_DIR, sessionFile, signInWithApi } from "./users";

setup("sign in each demo user once", async ({ playwright, baseURL }) => {
  mkdirSync(SESSIONS_DIR, { recursive: true });
  await Promise.all(
    Object.values(DEMO).map(async (email) => {
      const request = await playwright.request.newContext({ baseURL });
      await signInWithApi(request, email);
      await request.storageState({ path: sessionFile(email) });
      await request.dispose();
    }),
  );
});

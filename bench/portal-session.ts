// What the benchmarks that drive a running portal share: waiting for the
// server to answer, and signing in as the form does.
import type { ChildProcess } from "node:child_process";

/** Resolves once `url` answers below 500; throws when the server exits first. */
export async function waitFor(url: string, child: ChildProcess) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before ${url} answered`);
    const ok = await fetch(url).then((r) => r.status < 500, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500)); // polling a server that is starting (building), not timing a test
  }
}

/** Signs in through next-auth's credentials flow, as the form does; returns the Cookie header of the session. */
export async function signIn(portal: string, email: string, password: string): Promise<string> {
  const csrfResponse = await fetch(`${portal}/api/auth/csrf`);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const cookies = csrfResponse.headers.getSetCookie().map((c) => c.split(";")[0]);
  const response = await fetch(`${portal}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ email, password, csrfToken, json: "true" }),
  });
  const session = response.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`sign-in of ${email} failed (${response.status})`);
  return session;
}

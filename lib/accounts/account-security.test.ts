// Account security end to end through the lib actions, with the mails read
// from a real SMTP server (smtp-server) after the mail worker sent them:
// password policy, email verification gating app registration, password
// reset by single-use link, sign-up and reset answers that enumerate
// nobody, sign out everywhere, and a compliance suspension in the inbox.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "@/lib/apps/create-app";
import { listSessions } from "@/lib/auth/list-sessions";
import { resetPassword } from "@/lib/auth/reset-password";
import { resolveSession } from "@/lib/auth/resolve-session";
import { signOutEverywhere } from "@/lib/auth/sign-out-everywhere";
import { startSession } from "@/lib/auth/start-session";
import { actorOf, loadSessionUser } from "@/lib/authz/load-session-user";
import { getDb } from "@/lib/db";
import { deliverDueMail, smtpTransport } from "@/lib/mail/deliver-mail";
import { suspendApp } from "@/lib/revocation/suspend-app";
import { makeApprovedApp } from "@/lib/testing/compliance-fixtures";
import { makeUser, testSignUpLimiter } from "@/lib/testing/factories";
import { startSmtpTestServer } from "@/lib/testing/smtp-test-server";
import { createRateLimiter, MEMORY_RATE_LIMIT_STORE } from "@/lib/rate-limit/rate-limiter";
import { passwordProblem, verifyPassword } from "./password";
import { passwordResetBudget, requestPasswordReset, RESET_REQUESTED } from "./request-password-reset";
import { SIGN_UP_RECEIVED, signUp } from "./sign-up";
import { verifyEmail } from "./verify-email";

const unique = () => randomBytes(5).toString("hex");
const STRONG = "violet tractor sings quietly";
const resetLimiter = () => createRateLimiter({ store: MEMORY_RATE_LIMIT_STORE, ...passwordResetBudget(1000), name: `reset-test-${unique()}` });

let smtp: Awaited<ReturnType<typeof startSmtpTestServer>>;
let transport: ReturnType<typeof smtpTransport>;
beforeAll(async () => {
  smtp = await startSmtpTestServer();
  transport = smtpTransport(smtp.url);
});
afterAll(async () => {
  transport.close();
  await smtp.close();
});

/** Sends this user's waiting mails (only theirs: made due first) and returns the one with the subject, as the SMTP server received it. */
async function mailTo(email: string, subject: RegExp) {
  const db = getDb();
  const ids = (await db.mailMessage.findMany({ where: { toAddress: email, status: "pending" }, select: { id: true } })).map((m) => m.id);
  await db.mailMessage.updateMany({ where: { id: { in: ids } }, data: { nextAttemptAt: new Date(0) } });
  await deliverDueMail({ transport, limit: ids.length });
  return smtp.waitFor(email, (m) => subject.test(m.subject));
}
const linkToken = (text: string, path: string) => new URL(text.match(new RegExp(`https?://\\S+${path}\\?token=\\S+`))![0]).searchParams.get("token")!;

describe("password policy", () => {
  it("refuses common and guessable passwords in words, and accepts a few unrelated words", async () => {
    expect(passwordProblem("password1234")).toBe("This password is on the list of commonly used passwords; choose another");
    expect(passwordProblem("Password1234!")).toMatch(/commonly used/);
    expect(passwordProblem("short")).toBe("Password must be at least 12 characters");
    expect(passwordProblem("ada.lovelace@bank.example", ["ada.lovelace@bank.example"])).toMatch(/too easy to guess/);
    expect(passwordProblem(STRONG)).toBeUndefined();
    await expect(
      signUp({ unverifiedInput: { name: "P", email: `p-${unique()}@example.com`, organisation: `Org ${unique()}`, password: "password1234" }, limiter: testSignUpLimiter() }),
    ).rejects.toMatchObject({ code: "validation_failed", violations: [{ pointer: "/password", message: expect.stringMatching(/commonly used/) }] });
  });
});

describe("email verification", () => {
  it("a new developer is mailed a single-use link and cannot register apps until it is opened", async () => {
    const email = `verify-${unique()}@example.com`;
    expect(await signUp({ unverifiedInput: { name: "Vera", email, organisation: `Vera ${unique()}`, password: STRONG }, limiter: testSignUpLimiter() })).toEqual({ message: SIGN_UP_RECEIVED });
    const user = await getDb().user.findUniqueOrThrow({ where: { email } });
    expect(user.emailVerifiedAt).toBeNull();
    const session = (await loadSessionUser(user.id))!;
    expect(session.emailVerified).toBe(false);
    const actor = actorOf(session);
    await expect(createApp({ actor, unverifiedInput: { name: "Too soon" } })).rejects.toMatchObject({ code: "email_unverified", status: 403, message: expect.stringMatching(/^Verify your email address/) });

    const mail = await mailTo(email, /Verify your email/);
    const token = linkToken(mail.text, "/verify-email");
    expect(token).toMatch(/^pve_/);
    // Only the hash is stored.
    expect(await getDb().accountToken.count({ where: { tokenHash: token } })).toBe(0);
    expect(await verifyEmail({ unverifiedToken: token })).toEqual({ email });
    expect((await loadSessionUser(user.id))!.emailVerified).toBe(true);
    await expect(verifyEmail({ unverifiedToken: token })).rejects.toMatchObject({ code: "bad_request", message: expect.stringMatching(/not valid any more/) });
    expect(await createApp({ actor, unverifiedInput: { name: "Now allowed" } })).toMatchObject({ id: expect.any(String) });
    expect(await getDb().auditEvent.count({ where: { targetId: user.id, action: { in: ["user.verification_sent", "user.verify_email"] } } })).toBe(2);
  });

  it("answers a taken email like a new one and mails its owner instead", async () => {
    const { user: owner } = await makeUser();
    const answer = await signUp({ unverifiedInput: { name: "Impostor", email: owner.email, organisation: `Imp ${unique()}`, password: STRONG }, limiter: testSignUpLimiter() });
    expect(answer).toEqual({ message: SIGN_UP_RECEIVED });
    const mail = await mailTo(owner.email, /Someone tried to sign up/);
    expect(mail.text).toMatch(/Someone tried to register a new developer account with your email address/);
    expect(await getDb().accountToken.count({ where: { userId: owner.id } })).toBe(0);
  });
});

describe("password reset", () => {
  it("answers the same for any email, mails a 30-minute single-use link to the owner, and ends every session on use", async () => {
    const { user } = await makeUser();
    const limiter = resetLimiter();
    const unknown = await requestPasswordReset({ unverifiedInput: { email: `nobody-${unique()}@example.com` }, limiter });
    const known = await requestPasswordReset({ unverifiedInput: { email: user.email.toUpperCase() }, limiter });
    expect(unknown).toEqual(known);
    expect(known).toEqual({ message: RESET_REQUESTED });

    const other = await startSession({ user: { id: user.id, email: user.email, role: user.role, organisationId: user.organisationId } });
    const mail = await mailTo(user.email, /new Portico password/);
    const token = linkToken(mail.text, "/reset-password");
    const stored = await getDb().accountToken.findFirstOrThrow({ where: { userId: user.id, purpose: "reset_password" } });
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeGreaterThanOrEqual(30 * 60_000 - 1000);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeLessThanOrEqual(30 * 60_000 + 1000);

    // A weak password is refused and the link still works afterwards.
    await expect(resetPassword({ unverifiedInput: { token, password: "password1234" } })).rejects.toMatchObject({ code: "validation_failed" });
    expect(await resetPassword({ unverifiedInput: { token, password: STRONG } })).toEqual({ email: user.email });
    expect(await verifyPassword(STRONG, (await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash)).toBe(true);
    expect(await resolveSession({ secret: other.secret })).toBeNull();
    await expect(resetPassword({ unverifiedInput: { token, password: "another quiet violet tractor" } })).rejects.toMatchObject({ code: "bad_request" });
    expect(await getDb().auditEvent.findFirst({ where: { targetId: user.id, action: "user.password_reset" } })).toMatchObject({ details: { sessionsEnded: 1 } });
  });

  it("refuses an expired link", async () => {
    const { user } = await makeUser();
    await requestPasswordReset({ unverifiedInput: { email: user.email }, limiter: resetLimiter() });
    const token = linkToken((await mailTo(user.email, /new Portico password/)).text, "/reset-password");
    await getDb().accountToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(resetPassword({ unverifiedInput: { token, password: STRONG } })).rejects.toMatchObject({ code: "bad_request", message: expect.stringMatching(/30 minutes/) });
  });
});

describe("sessions and notifications", () => {
  it("sign out everywhere ends every session of the user only, audited", async () => {
    const { user, actor } = await makeUser();
    const other = await makeUser();
    const mine = await Promise.all([1, 2].map(() => startSession({ user: { id: user.id, email: user.email, role: user.role, organisationId: user.organisationId } })));
    const theirs = await startSession({ user: { id: other.user.id, email: other.user.email, role: other.user.role, organisationId: other.user.organisationId } });
    expect(await listSessions({ userId: user.id })).toHaveLength(2);
    expect(await signOutEverywhere({ actor })).toEqual({ sessionsEnded: 2 });
    expect(await listSessions({ userId: user.id })).toHaveLength(0);
    for (const s of mine) expect(await resolveSession({ secret: s.secret })).toBeNull();
    expect(await resolveSession({ secret: theirs.secret })).not.toBeNull();
    expect(await getDb().auditEvent.count({ where: { targetId: user.id, action: "user.sign_out_everywhere" } })).toBe(1);
  });

  it("a compliance suspension reaches the developer's inbox with its reason", async () => {
    const dev = await makeUser();
    const compliance = await makeUser({ role: "compliance" });
    const { app } = await makeApprovedApp({ organisationId: dev.user.organisationId!, ownerId: dev.user.id, name: `Suspendable ${unique()}` });
    await suspendApp({ actor: compliance.actor, appId: app.id, unverifiedReason: "Unusual traffic from your client" });
    const mail = await mailTo(dev.user.email, /was suspended/);
    expect(mail.subject).toBe(`${app.name} was suspended`);
    expect(mail.text).toContain("Unusual traffic from your client");
    expect(mail.text).toMatch(new RegExp(`/apps/${app.id}`));
  });
});

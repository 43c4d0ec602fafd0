// The mail outbox against a real SMTP server (smtp-server, started here):
// a mail exists only if its change committed, the worker sends each once
// (also with two passes racing), a refusal is retried later, and the outbox
// page's list shows each user their own mail only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { notify } from "@/lib/notifications/notify";
import { makeUser } from "@/lib/testing/factories";
import { startSmtpTestServer } from "@/lib/testing/smtp-test-server";
import { deliverDueMail, mailRetryDelayMs, smtpTransport } from "./deliver-mail";
import { enqueueMail } from "./enqueue-mail";
import { listMail } from "./list-mail";

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

// Earlier test files in this worker leave unsent mails behind; ours are made due first so a pass with a small limit takes them.
const dueFirst = (ids: string[]) => getDb().mailMessage.updateMany({ where: { id: { in: ids } }, data: { nextAttemptAt: new Date(0) } });

describe("mail outbox", () => {
  it("sends a committed mail once over SMTP, and never one whose change rolled back", async () => {
    const { user } = await makeUser();
    const mail = await getDb().$transaction((tx) => enqueueMail(tx, { userId: user.id, subject: "Hello there", body: "Line one\nhttps://portal.example/verify-email?token=pve_abc" }));
    await expect(
      getDb().$transaction(async (tx) => {
        await enqueueMail(tx, { userId: user.id, subject: "Never sent", body: "rolled back" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    await dueFirst([mail.id]);
    // Two passes racing: the claim lets only one of them send it.
    const passes = await Promise.all([deliverDueMail({ transport, limit: 1, from: "Portico <no-reply@test.example>" }), deliverDueMail({ transport, limit: 1 })]);
    expect(passes.reduce((n, p) => n + p.sent, 0)).toBeGreaterThanOrEqual(1);
    const got = await smtp.waitFor(user.email, (m) => m.subject === "Hello there");
    expect(got.text).toContain("https://portal.example/verify-email?token=pve_abc");
    expect(smtp.received.filter((m) => m.to.includes(user.email) && m.subject === "Hello there")).toHaveLength(1);
    expect(smtp.received.some((m) => m.subject === "Never sent")).toBe(false);
    expect(await getDb().mailMessage.findUniqueOrThrow({ where: { id: mail.id } })).toMatchObject({ status: "sent", attempts: 1, lastError: null, toAddress: user.email });
    expect(await getDb().mailMessage.count({ where: { userId: user.id } })).toBe(1);
  });

  it("retries a refused mail after its backoff, and records the server's answer, not the mail", async () => {
    const { user } = await makeUser();
    const mail = await getDb().$transaction((tx) => enqueueMail(tx, { userId: user.id, subject: "Retry me", body: "secret link https://x.example/?token=ppr_zzz" }));
    await dueFirst([mail.id]);
    smtp.failNext(1);
    const now = new Date();
    expect(await deliverDueMail({ transport, limit: 1, now })).toEqual({ sent: 0, failed: 1 });
    const failed = await getDb().mailMessage.findUniqueOrThrow({ where: { id: mail.id } });
    expect(failed).toMatchObject({ status: "pending", attempts: 1 });
    expect(failed.lastError).toMatch(/451/);
    expect(failed.lastError).not.toContain("ppr_zzz");
    expect(failed.nextAttemptAt.getTime()).toBe(now.getTime() + mailRetryDelayMs(1));
    // Not due yet: a pass now leaves it alone.
    await deliverDueMail({ transport, limit: 1000, now });
    expect((await getDb().mailMessage.findUniqueOrThrow({ where: { id: mail.id } })).status).toBe("pending");
    await deliverDueMail({ transport, limit: 1000, now: new Date(now.getTime() + mailRetryDelayMs(1)) });
    expect(await getDb().mailMessage.findUniqueOrThrow({ where: { id: mail.id } })).toMatchObject({ status: "sent", attempts: 2 });
    await smtp.waitFor(user.email, (m) => m.subject === "Retry me");
  });

  it("lists each user's own mail only; staff see none of anyone else's", async () => {
    const dev = await makeUser();
    const other = await makeUser();
    const admin = await makeUser({ role: "admin" });
    const compliance = await makeUser({ role: "compliance" });
    await getDb().$transaction(async (tx) => {
      await enqueueMail(tx, { userId: dev.user.id, subject: "For dev", body: "x" });
      await enqueueMail(tx, { userId: other.user.id, subject: "For other", body: "y" });
    });
    expect((await listMail({ actor: dev.actor })).map((m) => m.subject)).toEqual(["For dev"]);
    expect((await listMail({ actor: other.actor })).map((m) => m.subject)).toEqual(["For other"]);
    expect(await listMail({ actor: admin.actor })).toEqual([]);
    expect(await listMail({ actor: compliance.actor })).toEqual([]);
  });

  it("mails a notification only for the events the user chose", async () => {
    const { user } = await makeUser();
    await getDb().user.update({ where: { id: user.id }, data: { mailOnBreakingChange: false } });
    await getDb().$transaction(async (tx) => {
      await notify(tx, { userId: user.id, message: "Approved!", link: "/apps/x", mail: { event: "app_decision", subject: "App approved" } });
      await notify(tx, { userId: user.id, message: "It broke", link: "/apis/y", mail: { event: "breaking_change", subject: "Breaking" } });
      await notify(tx, { userId: user.id, message: "Portal only" });
    });
    const mails = await getDb().mailMessage.findMany({ where: { userId: user.id } });
    expect(mails.map((m) => m.subject)).toEqual(["App approved"]);
    expect(mails[0]!.body).toMatch(/^Approved!\n\nhttps?:\/\/[^/]+\/apps\/x\n/);
    expect(await getDb().notification.count({ where: { userId: user.id } })).toBe(3);
  });
});

// Crash recovery: a process killed (SIGKILL) in the middle of a spec import,
// an app approval or a secret rotation leaves each either fully done (its
// rows and its audit record) or not started (no row of it, no record), the
// audit chain still verifies, and after a restart the same action completes.
// The child (crash-recovery-child.ts) stops at the transaction's COMMIT —
// just before it, or just after it — and says so; the test kills it there.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { createApp } from "@/lib/apps/create-app";
import { submitAppRequest } from "@/lib/apps/submit-app-request";
import { createSandboxData } from "@/lib/sandbox-data/create-sandbox-data";
import { makeLiveApp, TEST_BANK_SCOPES, TEST_BANK_SPEC } from "@/lib/testing/live-app-fixture";
import { publishSpec } from "@/lib/catalog/publish-spec";
import { systemActor } from "@/lib/authz/actor";
import { makeUser } from "@/lib/testing/factories";
import type { CrashJob, CrashPoint } from "./crash-recovery-child";

const dir = mkdtempSync(path.join(os.tmpdir(), "portico-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child; with a crash point, SIGKILLs it the moment it reports reaching it. */
function runChild(job: CrashJob, point?: CrashPoint): Promise<"killed" | "done"> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "crash-recovery-child.ts")], {
    env: { ...process.env, CRASH_JOB: JSON.stringify(job), ...(point ? { CRASH_AT: point } : {}) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let stdout = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let killed = false;
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!killed && stdout.includes("crash-point\n")) {
        killed = true;
        child.kill("SIGKILL");
      }
    });
    child.once("exit", (code, signal) => {
      if (killed && signal === "SIGKILL") resolve("killed");
      else if (!point && code === 0 && stdout.includes("done ")) resolve("done");
      else reject(new Error(`child ended with ${signal ?? code} (expected ${point ? "the crash point" : "done"}):\n${stdout}\n${stderr}`));
    });
  });
}

type Outcome = "done" | "not started" | string;

/** A spec import of a fresh API: the Api, its version, its overlay, its operations and spec.publish, or none of them. */
async function specImport(): Promise<{ job: CrashJob; state(): Promise<Outcome> }> {
  const id = randomBytes(4).toString("hex");
  const slug = `crash-${id}`;
  const spec = readFileSync(path.join(process.cwd(), "openapi", "payments.yaml"), "utf8")
    .replace("title: Payments API", `title: Crash ${id} Payments API`)
    .replace("x-portico-slug: payments", `x-portico-slug: ${slug}`);
  const specFile = path.join(dir, `${slug}.yaml`);
  writeFileSync(specFile, spec);
  const admin = await makeUser({ role: "admin" });
  return {
    job: { op: "publish", actor: admin.actor, specFile },
    async state() {
      const db = getDb();
      const api = await db.api.findUnique({ where: { slug }, include: { versions: { include: { overlay: { select: { apiVersionId: true } }, _count: { select: { operations: true } } } } } });
      const audits = (await db.auditEvent.findMany({ where: { action: "spec.publish" }, select: { details: true } })).filter((e) => (e.details as { api?: unknown } | null)?.api === slug).length;
      if (!api && audits === 0) return "not started";
      const version = api?.versions[0];
      if (api && api.versions.length === 1 && version!.overlay && version!._count.operations > 0 && audits === 1) return "done";
      return `partial: api ${!!api}, versions ${api?.versions.length}, overlay ${!!version?.overlay}, operations ${version?._count.operations}, audit records ${audits}`;
    },
  };
}

/** An admin's approval of a pending registration: the approval, the request's status, the grant, the client id and the audit records. */
async function approval(): Promise<{ job: CrashJob; state(): Promise<Outcome> }> {
  const db = getDb();
  const developer = await makeUser({ role: "developer" });
  const organisationId = developer.user.organisationId!;
  await db.$transaction((tx) => createSandboxData({ tx, organisationId }));
  const accounts = await db.sandboxAccount.findMany({ where: { organisationId } });
  const published = await publishSpec({ actor: systemActor("test"), unverifiedSpec: readFileSync(TEST_BANK_SPEC, "utf8"), filename: "payments.yaml" });
  const version = await db.apiVersion.findUniqueOrThrow({ where: { apiId_version: { apiId: published.apiId, version: published.version } } });
  const { id: appId } = await createApp({
    actor: developer.actor,
    unverifiedInput: {
      name: `Crash app ${randomBytes(3).toString("hex")}`,
      description: "Approved while the process dies",
      apis: [{ apiVersionId: version.id, scopes: TEST_BANK_SCOPES }],
      accountIds: accounts.slice(0, 1).map((a) => a.id),
      justification: "Crash recovery test",
    },
  });
  await submitAppRequest({ actor: developer.actor, appId });
  const request = await db.appRequest.findFirstOrThrow({ where: { appId, status: "pending" } });
  const admin = await makeUser({ role: "admin" });
  return {
    job: { op: "approve", actor: admin.actor, appId, requestId: request.id },
    async state() {
      const [req, app, approvals, grant, audits] = await Promise.all([
        db.appRequest.findUniqueOrThrow({ where: { id: request.id } }),
        db.app.findUniqueOrThrow({ where: { id: appId } }),
        db.appApproval.count({ where: { requestId: request.id, adminId: admin.user.id } }),
        db.appApi.count({ where: { appId } }),
        db.auditEvent.count({ where: { action: "app.approve", targetId: appId } }),
      ]);
      if (req.status === "pending" && req.revision === request.revision && approvals === 0 && audits === 0 && !app.clientId && grant === 0) return "not started";
      const finalDone = req.status === "approved" && !!app.clientId && grant === 1 && (await db.auditEvent.count({ where: { action: "credential.issue", targetId: appId } })) === 1;
      // With maker-checker on, one approval is complete without the grant.
      const firstOfTwoDone = req.status === "pending" && req.revision === request.revision + 1 && !app.clientId && grant === 0;
      if (approvals === 1 && audits === 1 && (finalDone || firstOfTwoDone)) return "done";
      return `partial: status ${req.status}, approvals ${approvals}, audit records ${audits}, clientId ${app.clientId}, grant rows ${grant}`;
    },
  };
}

/** A rotation of an app's client secret: the new secret, the old one's overlap expiry and secret.rotate, or none of them. */
async function rotation(): Promise<{ job: CrashJob; state(): Promise<Outcome> }> {
  const live = await makeLiveApp();
  const db = getDb();
  const [first] = await db.clientSecret.findMany({ where: { appId: live.appId } });
  return {
    job: { op: "rotate", actor: live.developer.actor, appId: live.appId },
    async state() {
      const secrets = await db.clientSecret.findMany({ where: { appId: live.appId }, orderBy: { createdAt: "asc" } });
      const audits = await db.auditEvent.count({ where: { action: "secret.rotate", targetId: live.appId } });
      const old = secrets.find((s) => s.id === first!.id)!;
      if (secrets.length === 1 && old.expiresAt === null && audits === 0) return "not started";
      if (secrets.length === 2 && old.expiresAt !== null && secrets[1]!.expiresAt === null && audits === 1) return "done";
      return `partial: secrets ${secrets.length}, old expires ${old.expiresAt?.toISOString()}, audit records ${audits}`;
    },
  };
}

const actions = { "spec import": specImport, "app approval": approval, "secret rotation": rotation };

describe("crash recovery (SIGKILL)", () => {
  for (const [name, setup] of Object.entries(actions)) {
    it(`${name}: killed before COMMIT, nothing of it is kept, and after a restart it completes`, async () => {
      const action = await setup();
      expect(await runChild(action.job, "before-commit")).toBe("killed");
      expect(await action.state()).toBe("not started");
      expect(await verifyAuditChain()).toMatchObject({ ok: true });
      // Restart: the same action, in a new process, runs to the end.
      expect(await runChild(action.job)).toBe("done");
      expect(await action.state()).toBe("done");
      expect(await verifyAuditChain()).toMatchObject({ ok: true });
    }, 120_000);

    it(`${name}: killed right after COMMIT, all of it is kept`, async () => {
      const action = await setup();
      expect(await runChild(action.job, "after-commit")).toBe("killed");
      expect(await action.state()).toBe("done");
      expect(await verifyAuditChain()).toMatchObject({ ok: true });
    }, 120_000);
  }
});

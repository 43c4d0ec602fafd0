// The SIEM sink against local receivers: a syslog-over-TLS server (RFC 5425
// octet-counted RFC 5424 messages) and an HTTPS JSON-lines collector, both
// with certificates from a CA made for this run by the openssl CLI. Events
// come through the real writers: the request-log writer's thread (so the
// gateway's redaction runs) and recordAuditEvent.
//
// This file sets SIEM_URL (the sink's on switch, read per call by
// lib/config) for its own tests and restores it afterwards: files of a
// worker run one after another, so no other file writes meanwhile.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { createRequestLogWriter } from "@/lib/logs/record-request-log";
import { makeUser } from "@/lib/testing/factories";
import { deliverSiemBatch, LEASE_MS, siemRetryDelayMs } from "./deliver-siem-events";
import { getSiemStatus } from "./get-siem-status";
import { siemTarget, type SiemTarget } from "./siem-target";

let dir: string;
let caFile: string;
let serverKey: string;
let serverCert: string;
const previousSiemUrl = process.env.SIEM_URL;
const ACCOUNT = "GB29NWBK60161331926819";

function openssl(...args: string[]) {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "portico-siem-"));
  openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=Portico test SIEM CA");
  openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=siem.test");
  writeFileSync(path.join(dir, "san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "san.ext");
  caFile = path.join(dir, "ca.crt");
  serverKey = readFileSync(path.join(dir, "server.key"), "utf8");
  serverCert = readFileSync(path.join(dir, "server.crt"), "utf8");
  // On for the events this file writes (the outbox is written only while SIEM_URL is set).
  process.env.SIEM_URL = "syslog+tls://127.0.0.1:6514";
});

afterAll(() => {
  if (previousSiemUrl === undefined) delete process.env.SIEM_URL;
  else process.env.SIEM_URL = previousSiemUrl;
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await getDb().siemOutbox.deleteMany();
  await getDb().siemDelivery.deleteMany();
});

/** A syslog-over-TLS receiver: splits the octet-counted frames and keeps each message and its event id (from the structured data). */
async function syslogReceiver(port = 0) {
  const messages: { eventId: string; message: string }[] = [];
  const sockets = new Set<tls.TLSSocket>();
  const server = tls.createServer({ key: serverKey, cert: serverCert, minVersion: "TLSv1.2" }, (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    let buffer = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const space = buffer.indexOf(0x20);
        if (space < 0) break;
        const length = Number(buffer.subarray(0, space).toString("ascii"));
        if (buffer.length < space + 1 + length) break;
        const message = buffer.subarray(space + 1, space + 1 + length).toString("utf8");
        buffer = buffer.subarray(space + 1 + length);
        messages.push({ eventId: /\[portico@32473 eventId="([^"]+)"\]/.exec(message)![1]!, message });
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    messages,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Request logs through the gateway's writer (its thread redacts), and audit records through the one audit writer; answers their event ids. */
async function writeEvents(count: { logs: number; audits: number }) {
  const dev = await makeUser({ role: "developer" });
  const writer = createRequestLogWriter({});
  const before = new Date(Date.now() - 1);
  for (let i = 0; i < count.logs; i++) {
    writer.record({
      at: new Date(),
      appId: `siem_app_${dev.user.id}`,
      organisationId: dev.user.organisationId,
      apiSlug: "accounts",
      apiVersion: "1.0.0",
      operationId: "getAccount",
      method: "GET",
      path: `/sandbox/accounts/1.0.0/accounts/${ACCOUNT}`,
      template: "/sandbox/accounts/1.0.0/accounts/{accountId}",
      sensitiveParams: ["accountId"],
      sensitiveQueryParams: ["iban"],
      detail: { query: { iban: ACCOUNT, page: String(i) } },
      status: i % 5 ? 200 : 404,
      latencyMs: 3 + i,
      sourceIp: "127.0.0.1",
    });
  }
  await writer.close();
  const logIds = (await getDb().requestLog.findMany({ where: { appId: `siem_app_${dev.user.id}`, at: { gte: before } }, select: { id: true } })).map((r) => r.id);
  expect(logIds).toHaveLength(count.logs);
  const auditIds: string[] = [];
  for (let i = 0; i < count.audits; i++) {
    const { seq } = await getDb().$transaction((tx) =>
      recordAuditEvent(tx, { actor: dev.actor, action: "usage.export", targetId: dev.user.organisationId, reason: `checking ${ACCOUNT}`, details: { iban: ACCOUNT, rows: i } }),
    );
    auditIds.push(`audit-${seq}`);
  }
  return { ids: [...logIds, ...auditIds], dev };
}

/** Runs the delivery step until the outbox is empty (or a step fails); answers the last step. */
async function drain(target: SiemTarget, holder = "test-holder") {
  for (;;) {
    const step = await deliverSiemBatch({ target, holder, batchSize: 7 });
    if (step.error || !step.delivered) return step;
  }
}

const counts = (ids: string[]) => ids.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<string, number>());

describe("SIEM sink: syslog over TLS", () => {
  it("delivers every event once, redacted; queues them while the receiver is down; after its restart delivers every queued event once", async () => {
    const receiver = await syslogReceiver();
    const target = siemTarget({ url: `syslog+tls://127.0.0.1:${receiver.port}`, caFile, batchSize: 7, intervalMs: 1000 });
    const first = await writeEvents({ logs: 30, audits: 6 });
    expect(await getDb().siemOutbox.count()).toBe(36);
    expect((await drain(target)).error).toBeUndefined();
    expect(await getDb().siemOutbox.count()).toBe(0);
    expect(counts(receiver.messages.map((m) => m.eventId))).toEqual(new Map(first.ids.map((id) => [id, 1])));
    // RFC 5424 header, and the gateway's redaction: the account number is in no message.
    for (const { message } of receiver.messages) {
      expect(message).toMatch(/^<13[34]>1 \d{4}-\d\d-\d\dT[\d:.]+Z \S+ portico \d+ (request|audit) \[portico@32473 eventId="[^"]+"\] \ufeff\{/);
      expect(message).not.toContain(ACCOUNT);
    }
    const request = JSON.parse(receiver.messages.find((m) => m.message.includes(" request "))!.message.split("\ufeff")[1]!);
    expect(request).toMatchObject({ type: "request", path: "/sandbox/accounts/1.0.0/accounts/[redacted]", method: "GET", operationId: "getAccount" });
    const audit = JSON.parse(receiver.messages.find((m) => m.message.includes(" audit "))!.message.split("\ufeff")[1]!);
    expect(audit).toMatchObject({ type: "audit", action: "usage.export", details: { iban: "[redacted]" } });

    // The receiver goes away: events queue, the error is visible to compliance.
    await receiver.stop();
    const second = await writeEvents({ logs: 20, audits: 5 });
    const failed = await drain(target);
    expect(failed.error).toMatch(/ECONNREFUSED/);
    expect(await getDb().siemOutbox.count()).toBe(25);
    const compliance = await makeUser({ role: "compliance" });
    const status = await getSiemStatus({ actor: compliance.actor });
    expect(status).toMatchObject({ enabled: true, pending: 25, delivered: 36, failures: 1, target: "syslog+tls://127.0.0.1:6514" });
    expect(status.lastError).toMatch(/ECONNREFUSED/);
    expect(status.lagSeconds).toBeGreaterThanOrEqual(0);
    await expect(getSiemStatus({ actor: first.dev.actor })).rejects.toMatchObject({ code: "forbidden" });

    // Back on the same port: every queued event arrives, each once, and nothing of the first round again.
    const restarted = await syslogReceiver(receiver.port);
    try {
      expect((await drain(target)).error).toBeUndefined();
      expect(counts(restarted.messages.map((m) => m.eventId))).toEqual(new Map(second.ids.map((id) => [id, 1])));
      expect(await getSiemStatus({ actor: compliance.actor })).toMatchObject({ pending: 0, delivered: 61, failures: 0, lagSeconds: null });
    } finally {
      await restarted.stop();
    }
  });

  it("refuses a receiver whose certificate the configured CA did not sign, and keeps the events", async () => {
    const receiver = await syslogReceiver();
    try {
      // No SIEM_CA_FILE: the system CAs, which do not know the test CA.
      const target = siemTarget({ url: `syslog+tls://127.0.0.1:${receiver.port}`, batchSize: 7, intervalMs: 1000 });
      await writeEvents({ logs: 2, audits: 0 });
      const step = await drain(target);
      expect(step.error).toMatch(/certificate/i);
      expect(receiver.messages).toEqual([]);
      expect(await getDb().siemOutbox.count()).toBe(2);
    } finally {
      await receiver.stop();
    }
  });
});

describe("SIEM sink: HTTP JSON lines", () => {
  it("posts batches of JSON lines; a batch the receiver refused is sent again, and every event id arrives", async () => {
    const accepted: string[] = [];
    const seen: string[] = [];
    let refuseNext = 1;
    const headers: string[] = [];
    const server = https.createServer({ key: serverKey, cert: serverCert }, (req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        headers.push(`${req.method} ${req.url} ${req.headers["content-type"]} ${req.headers.authorization}`);
        const ids = body.trim().split("\n").map((line) => (JSON.parse(line) as { eventId: string }).eventId);
        seen.push(...ids);
        if (refuseNext-- > 0) return res.writeHead(503).end();
        accepted.push(...ids);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const target = siemTarget({ url: `https://127.0.0.1:${port}/collect?source=portico`, caFile, authorization: "Splunk test-token", batchSize: 7, intervalMs: 1000 });
      const { ids } = await writeEvents({ logs: 12, audits: 3 });
      expect((await drain(target)).error).toBe(`HTTP receiver https://127.0.0.1:${port} answered 503`);
      expect(await getDb().siemOutbox.count()).toBe(15);
      expect((await drain(target)).error).toBeUndefined();
      // At least once: the refused batch was seen twice; by id, every event once.
      expect(new Set(accepted)).toEqual(new Set(ids));
      expect(accepted).toHaveLength(ids.length);
      expect(seen.length).toBe(ids.length + 7);
      expect(headers[0]).toBe("POST /collect?source=portico application/x-ndjson Splunk test-token");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("SIEM sink: one loop per deployment, settings", () => {
  it("sends only while holding the lease; another holder takes over once the lease has run out", async () => {
    const receiver = await syslogReceiver();
    try {
      const target = siemTarget({ url: `syslog+tls://127.0.0.1:${receiver.port}`, caFile, batchSize: 7, intervalMs: 1000 });
      await writeEvents({ logs: 3, audits: 0 });
      const now = new Date();
      expect(await deliverSiemBatch({ target, holder: "a", batchSize: 1, now })).toMatchObject({ held: true, delivered: 1 });
      expect(await deliverSiemBatch({ target, holder: "b", batchSize: 1, now })).toMatchObject({ held: false, delivered: 0 });
      expect(await deliverSiemBatch({ target, holder: "b", batchSize: 1, now: new Date(now.getTime() + LEASE_MS + 1) })).toMatchObject({ held: true, delivered: 1 });
      expect(await deliverSiemBatch({ target, holder: "a", batchSize: 1, now: new Date(now.getTime() + LEASE_MS + 2) })).toMatchObject({ held: false });
      expect(receiver.messages).toHaveLength(2);
    } finally {
      await receiver.stop();
    }
  });

  it("delivers and removes a batch larger than the driver's parameter limit in one step", async () => {
    const receiver = await syslogReceiver();
    try {
      const target = siemTarget({ url: `syslog+tls://127.0.0.1:${receiver.port}`, caFile, batchSize: 2000, intervalMs: 1000 });
      const { ids } = await writeEvents({ logs: 1100, audits: 0 });
      expect(await deliverSiemBatch({ target, holder: "big", batchSize: 2000 })).toMatchObject({ held: true, delivered: 1100 });
      expect(await getDb().siemOutbox.count()).toBe(0);
      expect(counts(receiver.messages.map((m) => m.eventId))).toEqual(new Map(ids.map((id) => [id, 1])));
    } finally {
      await receiver.stop();
    }
  });

  it("writes no outbox rows while SIEM_URL is unset (off by default)", async () => {
    const url = process.env.SIEM_URL;
    delete process.env.SIEM_URL;
    try {
      await writeEvents({ logs: 3, audits: 2 });
      expect(await getDb().siemOutbox.count()).toBe(0);
    } finally {
      process.env.SIEM_URL = url;
    }
  });

  it("parses SIEM_URL: syslog+tls (port 6514 by default) or https; plain http only to loopback; backoff grows and is capped", () => {
    expect(siemTarget({ url: "syslog+tls://siem.bank.example", batchSize: 1, intervalMs: 1000 })).toMatchObject({ kind: "syslog", host: "siem.bank.example", port: 6514 });
    expect(siemTarget({ url: "https://user:pw@siem.bank.example/hec?x=1", batchSize: 1, intervalMs: 1000 }).label).toBe("https://siem.bank.example");
    expect(siemTarget({ url: "http://127.0.0.1:8088/in", batchSize: 1, intervalMs: 1000 }).kind).toBe("http");
    expect(() => siemTarget({ url: "http://siem.bank.example/in", batchSize: 1, intervalMs: 1000 })).toThrow(/loopback/);
    expect(() => siemTarget({ url: "syslog://siem.bank.example", batchSize: 1, intervalMs: 1000 })).toThrow(/unsupported scheme/);
    expect([1, 2, 3, 10].map((n) => siemRetryDelayMs(n, () => 0.5))).toEqual([1000, 2000, 4000, 60_000]);
  });
});

import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { systemActor } from "@/lib/authz/actor";
import { recordAuditEvent } from "./record-audit-event";
import { verifyAuditChain } from "./verify-audit-chain";

describe("audit chain", () => {
  it("links each record to the previous one and survives concurrent appends", async () => {
    const db = getDb();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        db.$transaction((tx) => recordAuditEvent(tx, { actor: systemActor("test"), action: "user.create", targetId: String(i) })),
      ),
    );
    const report = await verifyAuditChain();
    expect(report.ok).toBe(true);
    const rows = await db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
  });
});

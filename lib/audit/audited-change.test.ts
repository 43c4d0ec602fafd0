import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDb, type Tx } from "@/lib/db";
import { onChange, type ChangeEvent } from "@/lib/broadcast/change-bus";
import type { Actor } from "@/lib/authz/actor";
import { makeOrganisation, makeUser } from "@/lib/testing/factories";
import { AUDIT_ACTIONS } from "./audit-actions";
import { auditedChange } from "./audited-change";
import { recordAuditEvent } from "./record-audit-event";
import { verifyAuditChain } from "./verify-audit-chain";

let events: ChangeEvent[] = [];
let stop: () => void;
beforeEach(() => {
  events = [];
  stop = onChange((e) => events.push(e));
});
afterEach(() => stop());

const auditOf = (organisationId: string) => getDb().auditEvent.findMany({ where: { targetId: organisationId }, orderBy: { seq: "asc" } });

/** An organisation suspension written through the helper, as an action would. */
function suspend(actor: Actor, organisationId: string, options: { failAfterWrite?: boolean } = {}) {
  return auditedChange({
    actor,
    roles: ["compliance"],
    change: async (tx) => {
      await tx.organisation.update({ where: { id: organisationId }, data: { status: "suspended" } });
      if (options.failAfterWrite) throw new Error("the change failed after writing");
      return {
        result: organisationId,
        audit: [{ action: "organisation.suspend", targetId: organisationId, reason: "helper test" }],
        publish: [{ kind: "organisation", organisationId }],
      };
    },
  });
}

describe("auditedChange", () => {
  it("refuses a role the action does not allow before it touches the database", async () => {
    const developer = await makeUser({ role: "developer" });
    const org = await makeOrganisation();
    await expect(suspend(developer.actor, org.id)).rejects.toMatchObject({ code: "forbidden", status: 403 });
    expect((await getDb().organisation.findUniqueOrThrow({ where: { id: org.id } })).status).toBe("active");
    expect(await auditOf(org.id)).toEqual([]);
    expect(events).toEqual([]);
  });

  it("commits the change with its record, the target type from the closed list, and publishes after the commit", async () => {
    const compliance = await makeUser({ role: "compliance" });
    const org = await makeOrganisation();
    // A listener that re-reads at once must already see the committed state.
    const seenByListener: Promise<string | undefined>[] = [];
    const off = onChange((e) => {
      if (e.kind === "organisation" && e.organisationId === org.id) {
        seenByListener.push(getDb().organisation.findUnique({ where: { id: org.id } }).then((o) => o?.status));
      }
    });
    try {
      expect(await suspend(compliance.actor, org.id)).toBe(org.id);
    } finally {
      off();
    }
    expect(await Promise.all(seenByListener)).toEqual(["suspended"]);
    expect(events).toEqual([{ kind: "organisation", organisationId: org.id }]);
    const [row, ...more] = await auditOf(org.id);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ action: "organisation.suspend", targetType: "organisation", actorId: compliance.user.id, actorRole: "compliance", reason: "helper test" });
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("rolls back the change and its record together and publishes nothing when the change fails", async () => {
    const compliance = await makeUser({ role: "compliance" });
    const org = await makeOrganisation();
    await expect(suspend(compliance.actor, org.id, { failAfterWrite: true })).rejects.toThrow("the change failed after writing");
    expect((await getDb().organisation.findUniqueOrThrow({ where: { id: org.id } })).status).toBe("active");
    expect(await auditOf(org.id)).toEqual([]);
    expect(events).toEqual([]);
  });

  it("rolls back the change when its record cannot be written", async () => {
    const org = await makeOrganisation();
    // Open to anyone, but a record must still name who acted: without one the change does not stand.
    const attempt = auditedChange({
      roles: "anyone",
      change: async (tx) => {
        await tx.organisation.update({ where: { id: org.id }, data: { status: "suspended" } });
        return { result: undefined, audit: [{ action: "organisation.suspend", targetId: org.id }], publish: [{ kind: "organisation", organisationId: org.id }] };
      },
    });
    await expect(attempt).rejects.toThrow("names no actor");
    expect((await getDb().organisation.findUniqueOrThrow({ where: { id: org.id } })).status).toBe("active");
    expect(await auditOf(org.id)).toEqual([]);
    expect(events).toEqual([]);
  });

  it("gives token.revoke and logs.read one target type each, whoever writes them", () => {
    expect(AUDIT_ACTIONS["token.revoke"]).toBe("token");
    expect(AUDIT_ACTIONS["logs.read"]).toBe("request_logs");
  });
});

// Checked by `tsc --noEmit`, never run: an action outside the closed list, or
// a target type of one's own, does not compile.
export function typeChecks(tx: Tx, actor: Actor) {
  // @ts-expect-error "token.delete" is not an audit action
  void recordAuditEvent(tx, { actor, action: "token.delete" });
  // @ts-expect-error the target type comes from the list, not from the caller
  void recordAuditEvent(tx, { actor, action: "token.revoke", targetType: "access_token" });
}

// Admins move a version through published → deprecated → retired (and back,
// e.g. to undo a mistaken retirement). Retired versions are hidden from
// developers' catalogue and search but kept: apps may still reference them.
import { z } from "zod";
import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { publishChange } from "@/lib/broadcast/change-bus";
import { requireRole } from "@/lib/authz/require-role";
import type { Actor } from "@/lib/authz/actor";
import { badRequest, notFound } from "@/lib/errors";
import { LIFECYCLES } from "./visible-api-where";

const Input = z.object({ lifecycle: z.enum(LIFECYCLES), reason: z.string().trim().max(500).optional() }).strict();

export async function setVersionLifecycle({ actor, slug, version, unverifiedInput }: { actor: Actor; slug: string; version: string; unverifiedInput: unknown }) {
  requireRole(actor, "admin");
  const parsed = Input.safeParse(unverifiedInput);
  if (!parsed.success) throw badRequest("Choose published, deprecated or retired", parsed.error.issues.map((i) => ({ pointer: `/${i.path.join("/")}`, message: i.message })));
  const { lifecycle, reason } = parsed.data;
  const changed = await getDb().$transaction(async (tx) => {
    const row = await tx.apiVersion.findFirst({ where: { version, api: { slug } }, select: { id: true, lifecycle: true } });
    if (!row) throw notFound("No such API version");
    if (row.lifecycle === lifecycle) return false;
    await tx.apiVersion.update({ where: { id: row.id }, data: { lifecycle } });
    await recordAuditEvent(tx, { actor, action: "api.lifecycle", targetType: "api_version", targetId: row.id, reason, details: { api: slug, version, from: row.lifecycle, to: lifecycle } });
    return true;
  });
  if (changed) await publishChange({ kind: "catalog" });
  return { slug, version, lifecycle };
}

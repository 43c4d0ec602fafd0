// Admins move a version through published → deprecated → retired (and back,
// e.g. to undo a mistaken retirement). Retired versions are hidden from
// developers' catalogue and search but kept: apps may still reference them.
import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { notFound, parseInput } from "@/lib/errors";
import { LIFECYCLES } from "./visible-api-where";

const Input = z.object({ lifecycle: z.enum(LIFECYCLES), reason: z.string().trim().max(500).optional() }).strict();

export async function setVersionLifecycle({ actor, slug, version, unverifiedInput }: { actor: Actor; slug: string; version: string; unverifiedInput: unknown }) {
  const { lifecycle, reason } = parseInput(Input, unverifiedInput, "Choose published, deprecated or retired");
  return auditedChange({
    actor,
    roles: setVersionLifecycle.roles,
    change: async (tx) => {
      const row = await tx.apiVersion.findFirst({ where: { version, api: { slug } }, select: { id: true, lifecycle: true } });
      if (!row) throw notFound("No such API version");
      const result = { slug, version, lifecycle };
      if (row.lifecycle === lifecycle) return { result, audit: [] };
      await tx.apiVersion.update({ where: { id: row.id }, data: { lifecycle } });
      return {
        result,
        audit: [{ action: "api.lifecycle", targetId: row.id, reason, details: { api: slug, version, from: row.lifecycle, to: lifecycle } }],
        publish: [{ kind: "catalog" }],
      };
    },
  });
}
setVersionLifecycle.roles = ["admin"] as const;

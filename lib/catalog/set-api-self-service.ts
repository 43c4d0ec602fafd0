// Admins mark an API self-service: sandbox apps asking only for self-service
// APIs are approved by policy (lib/apps/self-service-policy.ts) while the
// bank setting autoApproveSandboxApps is on. A restricted API cannot be
// marked: its apps always go to review (the policy checks visibility too).
import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { conflict, notFound, parseInput } from "@/lib/errors";

const Input = z.object({ selfService: z.boolean() }).strict();

export async function setApiSelfService({ actor, slug, unverifiedInput }: { actor: Actor; slug: string; unverifiedInput: unknown }) {
  const { selfService } = parseInput(Input, unverifiedInput, "Self-service choice is not valid");
  return auditedChange({
    actor,
    roles: setApiSelfService.roles,
    change: async (tx) => {
      const api = await tx.api.findUnique({ where: { slug }, select: { id: true, selfService: true, visibility: true } });
      if (!api) throw notFound("No such API");
      if (selfService && api.visibility !== "registered") throw conflict("A restricted API cannot be self-service: its apps always go to review");
      if (api.selfService === selfService) return { result: { slug, selfService }, audit: [] };
      await tx.api.update({ where: { id: api.id }, data: { selfService } });
      return {
        result: { slug, selfService },
        audit: [{ action: "api.self_service", targetId: api.id, details: { api: slug, from: api.selfService, to: selfService } }],
        publish: [{ kind: "catalog" }],
      };
    },
  });
}
setApiSelfService.roles = ["admin"] as const;

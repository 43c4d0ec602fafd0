// Admins choose who sees an API: every registered developer, or only named
// organisations. Security-critical: restricting takes effect at the next
// request everywhere (pages and search read visibility from the database).
import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { notFound, parseInput, PorticoError } from "@/lib/errors";

const Input = z
  .object({
    visibility: z.enum(["registered", "restricted"]),
    organisationSlugs: z.array(z.string().trim().min(1).max(100)).max(500).default([]),
  })
  .strict();

export async function setApiVisibility({ actor, slug, unverifiedInput }: { actor: Actor; slug: string; unverifiedInput: unknown }) {
  const input = parseInput(Input, unverifiedInput, "Visibility is not valid");
  const { visibility } = input;
  const slugs = visibility === "restricted" ? [...new Set(input.organisationSlugs)] : [];
  return auditedChange({
    actor,
    roles: setApiVisibility.roles,
    change: async (tx) => {
      const api = await tx.api.findUnique({ where: { slug }, include: { organisations: { select: { organisationId: true } } } });
      if (!api) throw notFound("No such API");
      const orgs = await tx.organisation.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } });
      const unknown = slugs.filter((s) => !orgs.some((o) => o.slug === s));
      if (unknown.length) {
        throw new PorticoError("validation_failed", "Unknown organisation", { violations: unknown.map((s) => ({ pointer: "/organisationSlugs", message: `no organisation "${s}"` })) });
      }
      await tx.apiOrganisationAccess.deleteMany({ where: { apiId: api.id } });
      if (orgs.length) await tx.apiOrganisationAccess.createMany({ data: orgs.map((o) => ({ apiId: api.id, organisationId: o.id })) });
      // Restricting ends self-service too, so making it public again later does not silently re-open instant approval.
      await tx.api.update({ where: { id: api.id }, data: { visibility, ...(visibility === "restricted" ? { selfService: false } : {}) } });
      return {
        result: { slug, visibility, organisations: orgs.map((o) => o.slug) },
        audit: [{ action: "api.visibility", targetId: api.id, details: { api: slug, from: api.visibility, to: visibility, organisations: orgs.map((o) => o.slug) } }],
        publish: [{ kind: "catalog" }],
      };
    },
  });
}
setApiVisibility.roles = ["admin"] as const;

// Admins choose who sees an API: every registered developer, or only named
// organisations. Security-critical: restricting takes effect at the next
// request everywhere (pages and search read visibility from the database).
import { z } from "zod";
import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { publishChange } from "@/lib/broadcast/change-bus";
import { requireRole } from "@/lib/authz/require-role";
import type { Actor } from "@/lib/authz/actor";
import { badRequest, notFound } from "@/lib/errors";

const Input = z
  .object({
    visibility: z.enum(["registered", "restricted"]),
    organisationSlugs: z.array(z.string().trim().min(1).max(100)).max(500).default([]),
  })
  .strict();

export async function setApiVisibility({ actor, slug, unverifiedInput }: { actor: Actor; slug: string; unverifiedInput: unknown }) {
  requireRole(actor, "admin");
  const parsed = Input.safeParse(unverifiedInput);
  if (!parsed.success) throw badRequest("Visibility is not valid", parsed.error.issues.map((i) => ({ pointer: `/${i.path.join("/")}`, message: i.message })));
  const { visibility } = parsed.data;
  const slugs = visibility === "restricted" ? [...new Set(parsed.data.organisationSlugs)] : [];
  const result = await getDb().$transaction(async (tx) => {
    const api = await tx.api.findUnique({ where: { slug }, include: { organisations: { select: { organisationId: true } } } });
    if (!api) throw notFound("No such API");
    const orgs = await tx.organisation.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } });
    const unknown = slugs.filter((s) => !orgs.some((o) => o.slug === s));
    if (unknown.length) throw badRequest("Unknown organisation", unknown.map((s) => ({ pointer: "/organisationSlugs", message: `no organisation "${s}"` })));
    await tx.apiOrganisationAccess.deleteMany({ where: { apiId: api.id } });
    if (orgs.length) await tx.apiOrganisationAccess.createMany({ data: orgs.map((o) => ({ apiId: api.id, organisationId: o.id })) });
    await tx.api.update({ where: { id: api.id }, data: { visibility } });
    await recordAuditEvent(tx, {
      actor,
      action: "api.visibility",
      targetType: "api",
      targetId: api.id,
      details: { api: slug, from: api.visibility, to: visibility, organisations: orgs.map((o) => o.slug) },
    });
    return { slug, visibility, organisations: orgs.map((o) => o.slug) };
  });
  await publishChange({ kind: "catalog" });
  return result;
}

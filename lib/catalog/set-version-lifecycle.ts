// Admins move a version through published → deprecated → retired (and back,
// e.g. to undo a mistaken retirement). Retired versions are hidden from
// developers' catalogue and search but kept: apps may still reference them.
// Deprecating records when (the sandbox's RFC 9745 Deprecation header) and
// may set a sunset date (RFC 8594 Sunset); publishing again clears both.
import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { notFound, parseInput, PorticoError } from "@/lib/errors";
import { LIFECYCLES } from "./visible-api-where";

const Input = z
  .object({
    lifecycle: z.enum(LIFECYCLES),
    reason: z.string().trim().max(500).optional(),
    /** A date (midnight UTC) or a date-time with its offset; null removes it. Only with `deprecated`. */
    sunsetAt: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).nullable().optional(),
  })
  .strict();

const invalidSunset = (message: string) => new PorticoError("validation_failed", message, { violations: [{ pointer: "/sunsetAt", message }] });

export async function setVersionLifecycle({ actor, slug, version, unverifiedInput }: { actor: Actor; slug: string; version: string; unverifiedInput: unknown }) {
  const input = parseInput(Input, unverifiedInput, "Choose published, deprecated or retired, and a sunset date as YYYY-MM-DD");
  const { lifecycle, reason } = input;
  const askedSunset = input.sunsetAt === undefined ? undefined : input.sunsetAt === null ? null : new Date(input.sunsetAt);
  if (askedSunset && lifecycle !== "deprecated") throw invalidSunset("Only a deprecated version has a sunset date");
  return auditedChange({
    actor,
    roles: setVersionLifecycle.roles,
    change: async (tx) => {
      const row = await tx.apiVersion.findFirst({ where: { version, api: { slug } }, select: { id: true, lifecycle: true, deprecatedAt: true, sunsetAt: true } });
      if (!row) throw notFound("No such API version");
      const now = new Date();
      const deprecatedAt = lifecycle === "published" ? null : lifecycle === "deprecated" ? (row.lifecycle === "deprecated" && row.deprecatedAt ? row.deprecatedAt : now) : row.deprecatedAt;
      const sunsetAt = lifecycle === "published" ? null : askedSunset === undefined ? row.sunsetAt : askedSunset;
      if (askedSunset && askedSunset.getTime() <= now.getTime()) throw invalidSunset("The sunset date must be in the future");
      const result = { slug, version, lifecycle, deprecatedAt: deprecatedAt?.toISOString() ?? null, sunsetAt: sunsetAt?.toISOString() ?? null };
      if (row.lifecycle === lifecycle && row.sunsetAt?.getTime() === sunsetAt?.getTime() && row.deprecatedAt?.getTime() === deprecatedAt?.getTime()) return { result, audit: [] };
      await tx.apiVersion.update({ where: { id: row.id }, data: { lifecycle, deprecatedAt, sunsetAt } });
      return {
        result,
        audit: [
          {
            action: "api.lifecycle",
            targetId: row.id,
            reason,
            details: { api: slug, version, from: row.lifecycle, to: lifecycle, ...(row.sunsetAt?.getTime() !== sunsetAt?.getTime() ? { sunsetFrom: row.sunsetAt?.toISOString() ?? null, sunsetTo: result.sunsetAt } : {}) },
          },
        ],
        publish: [{ kind: "catalog" }],
      };
    },
  });
}
setVersionLifecycle.roles = ["admin"] as const;

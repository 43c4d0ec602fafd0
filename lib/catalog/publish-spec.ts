// The one import pipeline. Admin upload, the management endpoint (a bank's
// CI), `npm run catalog:import` and the demo seed all publish through here:
// size → parse (line/column) → validate + dereference (JSON pointer) → our
// rules, in the analysis thread (analyse-upload.ts, off the event loop) →
// ONE transaction (API, version, operations, audit) → tell every process the
// catalogue changed. Any failure before or inside the transaction leaves
// nothing behind.
import { auditedChange, type Change } from "@/lib/audit/audited-change";
import { assertAllowed } from "@/lib/authz/require-role";
import type { Actor } from "@/lib/authz/actor";
import { yieldToRequests } from "@/lib/db";
import { PorticoError, conflict } from "@/lib/errors";
import { compareVersions } from "./compare-versions";
import type { SpecFiles } from "./analyse-upload";
import { runAnalysis } from "./run-analysis";
import { writeSpecDocuments } from "./write-spec-documents";

const OPERATION_ROWS_PER_INSERT = 10;

export type PublishResult = {
  status: "created" | "unchanged";
  apiId: string;
  slug: string;
  name: string;
  version: string;
  operations: number;
};

export async function publishSpec({
  actor,
  unverifiedSpec,
  filename,
}: {
  /** An admin, or a system actor (CLI, seed, an authenticated management token). */
  actor: Actor;
  /** The spec as YAML or JSON text, the bytes of a .zip holding a multi-file spec, or a multi-file spec's files. */
  unverifiedSpec: string | Uint8Array | SpecFiles;
  filename?: string;
}): Promise<PublishResult> {
  // Checked before the (costly) parse as well as by auditedChange: nobody
  // else gets a spec parsed.
  assertAllowed(actor, publishSpec.roles);
  const { spec, sourceJson, resolvedJson, specSha256 } = await runAnalysis(
    "analyse-upload",
    typeof unverifiedSpec === "string" ? { text: unverifiedSpec, filename } : unverifiedSpec instanceof Uint8Array ? { zip: unverifiedSpec } : { bundle: unverifiedSpec },
  );

  const result = await auditedChange({
    actor,
    roles: publishSpec.roles,
    change: async (tx): Promise<Change<{ status: PublishResult["status"]; apiId: string }>> => {
      const existingApi = await tx.api.findUnique({ where: { slug: spec.slug }, include: { versions: { select: { version: true, specSha256: true, id: true } } } });
      const same = existingApi?.versions.find((v) => v.version === spec.version);
      if (existingApi && same) {
        if (same.specSha256 === specSha256) {
          return { result: { status: "unchanged" as const, apiId: existingApi.id }, audit: [] };
        }
        throw conflict(`Version ${spec.version} of "${existingApi.name}" is already published with different content. Publish it under a new info.version.`);
      }
      // The API's name, summary and category follow its newest version, so
      // back-filling an old version does not rename the API.
      const isNewest = !existingApi || existingApi.versions.every((v) => compareVersions(spec.version, v.version) > 0);
      const apiFields = { name: spec.name, summary: spec.summary, category: spec.category };
      const api = existingApi
        ? isNewest
          ? await tx.api.update({ where: { id: existingApi.id }, data: apiFields })
          : existingApi
        : await tx.api.create({ data: { slug: spec.slug, ...apiFields } });
      const version = await tx.apiVersion.create({
        data: {
          apiId: api.id,
          version: spec.version,
          title: spec.name,
          description: spec.description,
          tags: spec.tags,
          scopes: spec.scopes,
          // Written as text just below, in this transaction: nobody sees these.
          specSource: {},
          specResolved: {},
          specSha256,
          // The upload's size; for a multi-file spec, its bundled document's.
          sizeBytes: Buffer.byteLength(typeof unverifiedSpec === "string" ? unverifiedSpec : sourceJson, "utf8"),
          publishedById: actor.kind === "user" ? actor.id : null,
        },
      });
      await writeSpecDocuments(tx, { apiVersionId: version.id, sourceJson, resolvedJson });
      // In slices, with waiting requests let in between: each row costs the Prisma client about a millisecond.
      for (let i = 0; i < spec.operations.length; i += OPERATION_ROWS_PER_INSERT) {
        await yieldToRequests();
        await tx.apiOperation.createMany({
          data: spec.operations.slice(i, i + OPERATION_ROWS_PER_INSERT).map((o) => ({
            apiVersionId: version.id,
            operationId: o.operationId,
            method: o.method,
            path: o.path,
            summary: o.summary,
            description: o.description,
            tags: o.tags,
            scopes: o.scopes,
            fieldNames: o.fieldNames.join(" "),
          })),
        });
      }
      return {
        result: { status: "created" as const, apiId: api.id },
        audit: [
          {
            action: "spec.publish",
            targetId: version.id,
            details: { api: spec.slug, version: spec.version, operations: spec.operations.length, sha256: specSha256, newApi: !existingApi },
          },
        ],
        publish: [{ kind: "catalog" }],
      };
    },
    // Hundreds of operations in slices: give slow disks room.
    transaction: { timeout: 60_000, maxWait: 10_000 },
  });

  return { ...result, slug: spec.slug, name: spec.name, version: spec.version, operations: spec.operations.length };
}

publishSpec.roles = ["admin", "system"] as const;

/** A one-line summary of a failed publish, for the CLI and logs. */
export function describePublishError(error: unknown): string {
  if (error instanceof PorticoError) {
    const items = (error.violations ?? []).map((v) => `${v.pointer !== undefined ? `${v.pointer || "/"}: ` : ""}${v.message}`);
    return items.length ? `${error.message}: ${items.join("; ")}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

// The management endpoint with an undecided import (issue 9, item 2): the
// spec is kept as a draft exactly as sent, nothing is published, and the
// answer is 409 decision_required naming the draft, what is missing and the
// overlay that accepts the proposals — a failure for the bank's CI job. The
// same slug and version again replaces the draft.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml, stringify } from "yaml";
import { systemActor } from "@/lib/authz/actor";
import { createManagementToken } from "@/lib/catalog/create-management-token";
import { publishSpec } from "@/lib/catalog/publish-spec";
import { getDb } from "@/lib/db";
import { draftUpload } from "@/lib/db/json-columns";
import { makeUser } from "@/lib/testing/factories";
import { POST } from "./route";

const unique = () => Math.random().toString(36).slice(2, 10);
/** The Berlin Group fixture (account identifiers proposed, none marked: undecided without an overlay) under a slug of its own. */
function undecidedSpec(slug = `drafted-${unique()}`) {
  const doc = parseYaml(readFileSync(path.join(process.cwd(), "lib", "testing", "data", "berlin-group-ais-pis.yaml"), "utf8")) as Record<string, any>;
  doc.info["x-portico-slug"] = slug;
  // Written by hand, with a comment: the draft keeps the text exactly as sent.
  return { slug, version: String(doc.info.version), text: `# as the bank wrote it\n${stringify(doc)}` };
}

async function postToManagement(token: string, text: string) {
  const response = await POST(new Request("http://portal.test/api/management/specs", { method: "POST", body: text, headers: { "content-type": "application/yaml", authorization: `Bearer ${token}` } }));
  return { status: response.status, type: response.headers.get("content-type"), body: (await response.json()) as Record<string, any> };
}

describe("an undecided import at the management endpoint", () => {
  it("from CI is kept as a draft and answered 409 naming it; nothing is published; a re-import replaces the draft", async () => {
    const admin = await makeUser({ role: "admin" });
    const { token } = await createManagementToken({ actor: admin.actor, unverifiedInput: { name: `ci-${unique()}` } });
    const { slug, version, text } = undecidedSpec();

    const answer = await postToManagement(token, text);
    expect(answer.status).toBe(409);
    expect(answer.type).toBe("application/problem+json");
    expect(answer.body).toMatchObject({
      code: "decision_required",
      draft: { id: expect.any(String), url: expect.stringMatching(/\/admin\/catalog\/drafts\/[^/]+$/) },
      violations: [{ pointer: "/overlay/accountMarks", message: expect.stringContaining("noAccountScoping") }],
    });
    expect(answer.body.proposedOverlay).toContain("accountMarks:");
    expect(answer.body.detail).toContain(answer.body.draft.id);
    const draftId = answer.body.draft.id as string;

    const row = await getDb().specDraft.findUniqueOrThrow({ where: { id: draftId } });
    expect(row).toMatchObject({ slug, version, source: "management", savedById: null, overlay: null });
    expect(row.savedBy).toMatch(/^management token "ci-/);
    expect(draftUpload(row.upload)).toEqual({ text, filename: "spec.yaml" });
    expect(await getDb().api.count({ where: { slug } })).toBe(0);
    const saved = await getDb().auditEvent.findFirstOrThrow({ where: { action: "spec.draft_saved", targetId: draftId } });
    expect(saved.details).toMatchObject({ api: slug, version, source: "management", replaced: false, missing: ["/overlay/accountMarks"] });

    // The same slug and version again (now from the CLI, with an overlay that still decides nothing): the draft is replaced, not doubled.
    const again = await publishSpec({ actor: systemActor("catalog:import (test)"), unverifiedSpec: text, unverifiedOverlay: "accountMarks: []\n", via: "cli" }).catch((e: unknown) => e);
    expect(again).toMatchObject({ code: "decision_required", extensions: { draft: { id: draftId } } });
    const replaced = await getDb().specDraft.findMany({ where: { slug } });
    expect(replaced).toHaveLength(1);
    expect(replaced[0]).toMatchObject({ id: draftId, source: "cli", overlay: "accountMarks: []\n", savedBy: "catalog:import (test)" });
    expect((await getDb().auditEvent.findFirstOrThrow({ where: { action: "spec.draft_saved", targetId: draftId }, orderBy: { seq: "desc" } })).details).toMatchObject({ replaced: true, source: "cli" });
  });

});

// Undecided imports kept as drafts (issue 9, item 2): a draft is seen by
// admins only; an admin decides and publishes it (the draft goes in that
// transaction) or discards it; publishing the version by other means removes
// it; every step audited. The management endpoint's side (409 naming the
// draft, the spec kept as written, a re-import replacing it):
// app/api/management/specs/drafts.test.ts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml, stringify } from "yaml";
import { systemActor } from "@/lib/authz/actor";
import { getDb } from "@/lib/db";
import { overlayAccountMarks } from "@/lib/db/json-columns";
import { makeUser } from "@/lib/testing/factories";
import { discardSpecDraft } from "./discard-spec-draft";
import { getSpecDraft } from "./get-spec-draft";
import { listApis } from "./list-apis";
import { listSpecDrafts } from "./list-spec-drafts";
import { publishSpec } from "./publish-spec";
import { publishSpecDraft } from "./publish-spec-draft";
import { searchCatalog } from "./search-catalog";

const data = path.join(process.cwd(), "lib", "testing", "data");
const read = (file: string) => readFileSync(path.join(data, file), "utf8");
const unique = () => Math.random().toString(36).slice(2, 10);
/** The Berlin Group fixture (account identifiers proposed, none marked: undecided without an overlay) under a slug of its own. */
function undecidedSpec(slug = `drafted-${unique()}`) {
  const doc = parseYaml(read("berlin-group-ais-pis.yaml")) as Record<string, any>;
  doc.info["x-portico-slug"] = slug;
  // Written by hand, with a comment: the draft keeps the text exactly as sent.
  return { slug, version: String(doc.info.version), text: `# as the bank wrote it\n${stringify(doc)}` };
}
const overlay = read("berlin-group-ais-pis.portico.yaml");

describe("an undecided import", () => {
  it("is seen by admins only, never by developers, the catalogue or search", async () => {
    const admin = await makeUser({ role: "admin" });
    const developer = await makeUser({ role: "developer" });
    const compliance = await makeUser({ role: "compliance" });
    const { slug, text } = undecidedSpec();
    const error = (await publishSpec({ actor: admin.actor, unverifiedSpec: text }).catch((e: unknown) => e)) as { extensions: { draft: { id: string } } };
    const draftId = error.extensions.draft.id;

    const draft = await getSpecDraft({ actor: admin.actor, id: draftId });
    expect(draft).toMatchObject({ slug, source: "admin_upload", savedBy: admin.actor.label });
    expect(draft.review.missing).toEqual([expect.objectContaining({ pointer: "/overlay/accountMarks" })]);
    expect(draft.review.proposedAccountMarks.length).toBeGreaterThan(0);
    expect(Object.keys(draft.review.proposedScopes)).toContain("GET /v1/accounts");
    expect(draft.review.scorecard?.score).toEqual(expect.any(Number));
    expect((await listSpecDrafts({ actor: admin.actor })).map((d) => d.id)).toContain(draftId);

    for (const actor of [developer.actor, compliance.actor, systemActor("test")]) {
      await expect(getSpecDraft({ actor, id: draftId })).rejects.toMatchObject({ status: 403 });
      await expect(listSpecDrafts({ actor })).rejects.toMatchObject({ status: 403 });
      await expect(publishSpecDraft({ actor, id: draftId, unverifiedOverlay: overlay })).rejects.toMatchObject({ status: 403 });
      await expect(discardSpecDraft({ actor, id: draftId })).rejects.toMatchObject({ status: 403 });
    }
    expect((await listApis({ actor: developer.actor })).map((a) => a.slug)).not.toContain(slug);
    expect((await searchCatalog({ actor: admin.actor, unverifiedQuery: "sepa" })).hits.map((h) => h.slug)).not.toContain(slug);
    expect(await getDb().specDraft.count({ where: { id: draftId } })).toBe(1);
  });

  it("is decided and published by an admin: the draft goes in the publishing transaction, named in the spec.publish record", async () => {
    const admin = await makeUser({ role: "admin" });
    const { slug, text } = undecidedSpec();
    const { extensions } = (await publishSpec({ actor: systemActor("test"), unverifiedSpec: text }).catch((e: unknown) => e)) as { extensions: { draft: { id: string } } };
    const draftId = extensions.draft.id;

    // A decision that is still no decision keeps the draft and says so again.
    await expect(publishSpecDraft({ actor: admin.actor, id: draftId, unverifiedOverlay: JSON.stringify({ accountMarks: [] }) })).rejects.toMatchObject({ code: "decision_required" });
    expect(await getDb().specDraft.count({ where: { id: draftId } })).toBe(1);

    const published = await publishSpecDraft({ actor: admin.actor, id: draftId, unverifiedOverlay: overlay });
    expect(published).toMatchObject({ status: "created", slug, accountMarks: 2 });
    expect(await getDb().specDraft.count({ where: { slug } })).toBe(0);
    const row = await getDb().apiVersion.findFirstOrThrow({ where: { api: { slug } }, include: { overlay: true } });
    expect(overlayAccountMarks(row.overlay!.accountMarks)).toHaveLength(2);
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "spec.publish", targetId: row.id } });
    expect(audit.details).toMatchObject({ draft: draftId, api: slug });
    expect(audit.actorId).toBe(admin.user.id);
    await expect(publishSpecDraft({ actor: admin.actor, id: draftId, unverifiedOverlay: overlay })).rejects.toMatchObject({ status: 404 });
  });

  it("is removed when the version is published by other means (CI again, with its overlay)", async () => {
    const { slug, text } = undecidedSpec();
    await publishSpec({ actor: systemActor("test"), unverifiedSpec: text }).catch(() => undefined);
    expect(await getDb().specDraft.count({ where: { slug } })).toBe(1);
    expect(await publishSpec({ actor: systemActor("test"), unverifiedSpec: text, unverifiedOverlay: overlay })).toMatchObject({ status: "created" });
    expect(await getDb().specDraft.count({ where: { slug } })).toBe(0);
  });

  it("is discarded by an admin, audited; it never was served", async () => {
    const admin = await makeUser({ role: "admin" });
    const { slug, version, text } = undecidedSpec();
    const { extensions } = (await publishSpec({ actor: systemActor("test"), unverifiedSpec: text }).catch((e: unknown) => e)) as { extensions: { draft: { id: string } } };
    await discardSpecDraft({ actor: admin.actor, id: extensions.draft.id });
    expect(await getDb().specDraft.count({ where: { slug } })).toBe(0);
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "spec.draft_discarded", targetId: extensions.draft.id } });
    expect(audit).toMatchObject({ actorId: admin.user.id, details: { api: slug, version, source: "cli" } });
    await expect(discardSpecDraft({ actor: admin.actor, id: extensions.draft.id })).rejects.toMatchObject({ status: 404 });
    expect(await getDb().api.count({ where: { slug } })).toBe(0);
  });
});

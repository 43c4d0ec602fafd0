// Publishing with a scorecard and a changelog, on the real database: the
// scorecard is stored with the version (findings for admins, the score for
// everyone), the bank's setting can make scorecard errors refuse a publish,
// a new version stores its changes from the previous one and tells the
// developers whose apps hold an older one, and deprecation carries a sunset.
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { getDb } from "@/lib/db";
import { storedChangelog, storedScorecard } from "@/lib/db/json-columns";
import { makeUser } from "@/lib/testing/factories";
import { makeApprovedApp } from "@/lib/testing/gateway-fixtures";
import { updateBankSettings } from "@/lib/settings/update-bank-settings";
import { generateSpec } from "./generate-spec";
import { getApiVersion } from "./get-api-version";
import { listApis } from "./list-apis";
import { scorecardsSettled, scorePublishedVersion } from "./score-published-version";
import { SCORECARD_ABANDONED_MS, shownScorecardState } from "./shown-scorecard-state";
import { publishSpec } from "./publish-spec";
import { setVersionLifecycle } from "./set-version-lifecycle";

const unique = () => Math.random().toString(36).slice(2, 10);
const counts = async () => ({ versions: await getDb().apiVersion.count(), publishes: await getDb().auditEvent.count({ where: { action: "spec.publish" } }) });

describe("the scorecard at publish", () => {
  it("does not hold the publish back when it cannot block it: served at once, scorecard pending, then stored and audited; admins see its findings, developers its score", async () => {
    const admin = await makeUser({ role: "admin" });
    const developer = await makeUser({ role: "developer" });
    const slug = `scored-${unique()}`;
    const published = await publishSpec({ actor: admin.actor, unverifiedSpec: stringify(generateSpec({ slug, operations: 3 })) });
    expect(published).toMatchObject({ status: "created", scorecard: null, scorecardState: "pending", changes: null });

    // Already served, and saying so, before Spectral has run.
    const row = await getDb().apiVersion.findFirstOrThrow({ where: { api: { slug } } });
    expect(storedScorecard(row.scorecard)).toEqual({ state: "pending", since: expect.any(Date) });
    expect(storedChangelog(row.changelog)).toBeNull();
    const publishAudit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "spec.publish", targetId: row.id } });
    expect(publishAudit.details).toMatchObject({ scorecard: "after publish" });
    expect((await getApiVersion({ actor: developer.actor, slug })).version).toMatchObject({ scorecard: null, scorecardProgress: { state: "pending" } });

    await scorecardsSettled();
    const scored = storedScorecard((await getDb().apiVersion.findUniqueOrThrow({ where: { id: row.id } })).scorecard);
    if (scored?.state !== "ready") throw new Error(`expected a stored scorecard, got ${JSON.stringify(scored)}`);
    const scorecard = scored.scorecard;
    expect(scorecard.score).toBeGreaterThanOrEqual(0);
    expect(scorecard.findings.length).toBeGreaterThan(0);
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "spec.scorecard", targetId: row.id } });
    expect(audit.details).toMatchObject({ api: slug, score: scorecard.score, scorecardErrors: scorecard.counts.error });

    const asAdmin = await getApiVersion({ actor: admin.actor, slug });
    expect(asAdmin.version.scorecard?.detail?.findings).toEqual(scorecard.findings);
    expect(asAdmin.version.scorecardProgress).toBeNull();
    const asDeveloper = await getApiVersion({ actor: developer.actor, slug });
    expect(asDeveloper.version.scorecard).toEqual({ score: scorecard.score, counts: scorecard.counts, rules: scorecard.rules, detail: null });
    // The unchanged re-publish reports the stored scorecard.
    expect(await publishSpec({ actor: admin.actor, unverifiedSpec: stringify(generateSpec({ slug, operations: 3 })) })).toMatchObject({ status: "unchanged", scorecardState: "ready", scorecard: { score: scorecard.score } });
  });

  it("stores a failure as such, which blocks nothing; a pending one whose publisher stopped reads as failed", async () => {
    const admin = await makeUser({ role: "admin" });
    const slug = `unscored-${unique()}`;
    const published = await publishSpec({ actor: admin.actor, unverifiedSpec: stringify(generateSpec({ slug, operations: 2 })) });
    await scorecardsSettled();
    const row = await getDb().apiVersion.findFirstOrThrow({ where: { api: { slug } } });
    // Linting a document that is not one fails in the analysis thread.
    scorePublishedVersion({ apiVersionId: row.id, sourceJson: "{ not json", slug, version: "1.0.0" });
    await scorecardsSettled();
    const after = await getDb().apiVersion.findUniqueOrThrow({ where: { id: row.id } });
    expect(storedScorecard(after.scorecard)).toEqual({ state: "failed", reason: "Spectral could not lint this spec" });
    expect((await getApiVersion({ actor: admin.actor, slug })).version).toMatchObject({ scorecard: null, scorecardProgress: { state: "failed", reason: "Spectral could not lint this spec" } });
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "spec.scorecard", targetId: row.id }, orderBy: { seq: "desc" } });
    expect(audit.details).toMatchObject({ failed: "Spectral could not lint this spec" });
    expect((await listApis({ actor: admin.actor })).find((a) => a.slug === slug)!.versions[0]).toMatchObject({ score: null, scorecardProgress: "failed" });
    expect(published.status).toBe("created");

    const since = new Date(Date.now() - SCORECARD_ABANDONED_MS - 1000);
    expect(shownScorecardState({ state: "pending", since })).toMatchObject({ state: "failed", reason: expect.stringContaining("stopped") });
    expect(shownScorecardState({ state: "pending", since: new Date() })).toMatchObject({ state: "pending" });
  });

  it("is waited for when its errors block publishing: refuses a spec with scorecard errors when the bank says so, with pointers, writing nothing; the setting change is audited", async () => {
    const admin = await makeUser({ role: "admin" });
    const spec = generateSpec({ slug: `blocked-${unique()}`, operations: 2 });
    await updateBankSettings({ actor: admin.actor, unverifiedChanges: { scorecardErrorsBlockPublish: true } });
    try {
      const setting = await getDb().auditEvent.findFirstOrThrow({ where: { action: "settings.update", actorId: admin.user.id }, orderBy: { seq: "desc" } });
      expect(setting.details).toEqual({ scorecardErrorsBlockPublish: { from: false, to: true } });
      const before = await counts();
      const error = await publishSpec({ actor: admin.actor, unverifiedSpec: stringify(spec) }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "validation_failed", message: expect.stringMatching(/^The scorecard found \d+ errors \(score \d+\), and this bank does not publish specs with scorecard errors$/) });
      const violations = (error as { violations: { pointer: string; message: string }[] }).violations;
      expect(violations.length).toBeGreaterThan(0);
      expect(violations[0]!.pointer).toMatch(/^\//);
      expect(violations[0]!.message).toMatch(/^(owasp:|oas)|^[a-z0-9-]+: /);
      expect(await counts()).toEqual(before);
    } finally {
      await updateBankSettings({ actor: admin.actor, unverifiedChanges: { scorecardErrorsBlockPublish: false } });
    }
    expect((await publishSpec({ actor: admin.actor, unverifiedSpec: stringify(spec) })).status).toBe("created");
  });
});

describe("the changelog between versions", () => {
  it("stores the changes from the previous version and tells the developers of apps on an older one", async () => {
    const admin = await makeUser({ role: "admin" });
    const slug = `changing-${unique()}`;
    const v1 = generateSpec({ slug, operations: 4, version: "1.0.0" });
    await publishSpec({ actor: admin.actor, unverifiedSpec: stringify(v1) });
    const v1Row = await getDb().apiVersion.findFirstOrThrow({ where: { api: { slug }, version: "1.0.0" } });

    const holder = await makeUser({ role: "developer" });
    const colleague = await makeUser({ role: "developer", organisationId: holder.user.organisationId });
    const bystander = await makeUser({ role: "developer" });
    const app = await makeApprovedApp({ organisationId: holder.user.organisationId!, ownerId: holder.user.id, apiVersionId: v1Row.id, scopes: [] });

    const v2 = structuredClone(v1);
    (v2.info as { version: string }).version = "2.0.0";
    const paths = v2.paths as Record<string, unknown>;
    delete paths[Object.keys(paths)[0]!];
    const published = await publishSpec({ actor: admin.actor, unverifiedSpec: stringify(v2) });
    expect(published.changes).toEqual({ from: "1.0.0", breaking: 1, total: 1 });

    const v2Row = await getDb().apiVersion.findFirstOrThrow({ where: { api: { slug }, version: "2.0.0" } });
    const changelog = storedChangelog(v2Row.changelog)!;
    expect(changelog).toMatchObject({ from: "1.0.0", counts: { breaking: 1 }, changes: [expect.objectContaining({ type: "breaking", action: "remove" })] });
    const developerView = await getApiVersion({ actor: holder.actor, slug, version: "2.0.0" });
    expect(developerView.version.changelog).toEqual(changelog);

    const message = `${v2Row.title} 2.0.0 is published: 1 breaking change since 1.0.0. Your apps on an older version: ${app.app.name} (1.0.0).`;
    for (const user of [holder, colleague]) {
      expect(await getDb().notification.findMany({ where: { userId: user.user.id }, select: { message: true, link: true } })).toEqual([{ message, link: `/apis/${slug}/2.0.0#changelog` }]);
    }
    expect(await getDb().notification.count({ where: { userId: bystander.user.id } })).toBe(0);
    expect((await getDb().auditEvent.findFirstOrThrow({ where: { action: "spec.publish", targetId: v2Row.id } })).details).toMatchObject({ changedFrom: "1.0.0", breakingChanges: 1, notifiedApps: 1 });

    // A back-filled older version is compared with the one before it, and is no news for anyone.
    const v15 = structuredClone(v1);
    (v15.info as { version: string }).version = "1.5.0";
    const backfilled = await publishSpec({ actor: admin.actor, unverifiedSpec: stringify(v15) });
    expect(backfilled.changes).toEqual({ from: "1.0.0", breaking: 0, total: 0 });
    expect(await getDb().notification.count({ where: { userId: holder.user.id } })).toBe(1);
  });
});

describe("deprecation with a sunset date", () => {
  it("records when, takes a future sunset only for a deprecated version, and clears both when published again", async () => {
    const admin = await makeUser({ role: "admin" });
    const developer = await makeUser({ role: "developer" });
    const slug = `sunset-${unique()}`;
    await publishSpec({ actor: admin.actor, unverifiedSpec: stringify(generateSpec({ slug, operations: 1 })) });
    const set = (unverifiedInput: unknown, actor = admin.actor) => setVersionLifecycle({ actor, slug, version: "1.0.0", unverifiedInput });
    const row = () => getDb().apiVersion.findFirstOrThrow({ where: { api: { slug } }, select: { id: true, lifecycle: true, deprecatedAt: true, sunsetAt: true } });

    await expect(set({ lifecycle: "published", sunsetAt: "2099-01-01" })).rejects.toMatchObject({ code: "validation_failed", violations: [{ pointer: "/sunsetAt" }] });
    await expect(set({ lifecycle: "deprecated", sunsetAt: "2001-01-01" })).rejects.toMatchObject({ code: "validation_failed", message: "The sunset date must be in the future" });
    await expect(set({ lifecycle: "deprecated", sunsetAt: "next week" })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(set({ lifecycle: "deprecated", sunsetAt: "2099-01-01" }, developer.actor)).rejects.toMatchObject({ code: "forbidden" });
    expect(await row()).toMatchObject({ lifecycle: "published", deprecatedAt: null, sunsetAt: null });

    const result = await set({ lifecycle: "deprecated", sunsetAt: "2099-06-30" });
    expect(result).toMatchObject({ lifecycle: "deprecated", sunsetAt: "2099-06-30T00:00:00.000Z" });
    const deprecated = await row();
    expect(deprecated.deprecatedAt).toBeInstanceOf(Date);
    // Moving the sunset keeps the deprecation date.
    await set({ lifecycle: "deprecated", sunsetAt: "2099-12-31T12:00:00+01:00" });
    expect(await row()).toMatchObject({ deprecatedAt: deprecated.deprecatedAt, sunsetAt: new Date("2099-12-31T11:00:00Z") });
    await set({ lifecycle: "published" });
    expect(await row()).toMatchObject({ lifecycle: "published", deprecatedAt: null, sunsetAt: null });

    const audit = await getDb().auditEvent.findMany({ where: { action: "api.lifecycle", targetId: deprecated.id }, orderBy: { seq: "asc" }, select: { details: true } });
    expect(audit.map((a) => a.details)).toEqual([
      { api: slug, version: "1.0.0", from: "published", to: "deprecated", sunsetFrom: null, sunsetTo: "2099-06-30T00:00:00.000Z" },
      { api: slug, version: "1.0.0", from: "deprecated", to: "deprecated", sunsetFrom: "2099-06-30T00:00:00.000Z", sunsetTo: "2099-12-31T11:00:00.000Z" },
      { api: slug, version: "1.0.0", from: "deprecated", to: "published", sunsetFrom: "2099-12-31T11:00:00.000Z", sunsetTo: null },
    ]);
  });
});

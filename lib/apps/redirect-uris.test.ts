// Redirect URIs for the authorization code grant: validated (https, or http
// on loopback; no fragment, no credentials), applied at once without a
// review (no draft request), audited as app.update with the new list, and
// only by the app's own organisation.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { redirectUris } from "@/lib/db/json-columns";
import { makeDeveloperWithSandbox } from "@/lib/testing/catalog-fixtures";
import { createApp } from "./create-app";
import { saveAppDraft } from "./save-app-draft";

describe("redirect URIs", () => {
  it("are validated, saved at once, audited, and refused to another organisation", async () => {
    const dev = await makeDeveloperWithSandbox();
    const { id } = await createApp({ actor: dev.actor, unverifiedInput: { name: "Consent app", redirectUris: ["https://app.example/cb"] } });
    const db = getDb();
    expect(redirectUris((await db.app.findUniqueOrThrow({ where: { id } })).redirectUris)).toEqual(["https://app.example/cb"]);

    for (const bad of ["http://app.example/cb", "https://app.example/cb#frag", "https://user:pw@app.example/cb", "/relative", "javascript:alert(1)"]) {
      await expect(saveAppDraft({ actor: dev.actor, appId: id, unverifiedInput: { redirectUris: [bad] } }), bad).rejects.toMatchObject({
        code: "validation_failed",
        violations: [expect.objectContaining({ pointer: "/redirectUris/0" })],
      });
    }

    const requestsBefore = await db.appRequest.count({ where: { appId: id } });
    await saveAppDraft({ actor: dev.actor, appId: id, unverifiedInput: { redirectUris: ["http://127.0.0.1:8080/cb", "https://app.example/cb", "http://127.0.0.1:8080/cb"] } });
    expect(redirectUris((await db.app.findUniqueOrThrow({ where: { id } })).redirectUris)).toEqual(["http://127.0.0.1:8080/cb", "https://app.example/cb"]);
    expect(await db.appRequest.count({ where: { appId: id } })).toBe(requestsBefore);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "app.update", targetId: id }, orderBy: { seq: "desc" } });
    expect(audit.details).toMatchObject({ changed: ["redirectUris"], redirectUris: ["http://127.0.0.1:8080/cb", "https://app.example/cb"] });

    const stranger = await makeDeveloperWithSandbox();
    await expect(saveAppDraft({ actor: stranger.actor, appId: id, unverifiedInput: { redirectUris: ["https://evil.example/cb"] } })).rejects.toMatchObject({ code: "not_found" });
  });
});

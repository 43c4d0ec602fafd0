// The CLI end to end: a real process, the test database, one line per file,
// exit code 1 when any file failed, 2 when an import needs a decision its
// overlay does not give (kept as a draft, named), and 0 when all were
// imported; scorecards computed after the publish are stored before it exits.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { copyFileSync, readFileSync } from "node:fs";
import { parse as parseYaml, stringify } from "yaml";
import { getDb } from "@/lib/db";
import { storedScorecard } from "@/lib/db/json-columns";
import { generateSpec } from "@/lib/catalog/generate-spec";

const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
// Each run starts tsx afresh, which takes many seconds on a loaded machine: generous timeouts, no budget.
const run = (...args: string[]) => spawnSync(tsx, ["scripts/catalog-import.ts", ...args], { env: { ...process.env }, encoding: "utf8", timeout: 150_000 });

describe("npm run catalog:import", () => {
  it("prints one line per file and exits 1 when any failed, importing the good ones", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "portico-cli-"));
    const slug = `cli-${Date.now().toString(36)}`;
    writeFileSync(path.join(dir, "a-good.yaml"), stringify(generateSpec({ slug, operations: 2 })));
    writeFileSync(path.join(dir, "b-bad.yaml"), "openapi: 3.0.3\ninfo: [oops\n");
    writeFileSync(path.join(dir, "notes.txt"), "not a spec");
    const result = run(dir);
    expect(result.status, result.stderr).toBe(1);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^OK +.*a-good\\.yaml: Generated ${slug} 1\\.0\\.0 \\(${slug}, 2 operations, scorecard pending\\)$`)),
      expect.stringMatching(/^FAIL +.*b-bad\.yaml: The spec is not valid YAML: .*line \d+/),
      "served; waiting for the scorecard of 1 version (Spectral, after publishing)…",
      "1 of 2 imported, 1 failed",
    ]);
    // Served before Spectral ran; stored before the CLI exited.
    return getDb()
      .apiVersion.findFirstOrThrow({ where: { api: { slug } } })
      .then((version) => expect(storedScorecard(version.scorecard)).toMatchObject({ state: "ready", scorecard: { score: expect.any(Number) } }));
  }, 300_000);

  it("exits 0 when every file imported (again: unchanged), and 1 for a missing path", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "portico-cli-"));
    const file = path.join(dir, "spec.json");
    writeFileSync(file, JSON.stringify(generateSpec({ operations: 1 })));
    expect(run(file).status).toBe(0);
    const again = run(file);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^SAME .*already published/m);
    const missing = run(path.join(dir, "nope"));
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain("no such file or folder");
  }, 300_000);

  it("exits 2 on an undecided import, says what is missing and proposes an overlay; with the overlay beside the spec it publishes", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "portico-cli-"));
    const slug = `psd2-cli-${Date.now().toString(36)}`;
    const data = path.join(process.cwd(), "lib", "testing", "data");
    const doc = parseYaml(readFileSync(path.join(data, "berlin-group-ais-pis.yaml"), "utf8")) as Record<string, any>;
    doc.info["x-portico-slug"] = slug;
    writeFileSync(path.join(dir, "psd2.yaml"), stringify(doc));
    const undecided = run(dir);
    expect(undecided.status, undecided.stderr).toBe(2);
    expect(undecided.stdout).toMatch(/^DRAFT .*psd2\.yaml: NextGenPSD2 Style XS2A 1\.3\.12 needs decisions its overlay does not give; nothing was published\. It is kept as draft \S+ for an admin to decide: \S+\/admin\/catalog\/drafts\/\S+: \/overlay\/accountMarks: confirm or correct the 3 proposed account identifiers/m);
    const draft = await getDb().specDraft.findFirstOrThrow({ where: { slug } });
    expect(draft).toMatchObject({ source: "cli", savedBy: expect.stringMatching(/^catalog:import/) });
    expect(undecided.stdout).toContain(`kept as draft ${draft.id}: decide it at `);
    expect(undecided.stdout).toContain(`/admin/catalog/drafts/${draft.id}`);
    expect(undecided.stdout).toContain(`save this as ${path.join(dir, "psd2.portico.yaml")}`);
    expect(undecided.stdout).toMatch(/name: account-id/);
    expect(undecided.stdout.trim().split("\n").at(-1)).toBe("0 of 1 imported, 1 need decisions (drafts)");
    expect(await getDb().api.findUnique({ where: { slug } })).toBeNull();

    copyFileSync(path.join(data, "berlin-group-ais-pis.portico.yaml"), path.join(dir, "psd2.portico.yaml"));
    const decided = run(dir);
    expect(decided.status, decided.stdout).toBe(0);
    expect(decided.stdout).toMatch(/^OK +.*psd2\.yaml: .*3 with default scopes, 2 account identifiers confirmed, overlay .*psd2\.portico\.yaml\)$/m);
    expect(await getDb().api.findUnique({ where: { slug } })).not.toBeNull();
    // Published, its draft is gone.
    expect(await getDb().specDraft.count({ where: { slug } })).toBe(0);
  }, 300_000);
});

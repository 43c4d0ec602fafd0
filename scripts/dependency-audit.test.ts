// The committed-advisory audit: a vulnerable production entry fails, a dev
// entry or a fixed version does not, exceptions need an exact match, and the
// real lockfile passes against the committed list.
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { auditLockfile, type AdvisoryList, type Lockfile } from "./dependency-audit";

const advisory = { id: "GHSA-test-0000-0000", package: "@scope/lib", severity: "high", vulnerable: "<1.2.3 || >=2.0.0 <2.0.5", title: "test" } as const;
const lock = (packages: Lockfile["packages"]): Lockfile => ({ lockfileVersion: 3, packages: { "": {}, ...packages } });

describe("auditLockfile", () => {
  it("finds a vulnerable production entry, nested or aliased, and names where it is", () => {
    const { findings } = auditLockfile(
      lock({
        "node_modules/@scope/lib": { version: "1.2.3" },
        "node_modules/a/node_modules/@scope/lib": { version: "2.0.4" },
        "node_modules/alias": { name: "@scope/lib", version: "1.0.0" },
      }),
      { advisories: [advisory], exceptions: [] },
    );
    expect(findings.map((f) => [f.version, f.paths])).toEqual([
      ["2.0.4", ["node_modules/a/node_modules/@scope/lib"]],
      ["1.0.0", ["node_modules/alias"]],
    ]);
  });

  it("ignores dev-only entries, links and advisories below high", () => {
    const { findings } = auditLockfile(lock({ "node_modules/@scope/lib": { version: "1.0.0", dev: true }, "node_modules/x": { version: "1.0.0", link: true } }), {
      advisories: [advisory, { ...advisory, package: "x", severity: "moderate" }],
      exceptions: [],
    });
    expect(findings).toEqual([]);
  });

  it("honours an exception only for its exact advisory, package and version, and reports one that matches nothing", () => {
    const list: AdvisoryList = { advisories: [advisory], exceptions: [{ id: advisory.id, package: "@scope/lib", version: "1.0.0", reason: "unreachable" }, { id: advisory.id, package: "@scope/lib", version: "9.9.9", reason: "old" }] };
    const { findings, staleExceptions } = auditLockfile(lock({ "node_modules/@scope/lib": { version: "1.0.0" }, "node_modules/b/node_modules/@scope/lib": { version: "1.1.0" } }), list);
    expect(findings.map((f) => [f.version, !!f.excepted])).toEqual([
      ["1.0.0", true],
      ["1.1.0", false],
    ]);
    expect(staleExceptions.map((e) => e.version)).toEqual(["9.9.9"]);
  });

  it("passes the project's own lockfile against the committed list", () => {
    const root = process.cwd();
    const { findings, staleExceptions } = auditLockfile(
      JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as Lockfile,
      JSON.parse(readFileSync(path.join(root, "scripts", "dependency-advisories.json"), "utf8")) as AdvisoryList,
    );
    expect(findings.filter((f) => !f.excepted).map((f) => `${f.advisory.id} ${f.advisory.package}@${f.version}`)).toEqual([]);
    expect(staleExceptions).toEqual([]);
  });

  it("the CLI exits 0 on the project and prints its summary", () => {
    const run = spawnSync(path.join(process.cwd(), "node_modules", ".bin", "tsx"), ["scripts/dependency-audit.ts", "--offline"], { encoding: "utf8", timeout: 120_000 });
    expect(run.stdout).toContain("dependency audit: no open high or critical advisory");
    expect(run.status).toBe(0);
  });
});

// Orders API versions the way people read them: "1.10.0" after "1.9.2",
// a release after its pre-releases ("2.0.0-rc.1" < "2.0.0"), as SemVer 2.0.0
// §11 says. Versions that are not semver fall back to a natural string order
// so a spec versioned "2024-06" still sorts sensibly.

const SEMVER = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function comparePre(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const x = a.split(".");
  const y = b.split(".");
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i];
    const q = y[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn && Number(p) !== Number(q)) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

/** Negative when a < b, positive when a > b, 0 when equal. */
export function compareVersions(a: string, b: string): number {
  const x = SEMVER.exec(a);
  const y = SEMVER.exec(b);
  if (!x || !y) return a.localeCompare(b, "en", { numeric: true });
  for (const i of [1, 2, 3]) {
    const d = Number(x[i] ?? 0) - Number(y[i] ?? 0);
    if (d !== 0) return d;
  }
  return comparePre(x[4], y[4]);
}

/** The newest of the versions, or undefined for none. */
export function latestVersion<T extends { version: string }>(versions: readonly T[]): T | undefined {
  return versions.reduce<T | undefined>((best, v) => (!best || compareVersions(v.version, best.version) > 0 ? v : best), undefined);
}

// Amounts are kept as integers of minor units (pence, cents) and shown as
// decimal strings with two places, as the bundled specs (and ISO 20022) write
// them. Every sandbox currency (GBP, EUR) has two decimal places.

/** 152340 → "1523.40"; -4215 → "-42.15". */
export function formatMinor(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** "86.20" → 8620, "86.2" → 8620, "86" → 8600; undefined for anything else (signs, exponents, more than two places, beyond 13 digits). */
export function parseMinor(decimal: string): number | undefined {
  const m = /^([0-9]{1,13})(?:\.([0-9]{1,2}))?$/.exec(decimal);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** A rate held in millionths, shown with four decimal places as the bundled FX spec writes rates: 1164200 → "1.1642". */
export function formatRate(micros: number): string {
  const tenThousandths = Math.round(micros / 100);
  return `${Math.floor(tenThousandths / 10_000)}.${String(tenThousandths % 10_000).padStart(4, "0")}`;
}

// Where the SIEM sink sends: SIEM_URL parsed once, at start-up, into a
// syslog-over-TLS or an HTTP target, with the CA bundle read from its file.
//
// Not through the outbound SSRF guard that event callbacks use
// (lib/callbacks/outbound-guard.ts): that guard keeps developers' URLs away
// from the bank's own network, whereas the SIEM address is set by the bank's
// operator in the environment, and a collector on the same host or inside
// the bank's network (loopback, private ranges) is the normal case.
import { readFileSync } from "node:fs";
import type { SiemConfig } from "@/lib/config";

export type SiemTarget =
  | { kind: "syslog"; host: string; port: number; ca?: string; label: string }
  | { kind: "http"; url: URL; ca?: string; authorization?: string; label: string };

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** The target of a SIEM configuration; throws with a readable message when SIEM_URL is not one Portico can send to. */
export function siemTarget(config: SiemConfig): SiemTarget {
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    throw new Error("SIEM_URL is not a URL: use syslog+tls://host:6514 or https://collector/path");
  }
  const ca = config.caFile ? readFileSync(config.caFile, "utf8") : undefined;
  // The label is what status pages and logs show: never the URL's credentials, path or query.
  if (url.protocol === "syslog+tls:") {
    if (!url.hostname) throw new Error("SIEM_URL: syslog+tls:// needs a host");
    const port = url.port ? Number(url.port) : 6514; // RFC 5425 §4.1: the syslog-over-TLS port
    return { kind: "syslog", host: url.hostname.replace(/^\[|\]$/g, ""), port, ca, label: `syslog+tls://${url.hostname}:${port}` };
  }
  if (url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.test(url.hostname))) {
    return { kind: "http", url, ca, authorization: config.authorization, label: `${url.protocol}//${url.host}` };
  }
  if (url.protocol === "http:") throw new Error("SIEM_URL: plain http:// only to a loopback address; use https:// (logs and audit records leave the host)");
  throw new Error(`SIEM_URL: unsupported scheme ${url.protocol} (syslog+tls: or https:)`);
}

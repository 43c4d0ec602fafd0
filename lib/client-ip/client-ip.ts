// The client's IP address, derived in ONE place for the audit trail, the
// request logs, rate limits and sessions. Security-critical: anyone can send
// X-Forwarded-For or X-Real-IP, so a header is believed only as far as a
// proxy the operator listed in TRUSTED_PROXIES wrote it.
//
// The address is the socket's peer, unless that peer is a trusted proxy; then
// X-Forwarded-For is read from the right (each proxy appends the address it
// received the request from) and the first entry that is not itself a
// trusted proxy is the client. Entries further left were written by the
// client or by untrusted hops and are ignored (RFC 7239 §5.2 and §8.3 say the
// same of `Forwarded`). X-Real-IP is never read: it has no chain to check.
import { BlockList, isIP } from "node:net";
import type { IncomingMessage } from "node:http";
import { config } from "@/lib/config";

/**
 * The header the portal's own HTTP server (scripts/start.ts) SETS on every
 * request, overwriting whatever the client sent, for the route handlers,
 * which do not see the socket: lib/auth reads the client's address from it.
 */
export const CLIENT_IP_HEADER = "x-portico-client-ip";

/** TRUSTED_PROXIES compiled once: addresses and CIDR ranges, IPv4 and IPv6. */
export type TrustedProxies = { has(address: string): boolean; empty: boolean };

/** `::ffff:192.0.2.1` (an IPv4 client on a dual-stack socket) is 192.0.2.1. */
function normalise(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/** An X-Forwarded-For entry: an address, possibly with a port (`192.0.2.1:443`, `[2001:db8::1]:443`). */
function entryAddress(entry: string): string | undefined {
  let text = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  text = normalise(text);
  return isIP(text) ? text : undefined;
}

export function compileTrustedProxies(list: readonly string[]): TrustedProxies {
  const blocks = new BlockList();
  for (const item of list) {
    const [address, prefix] = item.split("/");
    const normalised = normalise(address!);
    const family = isIP(normalised);
    if (!family) throw new Error(`TRUSTED_PROXIES: "${item}" is not an IP address or CIDR range`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) blocks.addAddress(normalised, type);
    else {
      const bits = Number(prefix);
      if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) throw new Error(`TRUSTED_PROXIES: "${item}" has an invalid prefix length`);
      blocks.addSubnet(normalised, bits, type);
    }
  }
  return {
    empty: list.length === 0,
    has: (address) => {
      const a = normalise(address);
      const family = isIP(a);
      return family !== 0 && blocks.check(a, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

/**
 * The client's address: the socket peer unless it is a trusted proxy, then
 * the right-most X-Forwarded-For entry that is not a trusted proxy. When an
 * entry a trusted proxy passed on is not an address, the last trusted hop is
 * the answer (nothing beyond it can be believed).
 */
export function clientIp(options: { remoteAddress: string | undefined; forwardedFor: string | string[] | undefined; trusted: TrustedProxies }): string | undefined {
  const peer = options.remoteAddress === undefined ? undefined : normalise(options.remoteAddress);
  if (peer === undefined || options.trusted.empty || !options.trusted.has(peer)) return peer;
  const header = Array.isArray(options.forwardedFor) ? options.forwardedFor.join(",") : options.forwardedFor;
  if (!header) return peer;
  let hop = peer;
  const entries = header.split(",");
  for (let i = entries.length - 1; i >= 0; i--) {
    const address = entryAddress(entries[i]!);
    if (address === undefined) return hop;
    if (!options.trusted.has(address)) return address;
    hop = address;
  }
  return hop; // every hop a trusted proxy: the left-most is as far as the chain goes
}

let fromConfig: TrustedProxies | undefined;

/** The client address of a request on one of our own servers (the gateway; the portal's server in scripts/start.ts), trusting TRUSTED_PROXIES. */
export function requestClientIp(req: IncomingMessage, trusted: TrustedProxies = (fromConfig ??= compileTrustedProxies(config.trustedProxies))): string | undefined {
  return clientIp({ remoteAddress: req.socket.remoteAddress, forwardedFor: req.headers["x-forwarded-for"], trusted });
}

/**
 * For the portal's server: replaces any client-sent CLIENT_IP_HEADER with
 * the derived address (or removes it), before Next.js sees the request.
 */
export function setClientIpHeader(req: IncomingMessage, trusted?: TrustedProxies): void {
  const ip = requestClientIp(req, trusted);
  if (ip === undefined) delete req.headers[CLIENT_IP_HEADER];
  else req.headers[CLIENT_IP_HEADER] = ip;
}

// Outbound HTTP calls to URLs that developers chose (event callbacks), guarded
// against server-side request forgery. Security-critical (second reviewer
// please). In order, and before any socket exists:
//  1. the URL: http(s) only, no user:password, https unless the target is an
//     allowed loopback address;
//  2. the host is resolved ONCE, here, and every address it resolves to is
//     checked: private, loopback, link-local, CGNAT, multicast, reserved,
//     documentation, IPv4-mapped/translated IPv6, ULA (fc00::/7) and anything
//     outside IPv6 global unicast are refused; loopback only when the bank's
//     setting allows it. One bad address refuses the whole name (a DNS answer
//     that mixes a public and a private address is a rebinding attempt);
//  3. the connection goes to that checked address itself (the socket is made
//     here with the IP as host; TLS gets the name as servername for SNI and
//     certificate checks), so no second lookup can substitute another address.
// Then: no redirect is followed (a 3xx is a failed delivery), the connection
// and the whole exchange have short deadlines, and the reply is read only up
// to a size limit.
import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import net from "node:net";
import tls from "node:tls";

export type ResolvedAddress = { address: string; family: number };
/** Resolves a host name to all its addresses (default: the system resolver, dns.lookup with all: true). */
export type Lookup = (hostname: string) => Promise<ResolvedAddress[]>;
/** Opens the socket to an already checked IP address (default: net.connect, or tls.connect with servername). Tests pass a spy. */
export type Connector = (target: { ip: string; port: number; tls: boolean; servername?: string }) => net.Socket;

export type OutboundPolicy = { allowLoopback: boolean };

export type OutboundOptions = {
  url: string;
  body: string;
  headers: Record<string, string>;
  policy: OutboundPolicy;
  lookup?: Lookup;
  connect?: Connector;
  connectTimeoutMs?: number;
  /** The whole exchange, from the start of the connection to the last byte of the reply. */
  timeoutMs?: number;
  maxResponseBytes?: number;
};

/** Refused before any connection was attempted. */
export class OutboundRefused extends Error {
  override name = "OutboundRefused";
}
/** The connection or the exchange failed (or the reply broke a limit). */
export class OutboundFailed extends Error {
  override name = "OutboundFailed";
}

const blockList = (v4: [string, number][], v6: [string, number][]) => {
  const list = new net.BlockList();
  for (const [a, p] of v4) list.addSubnet(a, p, "ipv4");
  for (const [a, p] of v6) list.addSubnet(a, p, "ipv6");
  return list;
};

// IANA special-purpose registries (RFC 6890 and successors): nothing here is a public Internet host.
const SPECIAL = blockList(
  [
    ["0.0.0.0", 8], // "this network"
    ["10.0.0.0", 8], // private (RFC 1918)
    ["100.64.0.0", 10], // CGNAT shared space (RFC 6598)
    ["127.0.0.0", 8], // loopback
    ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
    ["172.16.0.0", 12], // private
    ["192.0.0.0", 24], // IETF protocol assignments
    ["192.0.2.0", 24], // documentation
    ["192.88.99.0", 24], // 6to4 relay anycast
    ["192.168.0.0", 16], // private
    ["198.18.0.0", 15], // benchmarking
    ["198.51.100.0", 24], // documentation
    ["203.0.113.0", 24], // documentation
    ["224.0.0.0", 4], // multicast
    ["240.0.0.0", 4], // reserved, and 255.255.255.255 broadcast
  ],
  [
    ["::", 128], // unspecified
    ["::1", 128], // loopback
    // IPv4-mapped (::ffff:0:0/96) is MAPPED_V6 below: in this list net.BlockList would match every IPv4 address against it.
    ["64:ff9b::", 96], // NAT64 well-known prefix: embeds an IPv4 address
    ["64:ff9b:1::", 48], // local-use NAT64
    ["100::", 64], // discard-only
    ["2001::", 23], // IETF protocol assignments (Teredo 2001::/32 embeds IPv4)
    ["2001:db8::", 32], // documentation
    ["2002::", 16], // 6to4: embeds an IPv4 address
    ["fc00::", 7], // unique local
    ["fe80::", 10], // link-local
    ["fec0::", 10], // site-local (deprecated)
    ["ff00::", 8], // multicast
  ],
);
const MAPPED_V6 = blockList([], [["::ffff:0:0", 96]]);
const LOOPBACK = blockList([["127.0.0.0", 8]], [["::1", 128]]);
/** IPv6 global unicast: anything outside is not a public host. */
const GLOBAL_UNICAST_V6 = blockList([], [["2000::", 3]]);

export type AddressClass = "public" | "loopback" | "forbidden";

export function classifyAddress(address: string): AddressClass {
  const family = net.isIP(address);
  if (family === 0) return "forbidden";
  const type = family === 4 ? "ipv4" : "ipv6";
  // First: net.BlockList matches an IPv4-mapped IPv6 address against IPv4 rules, so ::ffff:127.0.0.1
  // would pass as loopback below; a mapped address is refused whatever it maps to.
  if (type === "ipv6" && MAPPED_V6.check(address, "ipv6")) return "forbidden";
  if (LOOPBACK.check(address, type)) return "loopback";
  if (SPECIAL.check(address, type)) return "forbidden";
  if (type === "ipv6" && !GLOBAL_UNICAST_V6.check(address, "ipv6")) return "forbidden";
  return "public";
}

export type CheckedTarget = { url: URL; ip: string; tls: boolean; port: number; servername?: string };

const systemLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Step 1 alone, with no lookup: what registration checks (an IP literal is
 * checked too; a name is checked at every delivery, when it is resolved).
 */
export function checkOutboundUrl(rawUrl: string, policy: OutboundPolicy): { url: URL; host: string } {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new OutboundRefused("not a valid URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new OutboundRefused(`scheme ${url.protocol} is not allowed`);
  if (url.protocol === "http:" && !policy.allowLoopback) throw new OutboundRefused("only https URLs are allowed");
  if (url.username || url.password) throw new OutboundRefused("a URL with a user name or password is not allowed");
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (net.isIP(host)) {
    const kind = classifyAddress(host);
    if (kind === "forbidden" || (kind === "loopback" && !policy.allowLoopback)) throw new OutboundRefused(`${host} is not a public address`);
  }
  return { url, host };
}

/** Steps 1 and 2: the URL and every address its host resolves to. Throws OutboundRefused; opens nothing. */
export async function checkOutboundTarget(rawUrl: string, policy: OutboundPolicy, lookup: Lookup = systemLookup): Promise<CheckedTarget> {
  const { url, host } = checkOutboundUrl(rawUrl, policy);
  let addresses: ResolvedAddress[];
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
  else {
    try {
      addresses = await lookup(host);
    } catch {
      throw new OutboundRefused(`${host} does not resolve`);
    }
  }
  if (addresses.length === 0) throw new OutboundRefused(`${host} does not resolve`);
  for (const { address } of addresses) {
    const kind = classifyAddress(address);
    if (kind === "forbidden") throw new OutboundRefused(`${host} resolves to ${address}, which is not a public address`);
    if (kind === "loopback" && !policy.allowLoopback) throw new OutboundRefused(`${host} resolves to the loopback address ${address}`);
  }
  const allLoopback = addresses.every((a) => classifyAddress(a.address) === "loopback");
  if (addresses.some((a) => classifyAddress(a.address) === "loopback") && !allLoopback) {
    throw new OutboundRefused(`${host} resolves to both loopback and public addresses`);
  }
  const secure = url.protocol === "https:";
  if (!secure && !allLoopback) throw new OutboundRefused("only https URLs are allowed");
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  return { url, ip: addresses[0]!.address, tls: secure, port, servername: secure && !net.isIP(host) ? host : undefined };
}

export const defaultConnector: Connector = ({ ip, port, tls: secure, servername }) =>
  secure ? tls.connect({ host: ip, port, servername, ALPNProtocols: ["http/1.1"] }) : net.connect({ host: ip, port });

export type OutboundResponse = { status: number; body: string };

/** POSTs `body` to a checked target. Resolves with any HTTP status (3xx included, never followed); rejects with OutboundRefused or OutboundFailed. */
export async function postGuarded(options: OutboundOptions): Promise<OutboundResponse> {
  const target = await checkOutboundTarget(options.url, options.policy, options.lookup);
  const connect = options.connect ?? defaultConnector;
  const connectTimeoutMs = options.connectTimeoutMs ?? 3000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxResponseBytes = options.maxResponseBytes ?? 64 * 1024;

  return new Promise<OutboundResponse>((resolve, reject) => {
    let settled = false;
    let socket: net.Socket | undefined;
    const finish = (error: Error | undefined, value?: OutboundResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(connectDeadline);
      if (error) {
        request.destroy();
        socket?.destroy();
        reject(error);
      } else resolve(value!);
    };
    const deadline = setTimeout(() => finish(new OutboundFailed(`no complete reply within ${timeoutMs} ms`)), timeoutMs);
    let connectDeadline: NodeJS.Timeout | undefined;
    const request = http.request({
      method: "POST",
      path: `${target.url.pathname}${target.url.search}`,
      headers: { ...options.headers, host: target.url.host, "content-length": String(Buffer.byteLength(options.body)), connection: "close" },
      // Step 3: the socket to the checked address; no agent, no lookup of its own.
      createConnection: () => {
        socket = connect({ ip: target.ip, port: target.port, tls: target.tls, servername: target.servername });
        connectDeadline = setTimeout(() => finish(new OutboundFailed(`no connection within ${connectTimeoutMs} ms`)), connectTimeoutMs);
        socket.once(target.tls ? "secureConnect" : "connect", () => clearTimeout(connectDeadline));
        return socket;
      },
    });
    request.on("error", (error) => finish(new OutboundFailed(error.message)));
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxResponseBytes) return finish(new OutboundFailed(`reply larger than ${maxResponseBytes} bytes`));
        chunks.push(chunk);
      });
      response.on("end", () => finish(undefined, { status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", (error) => finish(new OutboundFailed(error.message)));
    });
    request.end(options.body);
  });
}

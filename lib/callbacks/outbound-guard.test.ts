// The SSRF guard. Every connection these tests open goes to 127.0.0.1 (a
// server started here); every refusal is shown to happen before any socket
// exists, with a connector spy that counts the sockets the guard asks for.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyAddress, defaultConnector, OutboundFailed, OutboundRefused, postGuarded, type Connector, type Lookup } from "./outbound-guard";

function spyConnector() {
  const calls: { ip: string; port: number }[] = [];
  const connect: Connector = (target) => {
    // Belt and braces: these tests must never leave the loopback network.
    if (!target.ip.startsWith("127.")) throw new Error(`test tried to connect to ${target.ip}`);
    calls.push({ ip: target.ip, port: target.port });
    return defaultConnector(target);
  };
  return { calls, connect };
}

function spyLookup(answers: string[][]) {
  const asked: string[] = [];
  const lookup: Lookup = async (hostname) => {
    asked.push(hostname);
    const answer = answers[Math.min(asked.length - 1, answers.length - 1)]!;
    return answer.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return { asked, lookup };
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
let handler: Handler = (_req, res) => res.end("ok");
const seen: { host?: string; url?: string; body: string }[] = [];
let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ host: req.headers.host, url: req.url, body });
      handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const loopbackAllowed = { allowLoopback: true };
const send = (url: string, extra: Partial<Parameters<typeof postGuarded>[0]> = {}) =>
  postGuarded({ url, body: '{"hello":1}', headers: { "content-type": "application/json" }, policy: loopbackAllowed, ...extra });

describe("outbound guard", () => {
  it("classifies addresses: only public unicast passes, loopback is its own class, IPv4-mapped IPv6 is refused whatever it maps to", () => {
    for (const address of ["8.8.8.8", "1.1.1.1", "2606:4700::1111", "2a00:1450:4009::1"]) expect(classifyAddress(address), address).toBe("public");
    for (const address of ["127.0.0.1", "127.255.0.9", "::1"]) expect(classifyAddress(address), address).toBe("loopback");
    for (const address of [
      "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1", // private
      "100.64.0.1", "100.127.255.254", // CGNAT
      "169.254.169.254", "fe80::1", // link-local, cloud metadata
      "224.0.0.1", "239.255.255.250", "ff02::1", // multicast
      "0.0.0.0", "255.255.255.255", "240.0.0.1", "192.0.2.10", "198.18.0.1", "::", // unspecified, broadcast, reserved, documentation, benchmarking
      "fc00::1", "fd12:3456::1", // unique local (fc00::/7)
      "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::ffff:8.8.8.8", // IPv4-mapped
      "64:ff9b::a00:1", "2002:a00:1::1", "2001:db8::1", "2001::1", // NAT64, 6to4, documentation, Teredo
      "3fff::1".replace("3fff", "4000"), // outside 2000::/3
      "not-an-ip",
    ]) expect(classifyAddress(address), address).toBe("forbidden");
  });

  it("refuses a name that resolves to a private address before any connection is attempted", async () => {
    const { calls, connect } = spyConnector();
    const { asked, lookup } = spyLookup([["10.0.0.1"]]);
    await expect(send("https://hooks.example.test/cb", { lookup, connect })).rejects.toThrow(OutboundRefused);
    await expect(send("https://hooks.example.test/cb", { lookup, connect })).rejects.toThrow(/10\.0\.0\.1/);
    expect(asked).toEqual(["hooks.example.test", "hooks.example.test"]);
    expect(calls).toEqual([]);
  });

  it("refuses private, link-local, mapped and loopback address literals without a lookup or a socket", async () => {
    const { calls, connect } = spyConnector();
    const { asked, lookup } = spyLookup([["127.0.0.1"]]);
    for (const url of ["https://10.1.2.3/", "https://169.254.169.254/latest/meta-data", "https://[::ffff:127.0.0.1]/", "https://[fd00::1]/", "https://100.64.1.1/"]) {
      await expect(send(url, { lookup, connect }), url).rejects.toThrow(OutboundRefused);
    }
    // Loopback only when the bank's setting allows it.
    await expect(send(`http://127.0.0.1:${port}/`, { lookup, connect, policy: { allowLoopback: false } })).rejects.toThrow(OutboundRefused);
    await expect(send(`https://[::1]:${port}/`, { lookup, connect, policy: { allowLoopback: false } })).rejects.toThrow(OutboundRefused);
    expect(asked).toEqual([]);
    expect(calls).toEqual([]);
  });

  it("refuses a DNS answer that mixes an allowed address with a forbidden one (rebinding), and http to anything but loopback", async () => {
    const { calls, connect } = spyConnector();
    await expect(send("https://rebind.example.test/", { lookup: spyLookup([["127.0.0.1", "10.0.0.1"]]).lookup, connect })).rejects.toThrow(OutboundRefused);
    await expect(send("https://rebind.example.test/", { lookup: spyLookup([["8.8.8.8", "127.0.0.1"]]).lookup, connect })).rejects.toThrow(/both loopback and public/);
    await expect(send("http://plain.example.test/", { lookup: spyLookup([["8.8.8.8"]]).lookup, connect })).rejects.toThrow(/only https/);
    await expect(send("http://plain.example.test/", { lookup: spyLookup([["127.0.0.1"]]).lookup, connect, policy: { allowLoopback: false } })).rejects.toThrow(/only https/);
    for (const url of ["ftp://127.0.0.1/", "file:///etc/passwd", `http://user:pw@127.0.0.1:${port}/`, "not a url"]) {
      await expect(send(url, { connect }), url).rejects.toThrow(OutboundRefused);
    }
    expect(calls).toEqual([]);
  });

  it("resolves once and connects to the address it checked, never resolving again (a second answer would be 10.0.0.1)", async () => {
    handler = (_req, res) => res.end("fine");
    const { calls, connect } = spyConnector();
    const { asked, lookup } = spyLookup([["127.0.0.1"], ["10.0.0.1"]]);
    seen.length = 0;
    const reply = await send(`http://callbacks.example.test:${port}/hook?x=1`, { lookup, connect });
    expect(reply).toEqual({ status: 200, body: "fine" });
    expect(asked).toEqual(["callbacks.example.test"]);
    expect(calls).toEqual([{ ip: "127.0.0.1", port }]);
    expect(seen).toEqual([{ host: `callbacks.example.test:${port}`, url: "/hook?x=1", body: '{"hello":1}' }]);
  });

  it("does not follow a redirect: the 3xx is the answer, and its target hears nothing", async () => {
    const target = http.createServer((_req, res) => res.end("should not be reached"));
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
    let reached = 0;
    target.on("request", () => reached++);
    handler = (_req, res) => res.writeHead(307, { location: `http://127.0.0.1:${(target.address() as AddressInfo).port}/` }).end();
    const { calls, connect } = spyConnector();
    const reply = await send(`http://127.0.0.1:${port}/`, { connect });
    expect(reply.status).toBe(307);
    expect(calls).toHaveLength(1);
    expect(reached).toBe(0);
    await new Promise((resolve) => target.close(resolve));
  });

  it("stops reading a reply past the size limit", async () => {
    handler = (_req, res) => res.end("x".repeat(200_000));
    await expect(send(`http://127.0.0.1:${port}/`, { maxResponseBytes: 4096 })).rejects.toThrow(new OutboundFailed("reply larger than 4096 bytes"));
  });

  it("gives up on a reply that does not come in time", async () => {
    handler = () => {}; // never answers
    await expect(send(`http://127.0.0.1:${port}/`, { timeoutMs: 300 })).rejects.toThrow(OutboundFailed);
    await expect(send(`http://127.0.0.1:${port}/`, { timeoutMs: 300 })).rejects.toThrow(/no complete reply within 300 ms/);
  });
});

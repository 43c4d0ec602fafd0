// TLS and mutual TLS on the gateway (RFC 8705) with certificates generated
// for this run by the openssl CLI: TLS 1.2+ only, both mTLS client
// authentication methods, and certificate-bound tokens refused without
// their certificate.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { parseClientCertificate } from "@/lib/credentials/parse-client-certificate";
import { removeClientCertificate } from "@/lib/credentials/remove-client-certificate";
import type { Actor } from "@/lib/authz/actor";
import { makeApiVersion, makeApprovedApp, makeOrganisationWithAccounts, TEST_TOKEN_RATE_LIMITS } from "@/lib/testing/gateway-fixtures";
import { startGateway, type Gateway } from "./server";

type Pair = { key: string; cert: string };
let dir: string;
let server: Pair;
let ca: Pair;
let pkiClient: Pair;
let selfSigned: Pair;
let stranger: Pair;
let gateway: Gateway;
let port: number;
let sandboxPath: string;
let accountId: string;
let selfApp: Awaited<ReturnType<typeof makeApprovedApp>>;
let pkiApp: Awaited<ReturnType<typeof makeApprovedApp>>;
let removable: Pair;
let removableApp: Awaited<ReturnType<typeof makeApprovedApp>>;
let owner: Actor;

function openssl(...args: string[]) {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}
function selfSignedPair(name: string, cn: string, extra: string[] = []): Pair {
  openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.crt`, "-days", "2", "-subj", `/CN=${cn}`, ...extra);
  return { key: path.join(dir, `${name}.key`), cert: path.join(dir, `${name}.crt`) };
}
const read = (file: string) => readFileSync(file, "utf8");

type Reply = { status: number; body: string; protocol: string | null };
function request(options: { method?: string; path: string; client?: Pair; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port,
        servername: "localhost",
        method: options.method ?? "GET",
        path: options.path,
        ca: read(server.cert),
        ...(options.client ? { key: read(options.client.key), cert: read(options.client.cert) } : {}),
        headers: options.headers,
        agent: false,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode!, body, protocol: (res.socket as tls.TLSSocket).getProtocol?.() ?? null }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}
const form = (params: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(params).toString(),
});

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "portico-mtls-"));
  server = selfSignedPair("server", "localhost", ["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]);
  ca = selfSignedPair("ca", "Portico Test Client CA", ["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"]);
  openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "pki.key", "-out", "pki.csr", "-subj", "/CN=pki-client");
  openssl("x509", "-req", "-in", "pki.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "pki.crt", "-days", "2");
  pkiClient = { key: path.join(dir, "pki.key"), cert: path.join(dir, "pki.crt") };
  selfSigned = selfSignedPair("self", "self-signed-client");
  stranger = selfSignedPair("stranger", "unregistered-client");
  removable = selfSignedPair("removable", "removable-client");

  const { version, slug, versionName } = await makeApiVersion();
  const org = await makeOrganisationWithAccounts({ accounts: 1 });
  accountId = org.accounts[0]!.accountId;
  const grant = { organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: version.id, scopes: ["accounts:read"], accountIds: [org.accounts[0]!.id] };
  selfApp = await makeApprovedApp(grant);
  pkiApp = await makeApprovedApp(grant);
  removableApp = await makeApprovedApp(grant);
  owner = { kind: "user", id: org.owner.id, role: "developer", organisationId: org.organisation.id, label: org.owner.email, ip: "127.0.0.1" };
  for (const [app, pair] of [[selfApp, selfSigned], [pkiApp, pkiClient], [removableApp, removable]] as const) {
    const parsed = parseClientCertificate(read(pair.cert));
    await getDb().clientCertificate.create({ data: { appId: app.app.id, ...parsed } });
  }
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: { key: server.key, cert: server.cert, clientCa: ca.cert }, tokenRateLimits: TEST_TOKEN_RATE_LIMITS });
  port = Number(new URL(gateway.url).port);
  sandboxPath = `/sandbox/${slug}/${versionName}/accounts/${accountId}`;
});

afterAll(async () => {
  await gateway?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("TLS versions", () => {
  it("speaks TLS 1.3 and 1.2", async () => {
    expect((await request({ path: "/healthz" })).protocol).toBe("TLSv1.3");
    const tls12 = await new Promise<string | null>((resolve, reject) => {
      const socket = tls.connect({ host: "127.0.0.1", port, servername: "localhost", ca: read(server.cert), maxVersion: "TLSv1.2" }, () => {
        resolve(socket.getProtocol());
        socket.end();
      });
      socket.on("error", reject);
    });
    expect(tls12).toBe("TLSv1.2");
  });

  it("refuses a TLS 1.1 client in the handshake", async () => {
    // SECLEVEL=0 lets *our client* offer TLS 1.1, so the refusal we see is the server's protocol_version alert.
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const socket = tls.connect({ host: "127.0.0.1", port, servername: "localhost", rejectUnauthorized: false, minVersion: "TLSv1", maxVersion: "TLSv1.1", ciphers: "DEFAULT@SECLEVEL=0" }, () => {
        socket.end();
        resolve(Object.assign(new Error("handshake succeeded"), { code: "CONNECTED" }));
      });
      socket.on("error", resolve);
    });
    expect(error.code).toBe("ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION");
  });
});

describe("mutual TLS client authentication (RFC 8705 §2)", () => {
  it("advertises the mTLS methods and bound tokens", async () => {
    const metadata = JSON.parse((await request({ path: "/.well-known/oauth-authorization-server" })).body);
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(["client_secret_basic", "client_secret_post", "tls_client_auth", "self_signed_tls_client_auth"]);
    expect(metadata.tls_client_certificate_bound_access_tokens).toBe(true);
  });

  it("self_signed_tls_client_auth issues a token bound to the certificate, refused without it", async () => {
    const reply = await request({ path: "/oauth2/token", client: selfSigned, ...form({ grant_type: "client_credentials", client_id: selfApp.clientId }) });
    expect(reply.status).toBe(200);
    const token = JSON.parse(reply.body).access_token as string;
    const thumbprint = parseClientCertificate(read(selfSigned.cert)).thumbprint;
    const row = await getDb().accessToken.findUniqueOrThrow({ where: { tokenHash: hashOpaqueSecret(token) } });
    expect(row.certThumbprint).toBe(thumbprint);

    const introspection = await request({ path: "/oauth2/introspect", client: selfSigned, ...form({ token, client_id: selfApp.clientId }) });
    expect(JSON.parse(introspection.body)).toMatchObject({ active: true, cnf: { "x5t#S256": thumbprint } });

    const withCert = await request({ path: sandboxPath, client: selfSigned, headers: { authorization: `Bearer ${token}` } });
    expect(withCert.status).toBe(200);

    const expected = {
      type: "https://portico.dev/problems/unauthenticated",
      title: "Unauthenticated",
      status: 401,
      detail: "The access token is not active: the token is bound to a client certificate that this request did not present",
      code: "unauthenticated",
    };
    const withoutCert = await request({ path: sandboxPath, headers: { authorization: `Bearer ${token}` } });
    expect(withoutCert.status).toBe(401);
    expect(JSON.parse(withoutCert.body)).toEqual(expected);
    const otherCert = await request({ path: sandboxPath, client: stranger, headers: { authorization: `Bearer ${token}` } });
    expect(otherCert.status).toBe(401);
    expect(JSON.parse(otherCert.body)).toEqual(expected);
  });

  it("tls_client_auth accepts a registered certificate issued by the client CA", async () => {
    const reply = await request({ path: "/oauth2/token", client: pkiClient, ...form({ grant_type: "client_credentials", client_id: pkiApp.clientId }) });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ token_type: "Bearer", scope: "accounts:read" });
  });

  it("refuses an unregistered certificate, and a registered one presented for another client", async () => {
    const unregistered = await request({ path: "/oauth2/token", client: stranger, ...form({ grant_type: "client_credentials", client_id: selfApp.clientId }) });
    expect(unregistered.status).toBe(401);
    expect(JSON.parse(unregistered.body)).toEqual({ error: "invalid_client", error_description: "The client certificate is not registered for this client, or has expired or been removed" });
    const crossed = await request({ path: "/oauth2/token", client: selfSigned, ...form({ grant_type: "client_credentials", client_id: pkiApp.clientId }) });
    expect(crossed.status).toBe(401);
  });

  it("refuses a removed certificate", async () => {
    await getDb().clientCertificate.updateMany({ where: { appId: pkiApp.app.id }, data: { revokedAt: new Date() } });
    const reply = await request({ path: "/oauth2/token", client: pkiClient, ...form({ grant_type: "client_credentials", client_id: pkiApp.clientId }) });
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.body).error).toBe("invalid_client");
  });
});

describe("removing a certificate revokes the tokens bound to it", () => {
  it("a bound token that works is refused at the very next call once its certificate is removed", async () => {
    const reply = await request({ path: "/oauth2/token", client: removable, ...form({ grant_type: "client_credentials", client_id: removableApp.clientId }) });
    expect(reply.status).toBe(200);
    const token = JSON.parse(reply.body).access_token as string;
    // Twice: the second answer comes from the gateway's access cache, which the removal must reach.
    for (let i = 0; i < 2; i++) expect((await request({ path: sandboxPath, client: removable, headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    const cert = await getDb().clientCertificate.findFirstOrThrow({ where: { appId: removableApp.app.id, revokedAt: null } });
    const removed = await removeClientCertificate({ actor: owner, appId: removableApp.app.id, certificateId: cert.id });

    const after = await request({ path: sandboxPath, client: removable, headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
    expect(removed).toEqual({ tokensRevoked: 1 });
    expect(JSON.parse(after.body).detail).toBe("The access token is not active: the token was revoked");
    expect((await getDb().accessToken.findUniqueOrThrow({ where: { tokenHash: hashOpaqueSecret(token) } })).revokedAt).not.toBeNull();
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "certificate.remove", targetId: removableApp.app.id } });
    expect(audit.details).toMatchObject({ certificateId: cert.id, tokensRevoked: 1 });
  });
});

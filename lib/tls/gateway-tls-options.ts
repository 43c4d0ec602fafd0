// TLS for the gateway when it terminates TLS itself (GATEWAY_TLS_KEY /
// GATEWAY_TLS_CERT, optional GATEWAY_TLS_CLIENT_CA).
// - TLS 1.2 and 1.3 only: older versions have known weaknesses and are
//   refused in the handshake.
// - Cipher suites per BCP 195 (RFC 9325 §4.2) and FAPI 2.0 Security Profile
//   §5.2.1: TLS 1.2 only with ECDHE (forward secrecy) and an AEAD (AES-GCM
//   or ChaCha20-Poly1305) — no static RSA key exchange, no CBC, no DHE; the
//   TLS 1.3 suites as they are (all AEAD, all forward-secret). The server's
//   order wins; key exchange on X25519, P-256 or P-384.
// - Client certificates are *requested*, never required: the sandbox also
//   serves secret-authenticated clients. rejectUnauthorized is false so that
//   self-signed client certificates reach the RFC 8705 §2.2 check; whether a
//   certificate chained to the client CA is passed on (socket.authorized) and
//   tls_client_auth insists on it (lib/access/authenticate-client.ts).
import { readFileSync } from "node:fs";
import type { SecureContextOptions, TlsOptions } from "node:tls";

/** TLS 1.2 suites, strongest first (OpenSSL names). */
export const TLS12_CIPHERS = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305",
] as const;

/** TLS 1.3 suites (node takes them in the same `ciphers` string). */
export const TLS13_CIPHERS = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"] as const;

export const ECDH_CURVES = "X25519:P-256:P-384";

export type GatewayTlsFiles = { key: string; cert: string; clientCa?: string };

export function gatewayTlsOptions(files: GatewayTlsFiles): TlsOptions & SecureContextOptions {
  return {
    key: readFileSync(files.key),
    cert: readFileSync(files.cert),
    ...(files.clientCa ? { ca: readFileSync(files.clientCa) } : {}),
    minVersion: "TLSv1.2",
    maxVersion: "TLSv1.3",
    requestCert: true,
    rejectUnauthorized: false,
    ciphers: [...TLS13_CIPHERS, ...TLS12_CIPHERS].join(":"),
    ecdhCurve: ECDH_CURVES,
    honorCipherOrder: true,
  };
}

// TLS for the gateway when it terminates TLS itself (GATEWAY_TLS_KEY /
// GATEWAY_TLS_CERT, optional GATEWAY_TLS_CLIENT_CA).
// - TLS 1.2 and 1.3 only: older versions have known weaknesses and are
//   refused in the handshake.
// - Client certificates are *requested*, never required: the sandbox also
//   serves secret-authenticated clients. rejectUnauthorized is false so that
//   self-signed client certificates reach the RFC 8705 §2.2 check; whether a
//   certificate chained to the client CA is passed on (socket.authorized) and
//   tls_client_auth insists on it (lib/access/authenticate-client.ts).
import { readFileSync } from "node:fs";
import type { SecureContextOptions, TlsOptions } from "node:tls";

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
    honorCipherOrder: true,
  };
}

// Reads one PEM client certificate for mutual TLS (RFC 8705) and refuses,
// with a reason a developer can act on, anything that is not exactly one
// valid, currently usable X.509 certificate.
import { createHash, X509Certificate } from "node:crypto";
import { PorticoError } from "@/lib/errors";

export type ParsedCertificate = {
  /** base64url SHA-256 of the DER encoding: RFC 8705 §3.1 x5t#S256 */
  thumbprint: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  selfSigned: boolean;
  notBefore: Date;
  notAfter: Date;
  pem: string;
};

const refuse = (message: string) => new PorticoError("validation_failed", message, { violations: [{ pointer: "/pem", message }] });
const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

export function parseClientCertificate(unverifiedPem: string, now = new Date()): ParsedCertificate {
  const text = unverifiedPem.trim();
  // Never accept (and so never store) a private key, even next to a certificate.
  if (/PRIVATE KEY-----/.test(text)) throw refuse("This contains a private key. Upload only the certificate; keep the key secret.");
  const blocks = [...text.matchAll(BLOCK)];
  if (blocks.length === 0) throw refuse("This is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)");
  const [block] = blocks;
  if (!block || blocks.length > 1) throw refuse("Upload one certificate at a time");
  if (block[1] !== "CERTIFICATE") throw refuse(`Expected a CERTIFICATE block, found ${block[1]}`);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(block[0]);
  } catch {
    throw refuse("The certificate is malformed and cannot be read");
  }
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) throw refuse("The certificate has an unreadable validity period");
  if (notAfter <= now) throw refuse(`The certificate expired on ${notAfter.toISOString().slice(0, 10)}`);
  if (notBefore > now) throw refuse(`The certificate is not valid until ${notBefore.toISOString().slice(0, 10)}`);
  return {
    thumbprint: createHash("sha256").update(cert.raw).digest("base64url"),
    subject: cert.subject.replace(/\n/g, ", "),
    issuer: cert.issuer.replace(/\n/g, ", "),
    serialNumber: cert.serialNumber,
    selfSigned: cert.subject === cert.issuer && cert.checkIssued(cert) && cert.verify(cert.publicKey),
    notBefore,
    notAfter,
    pem: cert.toString().trim(),
  };
}

/** "ok" | "expiring" (within the bank's warning window) | "expired". */
export function certificateExpiryState(cert: { notAfter: Date }, warningDays: number, now = new Date()): "ok" | "expiring" | "expired" {
  if (cert.notAfter <= now) return "expired";
  return cert.notAfter.getTime() - now.getTime() <= warningDays * 86_400_000 ? "expiring" : "ok";
}

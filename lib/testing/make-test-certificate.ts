// Client certificates made at test time with the openssl CLI (no private key
// is committed): a self-signed certificate with any validity window, via
// `openssl ca -selfsign`, which, unlike `req -x509` on OpenSSL 3.0, accepts
// explicit start and end dates.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const CA_CONFIG = `[ca]
default_ca = c
[c]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = p
unique_subject = no
[p]
commonName = supplied
`;

const asn1Time = (d: Date) => d.toISOString().replace(/[-:T]/g, "").slice(0, 14) + "Z";

export function makeTestCertificate(options: { commonName?: string; notBefore?: Date; notAfter?: Date } = {}): { certPem: string; keyPem: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "portico-cert-"));
  try {
    const run = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    writeFileSync(path.join(dir, "ca.cnf"), CA_CONFIG);
    writeFileSync(path.join(dir, "index.txt"), "");
    writeFileSync(path.join(dir, "serial"), `${Date.now().toString(16).padStart(16, "0")}\n`);
    run(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "key.pem", "-subj", `/CN=${options.commonName ?? "portico-test-client"}`, "-out", "req.csr"]);
    const notBefore = options.notBefore ?? new Date(Date.now() - 86_400_000);
    const notAfter = options.notAfter ?? new Date(Date.now() + 365 * 86_400_000);
    run(["ca", "-batch", "-notext", "-config", "ca.cnf", "-selfsign", "-keyfile", "key.pem", "-in", "req.csr", "-startdate", asn1Time(notBefore), "-enddate", asn1Time(notAfter), "-out", "cert.pem"]);
    return { certPem: readFileSync(path.join(dir, "cert.pem"), "utf8"), keyPem: readFileSync(path.join(dir, "key.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The key that signs audit checkpoints. Security-critical: it must NOT live
// in the database, or whoever rewrites the trail could re-sign its head. It
// comes from PORTICO_AUDIT_CHECKPOINT_KEY (a secret store) or from a file
// under the data directory, created on first start with mode 0600; the public
// key is written beside it for verifiers (ship a copy elsewhere too).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export type CheckpointSigningKey = { privateKey: KeyObject; publicKey: KeyObject; keyId: string };

/** A short, stable name for a public key: base64url SHA-256 of its SPKI DER, 16 characters. */
export function checkpointKeyId(publicKey: KeyObject): string {
  return createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("base64url").slice(0, 16);
}

function ed25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== "ed25519") throw new Error(`${what} is not an Ed25519 key (found ${key.asymmetricKeyType})`);
  return key;
}

/**
 * Loads the signing key (PEM from the environment, else the key file), or
 * creates the key file (0600) and its public key when neither exists. The
 * public key file is (re)written when missing, so verifiers can find it.
 */
export function loadOrCreateCheckpointKey(options: { keyFile: string; publicKeyFile: string; keyPem?: string }): CheckpointSigningKey {
  let privateKey: KeyObject;
  if (options.keyPem) {
    privateKey = ed25519(createPrivateKey(options.keyPem), "PORTICO_AUDIT_CHECKPOINT_KEY");
  } else {
    if (!existsSync(options.keyFile)) {
      mkdirSync(path.dirname(options.keyFile), { recursive: true });
      const created = generateKeyPairSync("ed25519").privateKey;
      try {
        // "wx": never overwrite a key another process created meanwhile (theirs wins, read below).
        writeFileSync(options.keyFile, created.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
        chmodSync(options.keyFile, 0o600); // whatever the umask
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
    }
    privateKey = ed25519(createPrivateKey(readFileSync(options.keyFile)), options.keyFile);
  }
  const publicKey = createPublicKey(privateKey);
  if (!existsSync(options.publicKeyFile)) {
    mkdirSync(path.dirname(options.publicKeyFile), { recursive: true });
    writeFileSync(options.publicKeyFile, publicKey.export({ type: "spki", format: "pem" }), { mode: 0o644 });
  }
  return { privateKey, publicKey, keyId: checkpointKeyId(publicKey) };
}

/** The verifier's side: only the public key, never created here. */
export function loadCheckpointPublicKey(publicKeyFile: string): KeyObject {
  if (!existsSync(publicKeyFile)) {
    throw new Error(`audit checkpoints exist but their public key ${publicKeyFile} does not (PORTICO_AUDIT_CHECKPOINT_PUBLIC_KEY_FILE)`);
  }
  return ed25519(createPublicKey(readFileSync(publicKeyFile)), publicKeyFile);
}

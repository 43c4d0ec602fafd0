// Password hashing with scrypt (memory-hard; node:crypto, no native addon).
// N=2^15, r=8 uses 32 MiB per hash — OWASP's scrypt floor is N=2^17 with
// r=8,p=1 *or* equivalent; we choose N=2^15, p=3 for the same cost with less
// peak memory. Parameters are stored with each hash so they can be raised
// later without breaking existing passwords.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

const PARAMS = { N: 2 ** 15, r: 8, p: 3 };
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize("NFKC"), salt, KEYLEN, { ...PARAMS, maxmem: MAXMEM });
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, expected] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !expected) return false;
  const want = Buffer.from(expected, "base64url");
  const got = await scrypt(password.normalize("NFKC"), Buffer.from(salt, "base64url"), want.length, {
    N: Number(n), r: Number(r), p: Number(p), maxmem: MAXMEM,
  });
  return got.length === want.length && timingSafeEqual(got, want);
}

/** A hash to compare against when the user does not exist, so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = () => (dummyHash ??= hashPassword(randomBytes(16).toString("hex")));

export const PASSWORD_RULES = "at least 12 characters, and not easy to guess";
/** zxcvbn's scale is 0–4; 3 is "safely unguessable: moderate protection from offline slow-hash scenario". */
export const MIN_PASSWORD_SCORE = 3;

// Built once per process: the dictionaries (common passwords, English words
// and names, Wikipedia words) take a moment to index.
let strength: ZxcvbnFactory | undefined;
const estimator = () =>
  (strength ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  }));

/**
 * Why a password is refused, in words, or undefined when it is acceptable:
 * 12 to 256 characters, not on the common-password list, and a zxcvbn-ts
 * score of at least MIN_PASSWORD_SCORE. `userInputs` (the email, the name)
 * count as guessable words.
 */
export function passwordProblem(password: string, userInputs: string[] = []): string | undefined {
  if (password.length < 12) return "Password must be at least 12 characters";
  if (password.length > 256) return "Password must be at most 256 characters";
  // The inputs whole, their local part, and their words: "ada.lovelace@bank.example" makes each guessable.
  const words = userInputs.flatMap((input) => {
    const lower = input.toLowerCase();
    return [lower, lower.split("@")[0]!, ...lower.split(/[^a-z0-9]+/).filter((w) => w.length > 2)];
  });
  const result = estimator().check(password, words);
  const common = result.sequence.some((match) => match.pattern === "dictionary" && "dictionaryName" in match && match.dictionaryName === "passwords-common" && match.token.length >= password.length - 4);
  if (common) return "This password is on the list of commonly used passwords; choose another";
  if (result.score < MIN_PASSWORD_SCORE) {
    const hint = result.feedback.warning ?? result.feedback.suggestions[0];
    return `This password is too easy to guess${hint ? ` (${hint.replace(/\.$/, "").toLowerCase()})` : ""}; try a few unrelated words`;
  }
  return undefined;
}

// The identifiers the sandbox APIs show for cards, quotes, applications,
// documents and credit checks: a resource prefix and lowercase base32, which
// every bundled spec's id pattern (^crd_[a-z0-9]+$ …) accepts.
import { randomInt } from "node:crypto";

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** `prefix` + `_` + 16 random base32 characters (80 bits): not guessable, so another app's id is never hit by chance. */
export const newPublicId = (prefix: "crd" | "qte" | "app" | "doc" | "chk") => `${prefix}_${Array.from({ length: 16 }, () => BASE32[randomInt(32)]).join("")}`;

// @see RFC 6749 §3.3: the scope a client asks for must be within what the
// bank approved for the app; without a scope parameter the token carries
// every approved scope (the documented default).
import type { AppGrant } from "@/lib/access/load-app-grant";
import { InvalidScope } from "./errors";

export function validateScope(options: { unverifiedScope: string | undefined; grant: AppGrant }): string[] {
  const { grant } = options;
  if (options.unverifiedScope === undefined) {
    if (grant.allScopes.size === 0) throw new InvalidScope("The app has no approved scopes");
    return [...grant.allScopes].sort();
  }
  const requested = [...new Set(options.unverifiedScope.split(" ").filter(Boolean))];
  // RFC 6749 §3.3 scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
  if (!requested.length || requested.some((s) => !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(s))) throw new InvalidScope("Malformed scope parameter");
  const outside = requested.filter((s) => !grant.allScopes.has(s));
  if (outside.length) throw new InvalidScope(`Scope not approved for this app: ${outside.join(" ")}`);
  return requested.sort();
}

// Where the browser goes after sign-in (`/signin?next=…`). Security-critical:
// `next` comes from a link anyone can craft, so only a path on the portal's
// own origin is followed. Browsers forgive a lot when they parse a URL
// (WHATWG URL: a backslash counts as a slash in http(s) URLs, tab and
// newline are removed anywhere), so `/\evil.example` or `/<TAB>/evil.example`
// become `//evil.example`, a different host. A value is accepted only when,
// as given and once more percent-decoded, it starts with exactly one `/`
// and holds no backslash or control character, and it still resolves to
// our origin.

/** The request header proxy.ts sets to the page asked for (path and query), read by requirePageUser. */
export const REQUESTED_PATH_HEADER = "x-portico-requested-path";

/** Control characters (C0 and DEL) and the backslash. */
function hasForbiddenCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || code === 0x5c) return true;
  }
  return false;
}

function looksLikeAPath(text: string): boolean {
  return text.startsWith("/") && !text.startsWith("//") && !hasForbiddenCharacter(text);
}

/** The same-origin path, query and fragment to go to, or `fallback` (the dashboard). */
export function safeNextPath(options: { unverifiedNext: string | null | undefined; origin: string; fallback?: string }): string {
  const fallback = options.fallback ?? "/dashboard";
  const next = options.unverifiedNext;
  if (!next) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return fallback; // malformed percent-encoding: not a link we made
  }
  if (!looksLikeAPath(next) || !looksLikeAPath(decoded)) return fallback;
  let url: URL;
  try {
    url = new URL(next, options.origin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(options.origin).origin) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

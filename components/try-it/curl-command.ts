// "Copy as curl" for the portal's try-it: the same request against the
// sandbox's own URL, as a developer would send it from a terminal. The token
// is a shell variable: the browser never holds one (the portal's proxy adds
// it on the server), and a developer gets their own with the token step.

/** POSIX shell single-quoting: nothing inside is expanded. */
export const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function curlCommand(request: { method: string; url: string; headers: Record<string, string>; body?: string }): string {
  const lines = [`curl -X ${request.method.toUpperCase()} ${shellQuote(request.url)}`, `  -H "Authorization: Bearer $ACCESS_TOKEN"`];
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() === "authorization") continue;
    lines.push(`  -H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (request.body !== undefined && request.body !== "") lines.push(`  --data ${shellQuote(request.body)}`);
  return lines.join(" \\\n");
}

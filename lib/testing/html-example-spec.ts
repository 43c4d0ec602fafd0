// A spec a bank might really publish whose examples are not JSON: an HTML
// receipt carrying a <script>, a plain-text and an XML statement, and a PDF.
// The try-it proxy must never hand such an answer to the browser as what it
// is (it would run on the portal's origin with the developer's session).
// Plain data with no imports, so Playwright specs can use it too.

/** The marker the HTML example's script sets if it ever runs in a page. */
export const PWNED_MARKER = "__pwned";
export const HTML_EXAMPLE = `<!doctype html><html><body><h1>Receipt</h1><script>window.${PWNED_MARKER} = true; document.title = "pwned";</script></body></html>`;

/** Longer than the proxy shows of a non-JSON answer (64 KiB). */
export const LONG_STATEMENT = "0123456789abcdef\n".repeat(5000);

export function htmlExampleSpec(slug: string): Record<string, unknown> {
  const op = (operationId: string, type: string, example: unknown) => ({
    operationId,
    summary: `${operationId} (${type})`,
    security: [{ bankOAuth: ["receipts:read"] }],
    responses: { "200": { description: "OK", content: { [type]: { schema: { type: "string" }, example } } } },
  });
  return {
    openapi: "3.0.3",
    info: { title: `Receipts ${slug}`, version: "1.0.0", "x-portico-slug": slug, description: "Receipts in formats other than JSON." },
    paths: {
      "/receipt": { get: op("getReceiptHtml", "text/html", HTML_EXAMPLE) },
      "/statement": { get: op("getStatementText", "text/plain", "Statement\nOpening balance 10.00 GBP") },
      "/statement.xml": { get: op("getStatementXml", "application/xml", "<statement><balance>10.00</balance></statement>") },
      "/statement.txt": { get: op("getLongStatement", "text/plain", LONG_STATEMENT) },
      "/receipt.json": { get: op("getReceiptJson", "application/json", { amount: "1.00", note: "<script>not run</script>" }) },
    },
    components: {
      securitySchemes: {
        bankOAuth: { type: "oauth2", flows: { clientCredentials: { tokenUrl: "http://localhost:4000/oauth2/token", scopes: { "receipts:read": "Read receipts" } } } },
      },
    },
  };
}

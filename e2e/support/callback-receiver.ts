// A callback receiver on 127.0.0.1 for the specs that check signed
// deliveries, on the first free port from 4305 (E2E_CALLBACK_PORT moves it).
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { headers: Record<string, string>; body: string };

export async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers as Record<string, string>, body });
      res.writeHead(204).end();
    });
  });
  const from = Number(process.env.E2E_CALLBACK_PORT ?? 4305);
  for (let port = from; port < from + 100; port++) {
    const bound = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => resolve(true));
    });
    if (bound) break;
  }
  const { port } = server.address() as AddressInfo;
  return { received, url: `http://127.0.0.1:${port}/portico-events`, close: () => new Promise((resolve) => server.close(resolve)) };
}

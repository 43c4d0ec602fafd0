// The analysis thread: the program run-analysis.ts starts in a worker thread
// (bundled at first use, so it needs no TypeScript loader in any host). It
// runs one task of analysis-tasks.ts per message, in order, and answers with
// the result or the refusal as plain data.
import { parentPort } from "node:worker_threads";
import { PorticoError } from "@/lib/errors";
import { ANALYSIS_TASKS, type AnalysisReply, type AnalysisRequest } from "./analysis-tasks";

const port = parentPort;
if (!port) throw new Error("analysis-thread.ts runs only as a worker thread");

let queue = Promise.resolve();
port.on("message", (message: AnalysisRequest) => {
  // One at a time: the thread is one core's worth of work, and results come back in order.
  queue = queue.then(async () => {
    let reply: AnalysisReply;
    try {
      const run = ANALYSIS_TASKS[message.task] as (input: unknown) => Promise<unknown>;
      reply = { id: message.id, ok: true, result: await run(message.input) };
    } catch (error) {
      reply =
        error instanceof PorticoError
          ? { id: message.id, ok: false, error: { code: error.code, message: error.message, violations: error.violations, headers: error.headers } }
          : { id: message.id, ok: false, error: { message: error instanceof Error ? error.message : String(error) } };
    }
    port.postMessage(reply);
  });
});

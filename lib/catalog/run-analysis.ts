// Runs an analysis task (analysis-tasks.ts) in the analysis thread, off the
// event loop: parsing, validating and dereferencing a large spec takes
// seconds of CPU, which on the main thread would stall the token endpoint,
// the sandbox and the portal that share it. One thread per process, started
// on first use and kept (unref'd while idle, so it never holds a CLI open);
// tasks run one after another in it. Security-critical: the input is
// untrusted, so the thread has its own heap limit and a time limit — a spec
// that exhausts either is refused and the thread replaced, and the process
// that serves requests is not touched.
import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { build } from "esbuild";
import { PorticoError, PROBLEM_TYPES, type ErrorCode, type Violation } from "@/lib/errors";
import type { AnalysisInput, AnalysisReply, AnalysisRequest, AnalysisResult, AnalysisTask } from "./analysis-tasks";

/** Longer than any honest spec takes on a loaded 2-core machine. */
const TIME_LIMIT_MS = 120_000;
/** The thread's heap: ample for specs within PORTICO_MAX_SPEC_BYTES expanded, bounded for the rest. */
const HEAP_LIMIT_MB = 1024;

type Job = { resolve: (value: unknown) => void; reject: (error: Error) => void; timeLimitMs: number };
type Thread = { worker: Worker; jobs: Map<number, Job>; timer?: NodeJS.Timeout };
type State = { next: number; thread?: Thread; source?: Promise<string> };

// Per copy of this module, deliberately not on globalThis: under `npm start`
// the Next.js bundle and the gateway each load lib/ once, and a refusal must
// be revived as the PorticoError class of the copy that asked, or the
// caller's error handling would not recognise it (and answer 500).
const shared: State = { next: 0 };
const state = (): State => shared;

/**
 * analysis-thread.ts beside this file; inside a bundle (the portal's server
 * build) __dirname is not the source folder, so the checkout's lib/catalog.
 */
function threadFile(): string {
  const here = path.join(__dirname, "analysis-thread.ts");
  return existsSync(here) ? here : path.join(process.cwd(), "lib", "catalog", "analysis-thread.ts");
}

/**
 * Packages the thread loads from node_modules as they are, not bundled:
 * Spectral and the diff library load parts of themselves at run time (UMD
 * modules, rulesets) in ways a bundle cannot follow.
 */
const THREAD_EXTERNAL = ["@stoplight/spectral-*", "api-smart-diff"];

/** The thread's program with its imports, bundled once per process (esbuild's own process does the work). */
function threadSource(s: State): Promise<string> {
  s.source ??= build({ entryPoints: [threadFile()], bundle: true, platform: "node", format: "cjs", target: "node20", write: false, logLevel: "silent", external: THREAD_EXTERNAL }).then(
    (result) => result.outputFiles[0]!.text,
    (error: unknown) => {
      s.source = undefined;
      throw error;
    },
  );
  return s.source;
}

function revive(error: Extract<AnalysisReply, { ok: false }>["error"]): Error {
  if (error.code && Object.hasOwn(PROBLEM_TYPES, error.code)) {
    return new PorticoError(error.code as ErrorCode, error.message, { violations: error.violations as Violation[] | undefined, headers: error.headers });
  }
  return new Error(`spec analysis failed: ${error.message}`);
}

/** Ends the thread and answers every job in it: the one running gets `culprit`, the ones queued behind it may send again. */
function fail(s: State, thread: Thread, culprit: Error) {
  if (s.thread === thread) s.thread = undefined;
  clearTimeout(thread.timer);
  const ids = [...thread.jobs.keys()].sort((a, b) => a - b);
  ids.forEach((id, i) => thread.jobs.get(id)!.reject(i === 0 ? culprit : new PorticoError("unavailable", "Spec analysis was restarted; send the spec again", { headers: { "retry-after": "1" } })));
  thread.jobs.clear();
  void thread.worker.terminate();
}

/** The time limit runs for the job at the head of the queue (the thread runs jobs in order). */
function armTimer(s: State, thread: Thread) {
  clearTimeout(thread.timer);
  thread.timer = undefined;
  if (!thread.jobs.size) return thread.worker.unref();
  thread.worker.ref();
  const limit = thread.jobs.get(Math.min(...thread.jobs.keys()))!.timeLimitMs;
  const seconds = limit >= 1000 ? `${limit / 1000} s` : `${limit} ms`;
  thread.timer = setTimeout(() => fail(s, thread, new PorticoError("validation_failed", `The spec took more than ${seconds} to analyse; Portico does not accept it`)), limit);
  thread.timer.unref();
}

async function startThread(s: State): Promise<Thread> {
  const source = await threadSource(s);
  if (s.thread) return s.thread;
  const worker = new Worker(source, { eval: true, resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB } });
  const thread: Thread = { worker, jobs: new Map() };
  worker.on("message", (reply: AnalysisReply) => {
    const job = thread.jobs.get(reply.id);
    if (!job) return;
    thread.jobs.delete(reply.id);
    armTimer(s, thread);
    if (reply.ok) job.resolve(reply.result);
    else job.reject(revive(reply.error));
  });
  worker.on("error", (error: Error & { code?: string }) => {
    fail(s, thread, error.code === "ERR_WORKER_OUT_OF_MEMORY" ? new PorticoError("payload_too_large", `The spec needs more than ${HEAP_LIMIT_MB} MB to analyse; Portico does not accept it`) : error);
  });
  worker.on("exit", (code) => fail(s, thread, new Error(`spec analysis thread exited (${code})`)));
  worker.unref();
  s.thread = thread;
  return thread;
}

/**
 * Runs `task` on `input` in the analysis thread; its PorticoErrors arrive as
 * PorticoErrors. `timeLimitMs` (default 120 s) bounds the task once it runs.
 */
export async function runAnalysis<T extends AnalysisTask>(task: T, input: AnalysisInput<T>, options: { timeLimitMs?: number } = {}): Promise<AnalysisResult<T>> {
  const s = state();
  const thread = s.thread ?? (await startThread(s));
  const id = ++s.next;
  return new Promise<AnalysisResult<T>>((resolve, reject) => {
    thread.jobs.set(id, { resolve: resolve as (value: unknown) => void, reject, timeLimitMs: options.timeLimitMs ?? TIME_LIMIT_MS });
    if (thread.jobs.size === 1) armTimer(s, thread);
    thread.worker.postMessage({ id, task, input } satisfies AnalysisRequest);
  });
}

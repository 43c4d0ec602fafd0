// The part of autocannon's API the benchmarks use (it ships no types).
declare module "autocannon" {
  type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string; setupRequest?: (request: Request, context: Record<string, unknown>) => Request };
  type Options = { url: string; method?: string; headers?: Record<string, string>; body?: string; connections?: number; duration?: number; requests?: Request[]; timeout?: number; /** Requests per second across all connections. */ overallRate?: number };
  type Histogram = { average: number; p50: number; p99: number; max: number; total: number };
  type Result = {
    requests: Histogram;
    latency: Histogram;
    non2xx: number;
    errors: number;
    timeouts: number;
    /** Seconds the run lasted. */
    duration: number;
    /** Answered responses by status code. */
    statusCodeStats: Record<string, { count: number }>;
  };
  /** With a callback: the running instance, which `stop()` ends early (the callback then gets the results so far). */
  type Running = { stop(): void };
  // The promise form last: ReturnType<typeof autocannon> (bench/soak.ts) reads the last overload.
  export default function autocannon(options: Options, callback: (error: Error | null, result: Result) => void): Running;
  export default function autocannon(options: Options): Promise<Result>;
}

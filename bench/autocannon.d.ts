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
  export default function autocannon(options: Options): Promise<Result>;
}

/**
 * `npm run load` arguments, checked into options. Pure: no I/O. The defaults are the run: three
 * consecutive 60 s runs at 64 connections against one server, so its memory can be compared across runs.
 */
import { parseArgs } from 'node:util';

export const USAGE = `usage: npm run load -- [--duration 60] [--concurrency 64] [--runs 3] [--port N] [--seed 1]
  [--data DIR] [--worktree] [--out FILE.json]
  --duration S      seconds per run (default 60)
  --concurrency N   connections in flight (default 64)
  --runs N          consecutive runs against the same server (default 3; memory is compared across them)
  --port N          the server's port, N+1 its inspector (default: a free pair)
  --data DIR        sample pyramids and the local store (default /tmp/iiif-edge-load; reused)
  --worktree        run the Worker as it is in the working tree (default: the committed HEAD)`;

export class LoadUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadUsageError';
  }
}

export interface LoadOptions {
  readonly durationS: number;
  readonly concurrency: number;
  readonly runs: number;
  /** null: pick a free port pair. */
  readonly port: number | null;
  readonly seed: number;
  readonly dataDir: string;
  readonly worktree: boolean;
  readonly out: string | null;
}

function whole(flag: string, v: string | undefined, fallback: number, min: number, max: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new LoadUsageError(`${flag} wants a whole number from ${min} to ${max}, not "${v}"`);
  return n;
}

export function parseLoadArgs(argv: readonly string[]): LoadOptions | 'help' {
  let v;
  try {
    ({ values: v } = parseArgs({
      args: [...argv],
      options: {
        duration: { type: 'string' },
        concurrency: { type: 'string' },
        runs: { type: 'string' },
        port: { type: 'string' },
        seed: { type: 'string' },
        data: { type: 'string' },
        worktree: { type: 'boolean' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new LoadUsageError((err as Error).message);
  }
  if (v.help) return 'help';
  return {
    durationS: whole('--duration', v.duration, 60, 1, 3600),
    concurrency: whole('--concurrency', v.concurrency, 64, 1, 1024),
    runs: whole('--runs', v.runs, 3, 1, 20),
    port: v.port === undefined ? null : whole('--port', v.port, 0, 1024, 65534),
    seed: whole('--seed', v.seed, 1, 0, 2 ** 31 - 1),
    dataDir: v.data ?? '/tmp/iiif-edge-load',
    worktree: v.worktree ?? false,
    out: v.out ?? null,
  };
}

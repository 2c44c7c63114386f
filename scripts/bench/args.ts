/**
 * `npm run bench` arguments, checked into options. Pure: no I/O. A full run replays 2000 deep-zoom tiles
 * (at 1 and 4 in flight), 2 thumbnails of 100 identifiers and 600 odd requests, cold and warm, on each
 * server; `--quick` a smaller sample of each for a check in a few minutes.
 */
import { parseArgs } from 'node:util';
import { WORKLOADS, type WorkloadName } from './workloads';
import type { Scenario } from './scenario';

export const USAGE = `usage: npm run bench -- [--quick] [--peer iipsrv] [--scenarios deepzoom:1,deepzoom:4,thumbs:1,odd:1]
  [--data DIR] [--port 8760] [--seed 1] [--max-seconds 300] [--out FILE.json]
  --quick          fewer requests (deep zoom 400, thumbnails 20 identifiers, odd 80)
  --peer iipsrv    run IIPImage (Debian iipimage-server behind lighttpd) on the same images, interleaved
  --scenarios      workload:concurrency list (workloads: ${WORKLOADS.join(', ')})
  --data DIR       images, pyramids, stores and results (default /tmp/iiif-edge-bench; reused between runs)
  --port N         our server's port (N+1 its inspector, N+2 the peer)
  --max-seconds S  cap on each pass per server (default 300)
  --worktree       run the Worker as it is in the working tree (default: the committed HEAD)
  --manifest       instead: the manifest scenario (a 1,000-canvas object and a 100,000-record collection in
                   the local D1; with --quick fewer requests)`;

export class BenchUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchUsageError';
  }
}

export interface BenchOptions {
  readonly quick: boolean;
  readonly peer: 'iipsrv' | null;
  readonly scenarios: readonly Scenario[];
  readonly dataDir: string;
  readonly port: number;
  readonly seed: number;
  readonly maxSeconds: number;
  readonly deepzoomLimit: number;
  readonly oddCount: number;
  readonly copiesPerBase: number;
  readonly out: string | null;
  /** Run the working tree's Worker instead of HEAD's (snapshot.ts). */
  readonly worktree: boolean;
}

const DEFAULT_SCENARIOS = 'deepzoom:1,deepzoom:4,thumbs:1,odd:1';

function positiveInt(flag: string, v: string, max = 65535): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new BenchUsageError(`${flag} wants a whole number from 1 to ${max}, not "${v}"`);
  return n;
}

export function parseScenarios(list: string): Scenario[] {
  return list.split(',').filter(Boolean).map((item) => {
    const [w, c = '1'] = item.split(':');
    if (!WORKLOADS.includes(w as WorkloadName)) throw new BenchUsageError(`unknown workload "${w}" (${WORKLOADS.join(', ')})`);
    return { workload: w as WorkloadName, concurrency: positiveInt('--scenarios concurrency', c, 64) };
  });
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions | 'help' {
  let v;
  try {
    v = parseArgs({
      args: [...argv],
      options: {
        quick: { type: 'boolean', default: false },
        peer: { type: 'string' },
        scenarios: { type: 'string', default: DEFAULT_SCENARIOS },
        data: { type: 'string', default: '/tmp/iiif-edge-bench' },
        port: { type: 'string', default: '8760' },
        seed: { type: 'string', default: '1' },
        'max-seconds': { type: 'string', default: '300' },
        out: { type: 'string' },
        worktree: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new BenchUsageError((err as Error).message);
  }
  if (v.help) return 'help';
  if (v.peer !== undefined && v.peer !== 'iipsrv') throw new BenchUsageError(`unknown peer "${v.peer}" (iipsrv)`);
  const quick = v.quick;
  return {
    quick,
    peer: v.peer === 'iipsrv' ? 'iipsrv' : null,
    scenarios: parseScenarios(v.scenarios),
    dataDir: v.data,
    port: positiveInt('--port', v.port, 65530),
    seed: positiveInt('--seed', v.seed, 2 ** 31),
    maxSeconds: positiveInt('--max-seconds', v['max-seconds'], 3600),
    deepzoomLimit: quick ? 400 : 2000,
    oddCount: quick ? 80 : 600,
    copiesPerBase: quick ? 10 : 50,
    out: v.out ?? null,
    worktree: v.worktree,
  };
}

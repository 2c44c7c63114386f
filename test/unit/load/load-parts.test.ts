/**
 * The pure parts of `npm run load` (scripts/load/): the workload mix and its schedule, the expected
 * statuses per kind, the tally's percentiles and unexpected answers, and the arguments.
 */
import { describe, expect, it } from 'vitest';
import { parseLoadArgs, LoadUsageError } from '../../../scripts/load/args';
import { hostileRequests } from '../../../scripts/load/catalogue';
import { DEFAULT_WEIGHTS, EXPECTED, isExpected, KINDS, makeSchedule, type Kind, type LoadRequest } from '../../../scripts/load/mix';
import { newTally, percentiles, record, summarise } from '../../../scripts/load/tally';

const req = (kind: Kind, path: string): LoadRequest => ({ kind, method: 'GET', path });

describe('the schedule', () => {
  const catalogue = {
    deepzoom: ['/a', '/b', '/c'].map((p) => req('deepzoom', p)),
    info: [req('info', '/i')],
    missing: [req('missing', '/m')],
  };
  const weights = { ...Object.fromEntries(KINDS.map((k) => [k, 0])), deepzoom: 6, info: 3, missing: 1 } as Record<Kind, number>;

  it('draws each kind in proportion to its weight', () => {
    const s = makeSchedule(catalogue, weights, 7);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) {
      const k = s.next().kind;
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual(['deepzoom', 'info', 'missing']);
    expect(counts['deepzoom']! / 10_000).toBeCloseTo(0.6, 1);
    expect(counts['info']! / 10_000).toBeCloseTo(0.3, 1);
    expect(counts['missing']! / 10_000).toBeCloseTo(0.1, 1);
  });

  it('cycles through every request of a kind before repeating one', () => {
    const s = makeSchedule({ deepzoom: catalogue.deepzoom }, { ...weights, info: 0, missing: 0 }, 3);
    const first = [s.next(), s.next(), s.next()].map((q) => q.path);
    expect(first.slice().sort()).toEqual(['/a', '/b', '/c']);
    expect([s.next(), s.next(), s.next()].map((q) => q.path)).toEqual(first);
  });

  it('is the same for the same seed and differs for another', () => {
    const run = (seed: number) => Array.from({ length: 50 }, ((s) => () => s.next().path)(makeSchedule(catalogue, weights, seed)));
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });

  it('refuses a weighted kind without requests, and an empty workload', () => {
    expect(() => makeSchedule({ deepzoom: catalogue.deepzoom }, weights, 1)).toThrow(/info, missing/);
    expect(() => makeSchedule({}, Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>, 1)).toThrow(/empty/);
  });

  it('keeps search as a slot: no weight until the route exists', () => {
    expect(KINDS).toContain('search');
    expect(DEFAULT_WEIGHTS.search).toBe(0);
  });
});

describe('expected statuses', () => {
  it.each<[Kind, number, boolean]>([
    ['deepzoom', 200, true],
    ['deepzoom', 304, false],
    ['deepzoom', 500, false],
    ['missing', 404, true],
    ['missing', 200, false],
    ['hostile', 400, true],
    ['hostile', 405, true],
    ['hostile', 431, true],
    ['hostile', 500, false],
    ['hostile', 501, false],
    ['restricted-token', 200, true],
    ['restricted-anon', 401, true],
    ['restricted-anon', 200, false],
    ['restricted-denied', 403, true],
    ['restricted-denied', 401, false],
    ['info', 0, false],
  ])('%s answering %i is expected: %s', (kind, status, ok) => {
    expect(isExpected(kind, status)).toBe(ok);
  });

  it('no kind may answer a 5xx', () => {
    for (const k of KINDS) expect(EXPECTED[k].every((s) => s < 500)).toBe(true);
  });

  it('hostile requests are all refusable, and include a 64 KB URL and write methods', () => {
    const h = hostileRequests('samples/chart');
    expect(h.every((q) => q.kind === 'hostile')).toBe(true);
    expect(h.some((q) => q.path.length > 64 * 1024)).toBe(true);
    expect(new Set(h.map((q) => q.method))).toEqual(new Set(['GET', 'PUT', 'DELETE', 'PATCH', 'POST', 'PROPFIND', 'TRACE']));
  });
});

describe('the tally', () => {
  it('counts statuses per kind and lists the unexpected ones', () => {
    const t = newTally();
    record(t, req('deepzoom', '/t1'), 200, 10);
    record(t, req('deepzoom', '/t2'), 500, 30, 'internal error');
    record(t, req('missing', '/m'), 404, 20);
    record(t, req('info', '/i'), 0, 30_000, 'no answer in 30000 ms');
    const s = summarise(t, 2000);
    expect(s.requests).toBe(4);
    expect(s.rps).toBe(2);
    expect(s.unexpected).toBe(2);
    expect(s.byKind['deepzoom']).toMatchObject({ requests: 2, unexpected: 1, statuses: { 200: 1, 500: 1 } });
    expect(s.byKind['missing']).toMatchObject({ requests: 1, unexpected: 0 });
    expect(Object.keys(s.byKind).sort()).toEqual(['deepzoom', 'info', 'missing']);
    expect(s.problems).toEqual(['500 GET /t2: internal error', '0 GET /i: no answer in 30000 ms']);
  });

  it('percentiles are nearest-rank over all latencies', () => {
    const ms = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentiles(ms)).toEqual({ p50: 50, p95: 95, p99: 99 });
    expect(percentiles([5])).toEqual({ p50: 5, p95: 5, p99: 5 });
  });
});

describe('arguments', () => {
  it('default to the issue run: 3 × 60 s at 64 connections', () => {
    expect(parseLoadArgs([])).toMatchObject({ durationS: 60, concurrency: 64, runs: 3, port: null, worktree: false });
  });

  it('take a short smoke run', () => {
    expect(parseLoadArgs(['--duration', '5', '--concurrency', '8', '--runs', '1', '--worktree'])).toMatchObject({ durationS: 5, concurrency: 8, runs: 1, worktree: true });
  });

  it.each([['--duration', '0'], ['--concurrency', '-1'], ['--runs', '1.5'], ['--port', '80'], ['--nope', '1']])('%s %s is refused', (flag, value) => {
    expect(() => parseLoadArgs([flag, value])).toThrow(LoadUsageError);
  });
});

/** The benchmark's per-pass accounting (scripts/bench/stats.ts): nearest-rank percentiles and the summary. */
import { describe, expect, it } from 'vitest';
import { addCpu, addTiming, newPassStats, percentile, summarise } from '../../../scripts/bench/stats';

describe('percentile (nearest rank)', () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  it.each([
    { list: ten, p: 50, want: 5 },
    { list: ten, p: 95, want: 10 },
    { list: ten, p: 10, want: 1 },
    { list: ten, p: 11, want: 2 },
    { list: ten, p: 0, want: 1 },
    { list: ten, p: 100, want: 10 },
    { list: [7], p: 99, want: 7 },
    { list: [1, 2], p: 50, want: 1 },
    { list: [1, 2], p: 51, want: 2 },
  ])('p$p of $list.length values is $want', ({ list, p, want }) => {
    expect(percentile(list, p)).toBe(want);
  });

  it('of nothing is NaN', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarise', () => {
  it('turns one pass into per-request figures', () => {
    const s = newPassStats();
    s.requests = 4;
    s.ok = 4;
    s.wallMs = 2000;
    s.bytes = 8000;
    s.outputPixels = 2_000_000;
    s.latencies.push(40, 10, 30, 20);
    addCpu(s, { worker: 6, proxy: 2 });
    addCpu(s, { worker: 2 });
    addTiming(s, { path: 'transcode', durations: { encode: 3, total: 9 }, r2Reads: 2 });
    addTiming(s, { path: 'passthrough', durations: { total: 1 }, r2Reads: 1 });
    const sum = summarise(s, { totalMb: 120.4, focusMb: 80.6, focusStartMb: 40.2 });
    expect(sum).toMatchObject({
      rps: 2,
      p50: 20,
      p95: 40,
      meanKB: 2,
      cpuMsPerRequest: 2.5,
      cpuByProcess: { worker: 2, proxy: 0.5 },
      cpuMsPerMp: 5,
      peakRssMb: 120,
      peakFocusRssMb: 81,
      startFocusRssMb: 40,
      r2ReadsPerRequest: 1.5,
      passthroughShare: 0.5,
      meanStepMs: { encode: 1.5, total: 5 },
    });
  });

  it('leaves CPU and Server-Timing figures empty when there were none', () => {
    const s = newPassStats();
    s.requests = 1;
    s.wallMs = 100;
    s.latencies.push(5);
    const sum = summarise(s, null);
    expect([sum.cpuMsPerRequest, sum.cpuMsPerMp, sum.r2ReadsPerRequest, sum.passthroughShare, sum.peakRssMb]).toEqual([null, null, null, null, null]);
    expect(sum.meanStepMs).toEqual({});
  });
});

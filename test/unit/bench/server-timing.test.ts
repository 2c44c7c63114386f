/** The benchmark's Server-Timing reader (scripts/bench/server-timing.ts; W3C Server Timing §3). */
import { describe, expect, it } from 'vitest';
import { parseServerTiming } from '../../../scripts/bench/server-timing';

describe('parseServerTiming', () => {
  it.each([
    {
      name: 'our transcode header',
      header: 'transcode, r2;dur=4.1;desc="2 reads", decode;dur=1.0, resize;dur=2.5, encode;dur=3.0, total;dur=12.0',
      want: { path: 'transcode', durations: { r2: 4.1, decode: 1, resize: 2.5, encode: 3, total: 12 }, r2Reads: 2 },
    },
    {
      name: 'passthrough, one read',
      header: 'passthrough, r2;dur=0.7;desc="1 read", total;dur=1.2',
      want: { path: 'passthrough', durations: { r2: 0.7, total: 1.2 }, r2Reads: 1 },
    },
    {
      name: 'repeated names add up, reads too',
      header: 'transcode, r2;dur=1;desc="1 read", decode;dur=2, r2;dur=3;desc="2 reads", decode;dur=0.5',
      want: { path: 'transcode', durations: { r2: 4, decode: 2.5 }, r2Reads: 3 },
    },
    {
      name: 'first entry with a duration is no path',
      header: 'cache;dur=0.3;desc="hit", total;dur=0.9',
      want: { path: null, durations: { cache: 0.3, total: 0.9 }, r2Reads: null },
    },
    {
      name: 'commas and semicolons inside a quoted desc',
      header: 'transcode, cache;dur=1;desc="miss, then; stored", total;dur=2',
      want: { path: 'transcode', durations: { cache: 1, total: 2 }, r2Reads: null },
    },
    {
      name: 'only the first dur counts; spaces, upper-case keys, unquoted desc',
      header: ' x ; DUR=5 ; dur=7 , r2;desc=3reads;dur=1',
      want: { path: null, durations: { x: 5, r2: 1 }, r2Reads: 3 },
    },
    {
      name: 'a non-numeric dur is ignored',
      header: 'transcode, decode;dur=abc, total;dur=1',
      want: { path: 'transcode', durations: { total: 1 }, r2Reads: null },
    },
  ])('$name', ({ header, want }) => {
    expect(parseServerTiming(header)).toEqual(want);
  });

  it.each([null, undefined, '', ' , ,'])('%j gives null', (header) => {
    expect(parseServerTiming(header)).toBeNull();
  });
});

/**
 * Broken and hostile TIFF structures, each crafted byte by byte (test/helpers/craft-tiff.ts): every one is
 * refused by openPyramid with its reason, quickly and with few reads, and a sound file next to them opens.
 */
import { describe, expect, it } from 'vitest';
import { BrokenSource, UnsupportedSource } from '../../../src/errors';
import { MemorySource } from '../../../src/source/memory-source';
import type { RangeSource } from '../../../src/source/range-source';
import { HEAD_READ_BYTES, openPyramid } from '../../../src/tiff/open-pyramid';
import { TIFF_BOUNDS } from '../../../src/tiff/tiff-guard';
import { craftTiff, patch16, patch32, T } from '../../helpers/craft-tiff';

const pyramid = () => craftTiff([{ width: 64, height: 48 }, { width: 32, height: 24 }, { width: 16, height: 12 }]);

async function open(source: RangeSource) {
  const head = await source.read(0, HEAD_READ_BYTES);
  return openPyramid(source, head);
}

/** A source whose bytes past `real` read as zeros: a huge object without holding it in memory. */
class SparseSource implements RangeSource {
  readonly key = 'sparse.tif';
  readonly etag = 'e';
  reads = 0;
  constructor(
    private readonly real: Uint8Array,
    readonly size: number,
  ) {}
  async read(offset: number, length: number): Promise<Uint8Array> {
    this.reads += 1;
    const len = Math.max(0, Math.min(length, this.size - offset));
    const out = new Uint8Array(len);
    if (offset < this.real.length) out.set(this.real.subarray(offset, Math.min(this.real.length, offset + len)));
    return out;
  }
}

type Case = readonly [name: string, make: () => Uint8Array, error: typeof BrokenSource | typeof UnsupportedSource, reason: RegExp];

const cases: readonly Case[] = [
  ['IFD 0 pointing to itself', () => { const t = pyramid(); return patch32(t.bytes, t.nextAt[0]!, t.ifds[0]!); }, BrokenSource, /loops back to offset/],
  ['two IFDs pointing at each other', () => { const t = pyramid(); return patch32(t.bytes, t.nextAt[1]!, t.ifds[0]!); }, BrokenSource, /loops back/],
  ['the last IFD pointing to the first', () => { const t = pyramid(); return patch32(t.bytes, t.nextAt[2]!, t.ifds[0]!); }, BrokenSource, /loops back/],
  ['a next-IFD offset past the end', () => { const t = pyramid(); return patch32(t.bytes, t.nextAt[0]!, 0x7fff_fff0); }, BrokenSource, /outside the object/],
  ['a first-IFD offset inside the header', () => patch32(pyramid().bytes, 4, 2), BrokenSource, /outside the object/],
  ['a header naming no IFD', () => patch32(pyramid().bytes, 4, 0), BrokenSource, /names no IFD/],
  ['an IFD with zero entries', () => { const t = pyramid(); return patch16(t.bytes, t.ifds[0]!, 0); }, BrokenSource, /claims 0 entries/],
  ['an IFD claiming 65,535 entries', () => { const t = pyramid(); return patch16(t.bytes, t.ifds[1]!, 65535); }, BrokenSource, /claims 65535 entries/],
  ['TileOffsets pointing past the end', () => { const t = pyramid(); return patch32(t.bytes, t.entryAt(0, T.tileOffsets) + 8, 0x7fff_0000); }, BrokenSource, /tag 324 .* past the end/],
  ['a tag count of 2^30 values', () => { const t = pyramid(); return patch32(t.bytes, t.entryAt(0, T.tileByteCounts) + 4, 2 ** 30); }, BrokenSource, /tag 325 .* past the end|tiles in the IFD/],
  ['a width of 2^31 pixels', () => { const t = pyramid(); return patch32(t.bytes, t.entryAt(0, T.width) + 8, 2 ** 31); }, BrokenSource, /image width 2147483648/],
  ['a height of zero', () => { const t = pyramid(); return patch32(t.bytes, t.entryAt(0, T.height) + 8, 0); }, BrokenSource, /image height 0/],
  ['tiles of 65,535 pixels a side', () => { const t = pyramid(); return patch16(t.bytes, t.entryAt(0, T.tileWidth) + 8, 65535); }, BrokenSource, /tile width 65535/],
  ['a level whose tile arrays are shorter than its grid', () => { const t = pyramid(); return patch32(t.bytes, t.entryAt(1, T.tileOffsets) + 4, 1); }, BrokenSource, /1 tile offsets .* for a 2×2 tile grid/],
  ['a truncated IFD block', () => { const t = pyramid(); return t.bytes.slice(0, t.ifds[0]! + 20); }, BrokenSource, /runs past the end|outside the object/],
  ['a PNG under a .tif key', () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), UnsupportedSource, /a PNG file, not a TIFF/],
  ['a text file under a .tif key', () => new TextEncoder().encode('<html><body>Not found</body></html>\n'), UnsupportedSource, /a text file, not a TIFF/],
  ['an empty object', () => new Uint8Array(0), UnsupportedSource, /an empty object/],
  ['a TIFF header with version 41', () => patch16(pyramid().bytes, 2, 41), UnsupportedSource, /version 41/],
];

describe('openPyramid refuses broken structures', () => {
  it.each(cases)('%s', async (_name, make, error, reason) => {
    const source = new MemorySource(make(), 'broken.tif');
    const failure = await open(source).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(error);
    expect((failure as Error).message).toMatch(reason);
    // Bounded work: a handful of reads, whatever the file claims.
    expect(source.reads.length).toBeLessThanOrEqual(4);
  });

  it('opens the sound file the cases are made from (so each case fails for its own reason)', async () => {
    const index = await open(new MemorySource(pyramid().bytes, 'sound.tif'));
    expect(index.levels.map((l) => [l.width, l.height])).toEqual([[64, 48], [32, 24], [16, 12]]);
  });

  it('stops a chain longer than the IFD bound', async () => {
    const n = TIFF_BOUNDS.maxIfds + 1;
    const t = craftTiff(Array.from({ length: n }, () => ({ width: 16, height: 16 })));
    const failure = await open(new MemorySource(t.bytes, 'long.tif')).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(BrokenSource);
    expect((failure as Error).message).toMatch(`more than ${TIFF_BOUNDS.maxIfds} IFDs`);
    // One IFD fewer is accepted (pages that are not levels are skipped).
    const ok = craftTiff(Array.from({ length: n - 1 }, () => ({ width: 16, height: 16 })));
    expect((await open(new MemorySource(ok.bytes, 'ok.tif'))).levels).toHaveLength(1);
  });

  it('refuses SubIFDs that loop back into the main chain', async () => {
    const t = craftTiff([{ width: 64, height: 48, extra: { [T.subIfds]: [4, [8]] } }]);
    patch32(t.bytes, t.entryAt(0, T.subIfds) + 8, t.ifds[0]!);
    const failure = await open(new MemorySource(t.bytes, 'sub.tif')).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(BrokenSource);
    expect((failure as Error).message).toMatch(/loops back/);
  });

  it('refuses a tile array of more than 2^20 tiles in a 4 GiB object without reading it', async () => {
    const t = pyramid();
    patch32(t.bytes, t.entryAt(0, T.tileByteCounts) + 4, 2 ** 21);
    const source = new SparseSource(t.bytes, 2 ** 32 - 1);
    const failure = await open(source).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(BrokenSource);
    expect((failure as Error).message).toMatch(/2097152 tiles in the IFD/);
    expect(source.reads).toBe(1);
  });

  it('skips an IFD whose proportions are not the base image\'s (a label image, not a level)', async () => {
    const t = craftTiff([{ width: 64, height: 48 }, { width: 32, height: 8 }, { width: 16, height: 12 }]);
    const index = await open(new MemorySource(t.bytes, 'label.tif'));
    expect(index.levels.map((l) => [l.width, l.height])).toEqual([[64, 48], [16, 12]]);
  });
});

/**
 * index-codec: a PyramidIndex kept in the Cache API must come back exactly as openPyramid made it, or a
 * cold isolate would read the wrong bytes for a tile. Round trips over every committed fixture (real
 * indexes, JPEG tables present or absent), synthetic big levels (offsets past 2^32, 100k tiles), levels
 * with and without exact-size edge-tile copies, and inputs that are not an index of this format.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../../src/source/memory-source';
import { decodeIndex, encodeIndex } from '../../../src/tiff/index-codec';
import { HEAD_READ_BYTES, openPyramid } from '../../../src/tiff/open-pyramid';
import type { PyramidIndex, PyramidLevel } from '../../../src/tiff/pyramid';
import { syntheticPyramid } from '../plan/synthetic-pyramid';

const FIXTURES = join(import.meta.dirname, '../../fixtures');

async function openFixture(name: string): Promise<PyramidIndex> {
  const source = new MemorySource(new Uint8Array(readFileSync(join(FIXTURES, name))), name);
  return openPyramid(source, await source.read(0, HEAD_READ_BYTES));
}

/** Plain arrays instead of typed arrays, so toEqual compares element values and array kinds explicitly. */
function plain(index: PyramidIndex) {
  return {
    ...index,
    levels: index.levels.map((l) => ({
      ...l,
      jpegTables: l.jpegTables === null ? null : Array.from(l.jpegTables),
      tileOffsets: Array.from(l.tileOffsets),
      tileByteCounts: Array.from(l.tileByteCounts),
      edgeTiles: l.edgeTiles ? { offsets: Array.from(l.edgeTiles.offsets), byteCounts: Array.from(l.edgeTiles.byteCounts) } : null,
    })),
  };
}

/** The index with exact-size right-edge copies on every level (one per tile row), as the builder writes. */
function withEdgeTiles(index: PyramidIndex): PyramidIndex {
  const levels = index.levels.map((l, k) => ({
    ...l,
    edgeTiles: {
      offsets: Float64Array.from({ length: l.tilesDown }, (_, r) => 2 ** 33 + k * 1_000 + r * 10),
      byteCounts: Float64Array.from({ length: l.tilesDown }, (_, r) => (r % 2 === 0 ? 500 + r : 0)),
    },
  }));
  return { ...index, levels };
}

function expectSame(back: PyramidIndex | null, index: PyramidIndex): void {
  expect(back).not.toBeNull();
  expect(plain(back!)).toEqual(plain(index));
  for (const l of back!.levels) {
    expect(l.tileOffsets).toBeInstanceOf(Float64Array);
    expect(l.tileByteCounts).toBeInstanceOf(Float64Array);
    if (l.jpegTables !== null) expect(l.jpegTables).toBeInstanceOf(Uint8Array);
    if (l.edgeTiles) expect(l.edgeTiles.offsets).toBeInstanceOf(Float64Array);
    if (l.edgeTiles) expect(l.edgeTiles.byteCounts).toBeInstanceOf(Float64Array);
  }
}

/** A level whose tile arrays are views into a larger buffer at an odd offset (as a parser may hand out). */
function withUnalignedViews(level: PyramidLevel): PyramidLevel {
  const n = level.tileOffsets.length;
  const buffer = new ArrayBuffer(8 * (2 * n + 2));
  const offsets = new Float64Array(buffer, 8, n);
  const counts = new Float64Array(buffer, 8 * (n + 2), n);
  offsets.set(level.tileOffsets);
  counts.set(level.tileByteCounts);
  return { ...level, tileOffsets: offsets, tileByteCounts: counts };
}

describe('encodeIndex / decodeIndex round trip', () => {
  it.each([
    { file: 'chart-1000x700-t256-q90.tif', tables: true },
    { file: 'gray-600x900-t256.tif', tables: true },
    { file: 'chart-600x400-t256-bigtiff.tif', tables: true },
    { file: 'be-chart-1000x700-t256-q90.tif', tables: true },
    { file: 'vips-subifd-1000x700-jpeg.tif', tables: true },
    { file: 'deflate-pyramid-500x350.tif', tables: false },
    { file: 'none-pyramid-200x150-t128.tif', tables: false },
  ])('$file (JPEG tables: $tables)', async ({ file, tables }) => {
    const index = await openFixture(file);
    expect(index.levels.every((l) => (l.jpegTables !== null) === tables)).toBe(true);
    expectSame(decodeIndex(encodeIndex(index)), index);
  });

  it.each([
    { name: '100k tiles at level 0', width: 80_000, height: 80_000, tile: 256 },
    { name: 'one tile', width: 1, height: 1, tile: 256 },
    { name: 'grey, floor rounding, 512 tiles', width: 9_999, height: 3_001, tile: 512, channels: 1 as const, rounding: 'floor' as const },
  ])('synthetic: $name', ({ width, height, tile, channels, rounding }) => {
    const index = syntheticPyramid({ width, height, tile, channels, rounding });
    expectSame(decodeIndex(encodeIndex(index)), index);
  });

  it('keeps offsets past 4 GiB and 2^53-safe integers exact (BigTIFF)', () => {
    const base = syntheticPyramid({ width: 5_000, height: 5_000 });
    const far = base.levels.map((l) => ({
      ...l,
      tileOffsets: l.tileOffsets.map((o, i) => (o === 0 ? 0 : 2 ** 40 + o * 7 + i)),
      tileByteCounts: l.tileByteCounts.map((c) => c * 1_000),
    }));
    const index = { ...base, levels: far };
    const back = decodeIndex(encodeIndex(index))!;
    expect(back.levels[0]!.tileOffsets[5]).toBe(index.levels[0]!.tileOffsets[5]);
    expect(back.levels[0]!.tileOffsets[5]).toBeGreaterThan(2 ** 32);
    expectSame(back, index);
  });

  it.each(['chart-1000x700-t256-q90.tif', 'gray-600x900-t256.tif'])('%s with edge-tile copies on every level', async (file) => {
    const index = withEdgeTiles(await openFixture(file));
    const back = decodeIndex(encodeIndex(index))!;
    expectSame(back, index);
    expect(back.levels[0]!.edgeTiles!.offsets[1]).toBe(2 ** 33 + 10);
  });

  it('encodes typed-array views at any byte offset, not their whole buffers', async () => {
    const index = await openFixture('chart-1000x700-t256-q90.tif');
    const viewed = { ...index, levels: index.levels.map(withUnalignedViews) };
    expectSame(decodeIndex(encodeIndex(viewed)), index);
  });

  it('knows every field a level has (a new field needs FORMAT bumped, or old entries lack it)', async () => {
    const index = await openFixture('chart-1000x700-t256-q90.tif');
    const stored = JSON.parse(encodeIndex(index)) as { format: number; levels: Record<string, unknown>[] };
    expect(stored.format).toBe(2);
    expect(Object.keys(index.levels[0]!).sort()).toEqual(Object.keys(stored.levels[0]!).sort());
    expect(Object.keys(stored.levels[0]!).sort()).toEqual(
      ['ifd', 'width', 'height', 'tileWidth', 'tileHeight', 'tilesAcross', 'tilesDown', 'compression', 'photometric', 'samplesPerPixel', 'predictor', 'jpegTables', 'tileOffsets', 'tileByteCounts', 'edgeTiles'].sort(),
    );
  });

  it('gives back frozen values (cached indexes are shared by requests)', async () => {
    const back = decodeIndex(encodeIndex(await openFixture('chart-1000x700-t256-q90.tif')))!;
    expect(Object.isFrozen(back)).toBe(true);
    expect(Object.isFrozen(back.levels)).toBe(true);
    expect(back.levels.every((l) => Object.isFrozen(l))).toBe(true);
  });

  it('stays small: about 16 bytes of base64 (21⅓ characters) per tile, plus a little per level', () => {
    const index = syntheticPyramid({ width: 20_000, height: 19_000 });
    const tiles = index.levels.reduce((n, l) => n + l.tileOffsets.length, 0);
    expect(tiles).toBeGreaterThan(7_000);
    expect(encodeIndex(index).length).toBeLessThan(Math.ceil((tiles * 16 * 4) / 3) + 400 * index.levels.length);
  });
});

describe('decodeIndex refuses what is not an index of this format', () => {
  const good = JSON.parse(encodeIndex(syntheticPyramid({ width: 600, height: 400 }))) as Record<string, unknown>;
  const levels = good['levels'] as Record<string, unknown>[];
  it.each([
    { name: 'empty text', text: '' },
    { name: 'not JSON', text: '{"format":1,' },
    { name: 'JSON null', text: 'null' },
    { name: 'another format', text: JSON.stringify({ ...good, format: 999 }) },
    { name: 'no levels', text: JSON.stringify({ ...good, levels: [] }) },
    { name: 'levels not an array', text: JSON.stringify({ ...good, levels: {} }) },
    { name: 'tile offsets not base64', text: JSON.stringify({ ...good, levels: [{ ...levels[0], tileOffsets: '!!!' }] }) },
    {
      name: 'tile arrays shorter than the grid',
      text: JSON.stringify({ ...good, levels: [{ ...levels[0], tileOffsets: btoa('\0'.repeat(8)) }, ...levels.slice(1)] }),
    },
    { name: 'offsets and counts of different lengths', text: JSON.stringify({ ...good, levels: [{ ...levels[0], tileByteCounts: '' }, ...levels.slice(1)] }) },
    {
      name: 'edge copies for fewer rows than the level has',
      text: JSON.stringify({ ...good, levels: [{ ...levels[0], edgeTiles: { offsets: btoa('\0'.repeat(8)), byteCounts: btoa('\0'.repeat(8)) } }, ...levels.slice(1)] }),
    },
    { name: 'edge copies that are not arrays', text: JSON.stringify({ ...good, levels: [{ ...levels[0], edgeTiles: 7 }, ...levels.slice(1)] }) },
    { name: 'edge copies without byte counts', text: JSON.stringify({ ...good, levels: [{ ...levels[0], edgeTiles: { offsets: '' } }, ...levels.slice(1)] }) },
    { name: 'a level without its width', text: JSON.stringify({ ...good, levels: [{ ...levels[0], width: undefined }, ...levels.slice(1)] }) },
  ])('$name → null', ({ text }) => {
    expect(decodeIndex(text)).toBeNull();
  });
});

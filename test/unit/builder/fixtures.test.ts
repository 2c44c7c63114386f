import { readFile } from 'node:fs/promises';
import { Tiff, TiffTag } from '@cogeotiff/core';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../../scripts/pyramid/file-source';
import { readDescription } from '../../../scripts/pyramid/head-probe';
import { levelSizes } from '../../../scripts/pyramid/levels';
import { parseProvenance } from '../../../scripts/pyramid/provenance';
import { BUILT_FIXTURES } from './committed-fixtures';

const fixture = (name: string) => readFile(new URL(`../../fixtures/${name}`, import.meta.url));

const BUILT = BUILT_FIXTURES;

describe('committed builder fixtures', () => {
  it.each(BUILT)('%s has the docs/ARCHITECTURE.md §2 levels, all IFDs ahead of the first tile, and provenance', async (name, w, h, tile) => {
    const bytes = new Uint8Array(await fixture(name));
    const tiff = await Tiff.create(bytesSource(name, bytes));
    const expected = levelSizes(w, h, tile);
    expect(tiff.images.map((i) => [i.size.width, i.size.height, i.tileSize.width])).toEqual(expected.map((l) => [l.width, l.height, tile]));
    const firstTile = Math.min(...(await Promise.all(tiff.images.map(async (i) => Math.min(...Array.from((await i.fetch(TiffTag.TileOffsets)) as ArrayLike<number>, Number))))));
    // Re-open from the bytes before the first tile only: the whole index must be there.
    const head = await Tiff.create(bytesSource(name, bytes.subarray(0, firstTile), bytes.length));
    expect(head.images.length).toBe(expected.length);
    expect(parseProvenance(readDescription(bytes))?.source.width).toBe(w);
    expect(bytes.length).toBeLessThan(300_000);
  });
});

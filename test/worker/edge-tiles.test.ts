/**
 * Right-edge tiles served without decoding (issue 4): for every exact-size edge copy the builder stored
 * (private tags 65080/65081), the tile request passes through, and its pixels are those of the padded
 * stored tile, decoded and cropped — what any TIFF reader shows: identical, except that on the copy's last
 * column and row a decoder's chroma upsampling may differ by a few levels at the new image edge (the
 * builder's EDGE_TOLERANCE; scripts/pyramid/edge-tiles.ts). The padded tiles are read with the test's own
 * TIFF reader (test/helpers/worker-tiff.ts), not with src/tiff.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/pixels/codecs-decode';
import { MemorySource } from '../../src/source/memory-source';
import { HEAD_READ_BYTES, openPyramid } from '../../src/tiff/open-pyramid';
import { fixtureBytes, get, seed, type FixtureName } from '../helpers/worker-fixtures';
import { expectedPassthrough, readTestTiff, storedTile } from '../helpers/worker-tiff';

const BUILDER_FIXTURES: FixtureName[] = ['chart', 'gray', 'odd257', 'oneByOne', 't512', 'bigtiff'];

beforeAll(async () => {
  await Promise.all(BUILDER_FIXTURES.map((name) => seed(name, `edge-${name}`)));
});

describe('right-edge tiles from exact-size copies', () => {
  it.each(BUILDER_FIXTURES)('%s: every stored copy passes through with the padded tile’s pixels', async (name) => {
    const bytes = fixtureBytes(name);
    const source = new MemorySource(bytes);
    const index = await openPyramid(source, await source.read(0, HEAD_READ_BYTES));
    const ifds = readTestTiff(bytes);
    let expected = 0;
    for (const [k, level] of index.levels.entries()) {
      if (level.width % level.tileWidth === 0) {
        expect(level.edgeTiles ?? null, `level ${k} needs no copies`).toBeNull();
        continue;
      }
      expect(level.edgeTiles, `level ${k} of ${name} carries the edge tags`).toBeTruthy();
      const col = level.tilesAcross - 1;
      for (let row = 0; row < level.tilesDown; row++) {
        // The builder stores a copy for every edge row (test/unit/builder/edge-tiles.test.ts checks how).
        expect(level.edgeTiles!.byteCounts[row] ?? 0, `${name} level ${k} row ${row} has its copy`).toBeGreaterThan(0);
        const sf = index.width / level.width >= 1.5 ? 2 ** k : 1;
        const w = level.width - col * level.tileWidth;
        const h = Math.min(level.tileHeight, level.height - row * level.tileHeight);
        // A 1-pixel tile request is ambiguous between adjacent levels (viewers round edge sizes up), and
        // the planner reads it from the smaller one; such tiles are not what this test is about. The
        // smallest level has no smaller neighbour, so its 1-pixel tiles are checked too.
        if ((w < 2 || h < 2) && k < index.levels.length - 1) continue;
        expected++;
        const x = col * level.tileWidth * sf;
        const y = row * level.tileHeight * sf;
        const region = `${x},${y},${Math.min(level.tileWidth * sf, index.width - x)},${Math.min(level.tileHeight * sf, index.height - y)}`;
        const res = await get(`/iiif/3/edge-${name}/${region}/${w},${h}/0/default.jpg`);
        expect(res.status, region).toBe(200);
        expect(res.headers.get('Server-Timing'), `${name} level ${k} row ${row}`).toMatch(/^passthrough/);
        const served = await decodeImage(new Uint8Array(await res.arrayBuffer()), 'image/jpeg');
        expect([served.width, served.height]).toEqual([w, h]);

        const ifd = ifds[k]!;
        const padded = await decodeImage(new Uint8Array(expectedPassthrough(ifd, storedTile(bytes, ifd, col, row), h)), 'image/jpeg');
        let inside = 0;
        let edgeMax = 0;
        for (let yy = 0; yy < h; yy++) {
          for (let xx = 0; xx < w; xx++) {
            for (let c = 0; c < 3; c++) {
              const d = Math.abs(served.data[(yy * w + xx) * 4 + c]! - padded.data[(yy * padded.width + xx) * 4 + c]!);
              if (xx === w - 1 || yy === h - 1) edgeMax = Math.max(edgeMax, d);
              else if (d !== 0) inside++;
            }
          }
        }
        expect(inside, `${name} level ${k} row ${row}: samples differing away from the last column/row`).toBe(0);
        expect(edgeMax, `${name} level ${k} row ${row}: largest difference on the last column/row`).toBeLessThanOrEqual(96); // the builder's EDGE_TOLERANCE: the decoder edge rule's bound
      }
    }
    // Every fixture has copies to check: none passes on zero tiles.
    expect(expected, `${name} has edge copies to check`).toBeGreaterThan(0);
  });
});

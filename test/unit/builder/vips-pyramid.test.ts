import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tiff, TiffTag } from '@cogeotiff/core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesSource } from '../../../scripts/pyramid/file-source';
import { tileJpegOptions } from '../../../scripts/pyramid/jpeg-options';
import { splitJpeg } from '../../../scripts/pyramid/jpeg-split';
import { levelSizes } from '../../../scripts/pyramid/levels';
import { isUpToDate, makeProvenance } from '../../../scripts/pyramid/provenance';
import { chartSvg } from '../../../scripts/pyramid/synthetic';
import { BUILDER } from '../../../scripts/pyramid/version';
import { paddedSize, readVipsPyramid } from '../../../scripts/pyramid/vips-pyramid';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vips-pyramid-test-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('paddedSize: exact halvings, replicated edge MCUs at every level', () => {
  it.each([
    [1, 1, 256, [16, 16]],
    [257, 257, 256, [288, 288]],
    [1000, 700, 256, [1024, 704]],
    [24000, 16667, 256, [24576, 18432]], // level 7 is 188×131: its edge MCUs end at 192×144, ×128
  ])('%i×%i tile %i → %j', (w, h, tile, expected) => {
    const levels = levelSizes(w, h, tile);
    const p = paddedSize(levels);
    expect([p.width, p.height]).toEqual(expected);
    for (const [k, l] of levels.entries()) {
      expect(p.width % 2 ** k).toBe(0);
      expect(p.width / 2 ** k).toBeGreaterThanOrEqual(Math.ceil(l.width / 16) * 16);
      expect(p.height / 2 ** k).toBeGreaterThanOrEqual(Math.ceil(l.height / 16) * 16);
    }
  });
});

describe('libvips JPEG tiles', () => {
  it.each([50, 85, 89])('quality %i: byte-identical to a per-tile encode with jpeg-options.ts (no trellis, standard tables)', async (quality) => {
    const chart = await sharp(Buffer.from(chartSvg(512, 512))).flatten({ background: '#ffffff' }).raw().toBuffer();
    const raw = { width: 512, height: 512, channels: 3 as const };
    const file = join(dir, `q${quality}.tif`);
    await sharp(chart, { raw }).tiff({ compression: 'jpeg', quality, tile: true, tileWidth: 256, tileHeight: 256, pyramid: true, bigtiff: true }).toFile(file);
    const [level] = await readVipsPyramid(file, levelSizes(512, 512, 256).slice(0, 1), 256);
    const bytes = await readFile(file);
    for (const [i, [col, row]] of [[0, 0], [1, 1]].entries()) {
      const px = await sharp(chart, { raw }).extract({ left: col! * 256, top: row! * 256, width: 256, height: 256 }).raw().toBuffer();
      const ours = splitJpeg(await sharp(px, { raw: { ...raw, width: 256, height: 256 } }).jpeg(tileJpegOptions(quality)).toBuffer());
      const at = row! * 2 + col!;
      const vipsTile = bytes.subarray(level!.tileOffsets[at]!, level!.tileOffsets[at]! + level!.tileByteCounts[at]!);
      expect(Buffer.from(ours.tables).equals(Buffer.from(level!.jpegTables!)), `tables ${i}`).toBe(true);
      expect(Buffer.from(ours.tile).equals(vipsTile), `tile ${col},${row}`).toBe(true);
    }
  });

  it('quality 90 and above still gives YCbCr 4:2:0 tiles (the q90 fixture: Photometric 6, SOF sampling 2×2)', async () => {
    const bytes = new Uint8Array(await readFile(new URL('../../fixtures/chart-1000x700-t256-q90.tif', import.meta.url)));
    const tiff = await Tiff.create(bytesSource('q90', bytes));
    for (const img of tiff.images) {
      expect(await img.fetch(TiffTag.Photometric)).toBe(6);
      const tile = await img.getTile(0, 0);
      const meta = await sharp(tile!.bytes).metadata();
      expect(meta.chromaSubsampling).toBe('4:2:0');
    }
  });
});

describe('isUpToDate', () => {
  const options = { tile: 256, quality: 85, page: 0, background: '#ffffff' };
  const made = (version: string) => ({ ...makeProvenance({ name: 'm', sha256: 'a', width: 1, height: 1 }, options, new Date(0)), builder: { ...BUILDER, version } });
  it.each([
    [BUILDER.version, true],
    [`${BUILDER.version.split('.')[0]}.9.9`, true],
    ['1.0.0', false],
  ])('an output made by builder %s is up to date: %s', (version, expected) => {
    expect(isUpToDate(made(version), 'a', options)).toBe(expected);
    expect(isUpToDate(made(version), 'b', options)).toBe(false);
  });
});

import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tiff, TiffTag } from '@cogeotiff/core';
import { fromFile } from 'geotiff';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPyramidFile } from '../../../scripts/pyramid/build-file';
import { buildPyramids, type BuildPyramidsOptions } from '../../../scripts/pyramid/build-pyramids';
import { folderDestination } from '../../../scripts/pyramid/destinations';
import { fileSource } from '../../../scripts/pyramid/file-source';
import { levelSizes } from '../../../scripts/pyramid/levels';
import { inspectMaster } from '../../../scripts/pyramid/normalise';
import { parseProvenance } from '../../../scripts/pyramid/provenance';
import { compareImages } from '../../../scripts/pyramid/psnr';
import type { Reporter } from '../../../scripts/pyramid/report';
import { chartSvg, pageSvg } from '../../../scripts/pyramid/synthetic';
import { verifyPyramid } from '../../../scripts/pyramid/verify';

const PIXEL = { tile: 256, quality: 85, page: 0, background: '#ffffff' };
const quiet: Reporter = { log: () => undefined, progress: () => undefined, finish: () => undefined };

let dir = '';
let masters = '';
beforeAll(async () => {
  sharp.cache(false);
  dir = await mkdtemp(join(tmpdir(), 'build-test-'));
  masters = join(dir, 'masters');
  await mkdir(join(masters, 'sub'), { recursive: true });
  await sharp(Buffer.from(chartSvg(600, 400))).png().toFile(join(masters, 'chart.png'));
  await sharp(Buffer.from(pageSvg(300, 450))).toColourspace('b-w').jpeg().toFile(join(masters, 'sub', 'page.jpg'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const run = (o: Partial<BuildPyramidsOptions> & { out: string; inputs: string[] }) =>
  buildPyramids({ pixel: PIXEL, prefix: '', concurrency: 2, reporter: quiet, destination: folderDestination(o.out), ...o });

describe('buildPyramids round trip', () => {
  it('builds a folder into pyramids that geotiff.js and @cogeotiff/core read back', async () => {
    const out = join(dir, 'out-roundtrip');
    const { results, failed } = await run({ out, inputs: [masters], prefix: 'coll/' });
    expect(failed).toBe(0);
    expect(results.map((r) => [r.status, r.key])).toEqual([['built', 'coll/chart.tif'], ['built', 'coll/page.tif']]);

    const file = join(out, 'coll', 'chart.tif');
    const source = await fileSource(file);
    const cog = await Tiff.create(source);
    expect(cog.images.map((i) => [i.size.width, i.size.height])).toEqual([[600, 400], [300, 200], [150, 100]]);
    expect(cog.images[0]!.value(TiffTag.Photometric)).toBe(6);
    const tile = await cog.images[0]!.getTile(1, 0);
    const decoded = await sharp(tile!.bytes).extract({ left: 0, top: 0, width: 256, height: 256 }).raw().toBuffer();
    const master = await sharp(join(masters, 'chart.png')).extract({ left: 256, top: 0, width: 256, height: 256 }).removeAlpha().raw().toBuffer();
    expect(compareImages(decoded, master, 3).lumaPsnr).toBeGreaterThan(35);
    const provenance = parseProvenance(cog.images[0]!.value(TiffTag.ImageDescription) as string);
    expect(provenance).toMatchObject({ source: { name: 'chart.png', width: 600, height: 400 }, options: PIXEL });
    expect(provenance!.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    await source.close();

    const geo = await fromFile(join(out, 'coll', 'page.tif'));
    const sizes = [];
    for (let k = 0; k < (await geo.getImageCount()); k++) {
      const img = await geo.getImage(k);
      sizes.push([img.getWidth(), img.getHeight(), img.getSamplesPerPixel()]);
    }
    expect(sizes).toEqual([[300, 450, 1], [150, 225, 1]]);
    geo.close();
  });

  it('skips inputs whose output has the same source hash and options, rebuilds when an option changes', async () => {
    const out = join(dir, 'out-skip');
    const input = join(masters, 'chart.png');
    expect((await run({ out, inputs: [input] })).results[0]!.status).toBe('built');
    const before = await stat(join(out, 'chart.tif'));
    expect((await run({ out, inputs: [input] })).results[0]).toMatchObject({ status: 'skipped', reason: 'up to date' });
    expect((await stat(join(out, 'chart.tif'))).mtimeMs).toBe(before.mtimeMs);
    const again = await run({ out, inputs: [input], pixel: { ...PIXEL, quality: 70 } });
    expect(again.results[0]!.reason ?? 'built').toBe('built');
  });

  it('resumes after an interruption: a stale partial file is not taken for an output', async () => {
    const out = join(dir, 'out-resume');
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'chart.tif.partial-1-dead'), 'half a pyramid');
    await writeFile(join(out, 'chart.tif'), 'II*\0 not a finished pyramid');
    expect((await run({ out, inputs: [join(masters, 'chart.png')] })).results[0]!.status).toBe('built');
    expect(parseProvenance(null)).toBeNull();
  });

  it('reports a bad input and an identifier clash and still builds the rest', async () => {
    const out = join(dir, 'out-bad');
    const bad = join(dir, 'broken.png');
    await writeFile(bad, 'not a png');
    const twin = join(dir, 'chart.jpg');
    await sharp(join(masters, 'chart.png')).jpeg().toFile(twin);
    const { results, failed } = await run({ out, inputs: [bad, join(masters, 'chart.png'), twin, join(dir, 'missing.tif')] });
    expect(results.map((r) => r.status)).toEqual(['failed', 'built', 'failed', 'failed']);
    expect(results[0]!.reason).toMatch(/not a readable image/);
    expect(results[2]!.reason).toMatch(/identifier chart is already taken/);
    expect(results[3]!.reason).toMatch(/ENOENT/);
    expect(failed).toBe(3);
    expect((await stat(join(out, 'chart.tif'))).size).toBeGreaterThan(1000);
  });
});

describe('buildPyramidFile', () => {
  it('writes a BigTIFF when forced, and both readers still read it', async () => {
    const scratch = await mkdtemp(join(dir, 'scratch-'));
    const out = join(dir, 'big.tif');
    const built = await buildPyramidFile({
      input: join(masters, 'chart.png'),
      sourceName: 'chart.png',
      sha256: '0'.repeat(64),
      options: { ...PIXEL, tile: 512 },
      scratchDir: scratch,
      outPath: out,
      parallel: 4,
      bigTiff: true,
    });
    expect(built.bigTiff).toBe(true);
    const bytes = await readFile(out);
    expect(bytes.readUInt16LE(2)).toBe(43);
    expect(built.checks.map((c) => c.level)).toEqual([0, 1]);
    for (const c of built.checks) expect(Math.min(c.cogeotiff.lumaPsnr, c.geotiff.lumaPsnr)).toBeGreaterThan(35);
  });

  it('fails verification when the output does not match the master', async () => {
    const scratch = await mkdtemp(join(dir, 'scratch-'));
    const out = join(dir, 'checked.tif');
    const input = join(masters, 'chart.png');
    const built = await buildPyramidFile({ input, sourceName: 'chart.png', sha256: '0'.repeat(64), options: PIXEL, scratchDir: scratch, outPath: out, parallel: 4 });
    const flipped = join(dir, 'flipped.tif');
    await sharp(input).flip().removeAlpha().tiff({ compression: 'none' }).toFile(flipped);
    const levels = levelSizes(600, 400, 256);
    const verify = async (master: string, lv: typeof levels) =>
      verifyPyramid({
        file: out,
        master: { input: master, info: await inspectMaster(master, 0), page: 0, background: '#ffffff' },
        levels: lv,
        tileSize: 256,
        channels: 3,
        quality: 85,
        edgeCopies: built.edges.map((l) => l?.map((e) => e.bytes) ?? null),
      });
    await expect(verify(input, levels)).resolves.toHaveLength(3);
    await expect(verify(flipped, levels.slice(0, 1))).rejects.toThrow(/levels/);
    await expect(verify(flipped, levels)).rejects.toThrow(/level 0 .*luma PSNR/);
  });
});

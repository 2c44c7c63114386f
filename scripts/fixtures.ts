/**
 * `npm run fixtures`: (re)makes the committed pyramid fixtures in test/fixtures/ that the Worker tests
 * read (see test/fixtures/README.md for what each file is and the command that made it). Builder outputs
 * come from buildPyramids with a fixed creation time so re-runs are byte-stable; third-party layouts come
 * from sharp/libvips; the big-endian copy needs `tiffcp` (Debian libtiff-tools) at making time only.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp, type TiffOptions } from 'sharp';
import { buildPyramids } from './pyramid/build-pyramids';
import { folderDestination } from './pyramid/destinations';
import type { PixelOptions } from './pyramid/provenance';
import { consoleReporter } from './pyramid/report';
import { chartSvg, pageSvg } from './pyramid/synthetic';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'test', 'fixtures');
const SCRATCH = join(tmpdir(), 'iiif-edge-fixtures');
const CREATED = new Date('2026-01-01T00:00:00Z');

const chart = (w: number, h: number) => sharp(Buffer.from(chartSvg(w, h))).flatten({ background: '#ffffff' });
const page = (w: number, h: number) => sharp(Buffer.from(pageSvg(w, h))).flatten({ background: '#ffffff' }).toColourspace('b-w');

/** Builder outputs: master name (= identifier = fixture name), how it is drawn, options. */
const BUILT: { name: string; master: () => Sharp; pixel: Partial<PixelOptions>; bigTiff?: boolean }[] = [
  { name: 'chart-1000x700-t256-q90', master: () => chart(1000, 700), pixel: { quality: 90 } },
  { name: 'gray-600x900-t256', master: () => page(600, 900), pixel: {} },
  { name: 'chart-257x257-t256', master: () => chart(257, 257), pixel: {} },
  { name: 'chart-1x1-t256', master: () => chart(1, 1), pixel: {} },
  { name: 'chart-600x400-t512', master: () => chart(600, 400), pixel: { tile: 512 } },
  { name: 'chart-600x400-t256-bigtiff', master: () => chart(600, 400), pixel: {}, bigTiff: true },
];

/** Third-party layouts written by libvips through sharp (IFDs after each level's data). */
const THIRD_PARTY: { name: string; master: () => Sharp; tiff: TiffOptions }[] = [
  { name: 'vips-pyramid-1000x700-jpeg', master: () => chart(1000, 700), tiff: { compression: 'jpeg', quality: 85 } },
  { name: 'vips-pyramid-999x701-jpeg', master: () => chart(999, 701), tiff: { compression: 'jpeg', quality: 85 } },
  { name: 'deflate-pyramid-500x350', master: () => chart(500, 350), tiff: { compression: 'deflate', predictor: 'horizontal' } },
  { name: 'none-pyramid-200x150-t128', master: () => chart(200, 150), tiff: { compression: 'none', tileWidth: 128, tileHeight: 128 } },
  { name: 'gray-none-pyramid-300x200', master: () => page(300, 200), tiff: { compression: 'none' } },
  { name: 'lzw-pyramid-500x350', master: () => chart(500, 350), tiff: { compression: 'lzw' } },
  { name: 'rgb16-pyramid-200x150', master: () => chart(200, 150).toColourspace('rgb16'), tiff: { compression: 'deflate' } },
];

async function main(): Promise<void> {
  sharp.cache(false);
  await mkdir(SCRATCH, { recursive: true });
  await chart(1000, 700).png().toFile(join(OUT, 'chart-1000x700.png'));
  for (const b of BUILT) {
    const master = join(SCRATCH, `${b.name}.png`);
    await b.master().png().toFile(master);
    // Always rebuilt: an existing output of the same builder version would be skipped as up to date.
    await rm(join(OUT, `${b.name}.tif`), { force: true });
    const { failed } = await buildPyramids({
      inputs: [master],
      pixel: { tile: 256, quality: 85, page: 0, background: '#ffffff', ...b.pixel },
      prefix: '',
      concurrency: 1,
      destination: folderDestination(OUT),
      reporter: consoleReporter(process.stdout),
      bigTiff: b.bigTiff,
      now: CREATED,
    });
    if (failed > 0) throw new Error(`fixture ${b.name} failed`);
  }
  for (const t of THIRD_PARTY) {
    await t.master().tiff({ tileWidth: 256, tileHeight: 256, ...t.tiff, tile: true, pyramid: true }).toFile(join(OUT, `${t.name}.tif`));
    console.log(`made    ${t.name}.tif (sharp/libvips)`);
  }
  await truncatedCopy();
  bigEndianCopy();
  subIfdCopy();
  gdalCogCopy();
}

/** Levels as SubIFDs of IFD 0 (sharp does not expose libvips' `subifd`): needs the `vips` CLI. */
function subIfdCopy(): void {
  const name = 'vips-subifd-1000x700-jpeg.tif';
  try {
    execFileSync('vips', ['tiffsave', join(OUT, 'chart-1000x700.png'), join(OUT, name), '--tile', '--pyramid', '--subifd',
      '--compression', 'jpeg', '--Q', '85', '--tile-width', '256', '--tile-height', '256', '--strip'], { stdio: 'inherit' });
    console.log(`made    ${name} (vips tiffsave --subifd)`);
  } catch {
    console.log(`skipped ${name}: vips not found (apt-get install libvips-tools)`);
  }
}

/**
 * A GDAL Cloud Optimized GeoTIFF of the colour master (ghost header, IFDs first, tile leaders, per-tile
 * Huffman tables): needs GDAL's CLI (Debian gdal-bin) at making time only.
 */
function gdalCogCopy(): void {
  const name = 'gdal-cog-1000x700-jpeg.tif';
  try {
    execFileSync('gdal_translate', ['-q', '-of', 'COG', '-co', 'COMPRESS=JPEG', '-co', 'QUALITY=85', '-co', 'BLOCKSIZE=256',
      join(OUT, 'chart-1000x700.png'), join(OUT, name)], { stdio: 'inherit' });
    console.log(`made    ${name} (gdal_translate -of COG)`);
  } catch {
    console.log(`skipped ${name}: gdal_translate not found (apt-get install gdal-bin)`);
  }
}

/** The builder's colour fixture cut after its header: IFDs readable, every tile missing. */
async function truncatedCopy(): Promise<void> {
  const src = await readFile(join(OUT, 'chart-1000x700-t256-q90.tif'));
  const file = await open(join(OUT, 'chart-1000x700-t256-q90-truncated.tif'), 'w');
  await file.write(src.subarray(0, 4096));
  await file.close();
  console.log('made    chart-1000x700-t256-q90-truncated.tif (first 4096 bytes)');
}

/** `tiffcp -B` (libtiff) rewrites the colour fixture big-endian ("MM"); skipped when tiffcp is absent. */
function bigEndianCopy(): void {
  const out = join(OUT, 'be-chart-1000x700-t256-q90.tif');
  try {
    execFileSync('tiffcp', ['-B', join(OUT, 'chart-1000x700-t256-q90.tif'), out], { stdio: 'inherit' });
    console.log('made    be-chart-1000x700-t256-q90.tif (tiffcp -B)');
  } catch {
    console.log('skipped be-chart-1000x700-t256-q90.tif: tiffcp not found (apt-get install libtiff-tools)');
  }
}

main().catch(async (err: unknown) => {
  console.error(err);
  await writeFile(join(SCRATCH, 'last-error.txt'), String(err)).catch(() => undefined);
  process.exit(1);
});

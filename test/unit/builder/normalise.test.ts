import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputFailure } from '../../../scripts/pyramid/errors';
import { inspectMaster, normaliseMaster } from '../../../scripts/pyramid/normalise';

// A 40×20 image: left half orange (200,60,30), right half blue (30,90,200).
const W = 40;
const H = 20;
const ORANGE = [200, 60, 30];
const BLUE = [30, 90, 200];
/** libvips' grey for ORANGE (from CIE L*, not the BT.601 luma of 98). */
const GREY = 110;
function twoTone(): Buffer {
  const b = Buffer.alloc(W * H * 3);
  for (let i = 0; i < W * H; i++) b.set(i % W < W / 2 ? ORANGE : BLUE, i * 3);
  return b;
}
const raw = () => sharp(twoTone(), { raw: { width: W, height: H, channels: 3 } });

/** How each master is made (from the two-tone image) and what normalising it must give. */
const CASES: {
  name: string;
  make: (path: string) => Promise<unknown>;
  background?: string;
  size: [number, number];
  channels: 1 | 3;
  /** Expected pixel at (x, y) and the tolerance per sample. */
  at: [number, number, number[], number];
}[] = [
  { name: 'plain.png', make: (p) => raw().png().toFile(p), size: [40, 20], channels: 3, at: [5, 5, ORANGE, 0] },
  { name: 'cmyk.jpg', make: (p) => raw().toColourspace('cmyk').jpeg({ quality: 100 }).toFile(p), size: [40, 20], channels: 3, at: [5, 5, ORANGE, 35] },
  { name: 'rgb16.png', make: (p) => raw().toColourspace('rgb16').png().toFile(p), size: [40, 20], channels: 3, at: [35, 5, BLUE, 1] },
  { name: 'p3.png', make: (p) => raw().withIccProfile('p3').png().toFile(p), size: [40, 20], channels: 3, at: [5, 5, ORANGE, 2] },
  { name: 'alpha.png', make: (p) => raw().ensureAlpha(0).png().toFile(p), size: [40, 20], channels: 3, at: [5, 5, [255, 255, 255], 0] },
  { name: 'alpha-black.png', make: (p) => raw().ensureAlpha(0).png().toFile(p), background: '#000000', size: [40, 20], channels: 3, at: [5, 5, [0, 0, 0], 0] },
  // EXIF orientation 6 (rotate 90° clockwise to view): the orange left half ends up on top.
  { name: 'orient6.jpg', make: (p) => raw().withMetadata({ orientation: 6 }).jpeg({ quality: 100 }).toFile(p), size: [20, 40], channels: 3, at: [10, 5, ORANGE, 6] },
  { name: 'grey.png', make: (p) => raw().toColourspace('b-w').png().toFile(p), size: [40, 20], channels: 1, at: [5, 5, [GREY], 3] },
  { name: 'grey16.tif', make: (p) => raw().toColourspace('grey16').tiff().toFile(p), size: [40, 20], channels: 1, at: [5, 5, [GREY], 3] },
  { name: 'grey-alpha.png', make: (p) => raw().toColourspace('b-w').ensureAlpha(0).png().toFile(p), size: [40, 20], channels: 1, at: [5, 5, [255], 0] },
  { name: 'two-pages.tif', make: (p) => multiPage(p), size: [40, 20], channels: 3, at: [5, 5, ORANGE, 3] },
];

async function multiPage(path: string): Promise<unknown> {
  const page = await raw().png().toBuffer();
  return sharp([page, page], { join: { animated: true } }).tiff().toFile(path);
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'normalise-'));
  await Promise.all(CASES.map((c) => c.make(join(dir, c.name))));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('normaliseMaster', () => {
  it.each(CASES)('$name → 8-bit, $channels band(s), baked orientation, flattened', async (c) => {
    const src = join(dir, c.name);
    const info = await inspectMaster(src, 0);
    const out = await normaliseMaster(src, info, 0, c.background ?? '#ffffff', join(dir, `${c.name}.norm.tif`));
    expect([out.width, out.height, out.channels]).toEqual([...c.size, c.channels]);
    const meta = await sharp(out.path).metadata();
    expect([meta.depth, meta.channels, meta.hasAlpha]).toEqual(['uchar', c.channels, false]);
    const [x, y, expected, tolerance] = c.at;
    const px = await sharp(out.path)
      .extract({ left: x, top: y, width: 1, height: 1 })
      .toColourspace(c.channels === 1 ? 'b-w' : 'srgb')
      .raw()
      .toBuffer();
    [...px].forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(tolerance));
  });

  it('the P3 master really stores different numbers (so the ICC step is what fixes them)', async () => {
    const stored = await sharp(join(dir, 'p3.png')).keepIccProfile().extract({ left: 5, top: 5, width: 1, height: 1 }).raw().toBuffer();
    expect(Math.abs(stored[0]! - ORANGE[0]!)).toBeGreaterThan(8);
  });

  it.each([
    ['a text file', 'notes.txt', 'hello', /not a readable image/],
    ['a GIF', 'anim.gif', null, /format gif is not accepted/],
  ])('refuses %s with the reason', async (_label, name, text, reason) => {
    const path = join(dir, name);
    if (text) await import('node:fs/promises').then((fs) => fs.writeFile(path, text));
    else await raw().gif().toFile(path);
    const err = await inspectMaster(path, 0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputFailure);
    expect((err as Error).message).toMatch(reason);
  });

  it('refuses a page the file does not have, takes one it has', async () => {
    const path = join(dir, 'two-pages.tif');
    expect((await inspectMaster(path, 1)).pages).toBe(2);
    await expect(inspectMaster(path, 2)).rejects.toThrow(/page 2 requested, the file has 2/);
  });
});

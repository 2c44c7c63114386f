/**
 * The two benchmark masters (the issue: "a ~200-megapixel photographic master and a page scan"), made
 * deterministically with sharp from Debian's mate-backgrounds photographs (photos.ts):
 * - master.jpg: 16000×12000 (192 MP), a 10×10 mosaic of 1600×1200 cells, each a crop (50–100 % of the
 *   largest 4:3 window, seeded position, seeded horizontal flip) of one of the photographs;
 * - page.jpg: 5000×7000, a cream paper texture, a title and two blocks of justified prose (the GPL-3 text
 *   from Debian's common-licenses, DejaVu Serif at 600 dpi) and a framed photographic plate.
 * The recipe follows the peer benchmark harness the project started from (not in this repository; it used
 * the vips CLI); this version needs nothing beyond the project's own sharp.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { PHOTOS } from './photos';
import { mulberry32, randInt } from './prng';

export const MASTER = { cols: 10, rows: 10, cellWidth: 1600, cellHeight: 1200, seed: 20240601 } as const;
export const PAGE = { width: 5000, height: 7000 } as const;

interface Cell {
  readonly photo: string;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly flop: boolean;
}

/** Which photograph and which crop each cell takes (every photograph at least once). */
async function mosaicRecipe(folder: string): Promise<Cell[]> {
  const sizes = await Promise.all(PHOTOS.map((p) => sharp(join(folder, p)).metadata()));
  const rng = mulberry32(MASTER.seed);
  const cells: Cell[] = [];
  for (let i = 0; i < MASTER.cols * MASTER.rows; i++) {
    const s = i < PHOTOS.length ? i : randInt(rng, 0, PHOTOS.length - 1);
    const w = sizes[s]!.width;
    const h = sizes[s]!.height;
    const maxW = w * 3 > h * 4 ? Math.floor((h * 4) / 3) : w;
    const cw = Math.max(400, Math.floor(maxW * (0.5 + 0.5 * rng())));
    const ch = Math.floor((cw * 3) / 4);
    cells.push({
      photo: join(folder, PHOTOS[s]!),
      left: randInt(rng, 0, w - cw),
      top: randInt(rng, 0, h - ch),
      width: cw,
      height: ch,
      flop: rng() < 0.5,
    });
  }
  return cells;
}

/** Writes the 192 MP photographic master as a JPEG (Q90, as an archive's access master might be). */
export async function makeMaster(folder: string, out: string): Promise<void> {
  const { cols, rows, cellWidth, cellHeight } = MASTER;
  const cells = await mosaicRecipe(folder);
  const tiles = [];
  for (const [i, c] of cells.entries()) {
    const img = sharp(c.photo).extract({ left: c.left, top: c.top, width: c.width, height: c.height })
      .resize(cellWidth, cellHeight, { fit: 'fill' });
    const data = await (c.flop ? img.flop() : img).removeAlpha().raw().toBuffer();
    tiles.push({ input: data, raw: { width: cellWidth, height: cellHeight, channels: 3 as const },
      left: (i % cols) * cellWidth, top: Math.floor(i / cols) * cellHeight });
  }
  const canvas = { width: cols * cellWidth, height: rows * cellHeight, channels: 3 as const, background: '#000' };
  await sharp({ create: canvas, limitInputPixels: false }).composite(tiles).jpeg({ quality: 90 }).toFile(out);
}

/** The GPL-3 prose as Pango markup paragraphs, cut into blocks of about `chars` characters. */
function proseBlocks(chars: number, count: number): string[] {
  const text = readFileSync('/usr/share/common-licenses/GPL-3', 'utf8');
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean)
    .map((p) => p.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  const blocks: string[][] = [[]];
  let n = 0;
  for (const p of paragraphs) {
    if (n + p.length > chars && blocks.length < count) {
      blocks.push([]);
      n = 0;
    } else if (n + p.length > chars) break;
    blocks[blocks.length - 1]!.push(p);
    n += p.length + 1;
  }
  return blocks.map((b) => b.join('\n\n'));
}

/** A one-band ink mask (255 = ink) of Pango text, cropped to at most maxHeight rows. */
async function textMask(markup: string, font: string, width: number, maxHeight: number) {
  const img = sharp({ text: { text: markup, font, dpi: 600, width, justify: true } });
  const { data, info } = await img.extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: Math.min(info.height, maxHeight) };
}

/** Writes the 5000×7000 page scan as a JPEG (Q90). */
export async function makePage(folder: string, out: string): Promise<void> {
  const { width: W, height: H } = PAGE;
  // Paper: a pale photograph (wood/concrete close-up), grey, portrait, scaled to cover, toned cream.
  const paper = await sharp(join(folder, 'nature/Wood.jpg')).greyscale().rotate(90)
    .resize(W, H, { fit: 'cover', position: 'left top' }).extractChannel(0).raw().toBuffer();
  const ink = new Uint8Array(W * H);
  const place = (m: { data: Buffer; width: number; height: number }, x0: number, y0: number) => {
    for (let y = 0; y < m.height && y0 + y < H; y++) {
      for (let x = 0; x < m.width && x0 + x < W; x++) ink[(y0 + y) * W + x0 + x] = m.data[y * m.width + x]!;
    }
  };
  const title = await textMask('<b>GNU GENERAL PUBLIC LICENSE</b>', 'DejaVu Serif 22', 4000, 600);
  place(title, Math.max(0, Math.floor((W - title.width) / 2)), 450);
  const [first, second] = proseBlocks(3500, 2);
  place(await textMask(first!, 'DejaVu Serif 8', 4000, 1750), 500, 800);
  place(await textMask(second!, 'DejaVu Serif 8', 4000, 2100), 500, 4600);
  const rgb = Buffer.alloc(W * H * 3);
  const tone = [[0.55, 97], [0.54, 92], [0.5, 80]] as const;
  for (let i = 0; i < W * H; i++) {
    const keep = 1 - (0.85 * ink[i]!) / 255;
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = Math.min(255, Math.round((paper[i]! * tone[c]![0] + tone[c]![1]) * keep));
  }
  // The plate: a photograph printed on the page with a thin dark frame.
  const plate = await sharp(join(folder, 'nature/LadyBird.jpg')).resize(3000, 1875, { fit: 'fill' })
    .extend({ top: 6, bottom: 6, left: 6, right: 6, background: '#28241e' }).removeAlpha().jpeg().toBuffer();
  await sharp(rgb, { raw: { width: W, height: H, channels: 3 } })
    .composite([{ input: plate, left: 994, top: 2640 }]).jpeg({ quality: 90 }).toFile(out);
}

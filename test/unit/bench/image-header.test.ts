/**
 * The benchmark's size check (scripts/bench/image-header.ts) on real files made by sharp/libvips: PNG IHDR
 * and JPEG SOFn found by walking the markers, whatever comes before the frame header.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { imageHeader } from '../../../scripts/bench/image-header';

const raw = (w: number, h: number, channels: 1 | 3 | 4) =>
  sharp(Buffer.alloc(w * h * channels, 128), { raw: { width: w, height: h, channels } });

describe('imageHeader', () => {
  it.each([
    { name: 'baseline colour JPEG', make: () => raw(201, 77, 3).jpeg(), want: { format: 'jpeg', width: 201, height: 77, components: 3 } },
    { name: 'progressive JPEG (SOF2)', make: () => raw(33, 1000, 3).jpeg({ progressive: true }), want: { format: 'jpeg', width: 33, height: 1000, components: 3 } },
    { name: 'grey JPEG', make: () => raw(16, 9, 1).toColourspace('b-w').jpeg(), want: { format: 'jpeg', width: 16, height: 9, components: 1 } },
    { name: 'JPEG with EXIF and ICC before the frame', make: () => raw(300, 2, 3).withMetadata({ orientation: 1 }).keepIccProfile().jpeg(), want: { format: 'jpeg', width: 300, height: 2, components: 3 } },
    { name: 'RGB PNG', make: () => raw(1024, 768, 3).png(), want: { format: 'png', width: 1024, height: 768, components: 3 } },
    { name: 'RGBA PNG', make: () => raw(5, 7, 4).png(), want: { format: 'png', width: 5, height: 7, components: 4 } },
    { name: 'grey PNG', make: () => raw(70000, 1, 1).toColourspace('b-w').png(), want: { format: 'png', width: 70000, height: 1, components: 1 } },
  ])('$name', async ({ make, want }) => {
    expect(imageHeader(new Uint8Array(await make().toBuffer()))).toEqual(want);
  });

  it('skips fill bytes before a marker (T.81 §B.1.1.2)', async () => {
    const jpeg = new Uint8Array(await raw(40, 30, 3).jpeg().toBuffer());
    const padded = new Uint8Array([0xff, 0xd8, 0xff, 0xff, ...jpeg.subarray(2)]);
    expect(imageHeader(padded)).toMatchObject({ width: 40, height: 30 });
  });

  it.each([
    { name: 'empty', bytes: [] },
    { name: 'not an image', bytes: [...new TextEncoder().encode('<html>error</html>')] },
    { name: 'SOI then EOI, no frame', bytes: [0xff, 0xd8, 0xff, 0xd9, 0, 0, 0, 0, 0, 0, 0, 0] },
    { name: 'SOI then a scan before any frame', bytes: [0xff, 0xd8, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0] },
    { name: 'garbage where a marker should be', bytes: [0xff, 0xd8, 0x12, 0x34, 0, 0, 0, 0, 0, 0, 0, 0] },
  ])('$name gives null', ({ bytes }) => {
    expect(imageHeader(new Uint8Array(bytes))).toBeNull();
  });

  it('a JPEG cut off before its frame header gives null', async () => {
    const jpeg = new Uint8Array(await raw(40, 30, 3).jpeg().toBuffer());
    const sof = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc0);
    expect(imageHeader(jpeg.subarray(0, sof))).toBeNull();
  });
});

import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BrokenSource } from '../../../src/errors';
import { inflate } from '../../../src/pixels/inflate';

describe('inflate (TIFF Compression 8 = zlib stream)', () => {
  it('round-trips what zlib deflates', async () => {
    const samples = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) % 256);
    expect(await inflate(deflateSync(samples), 3000)).toEqual(samples);
  });

  it('turns a corrupt stream into BrokenSource', async () => {
    await expect(inflate(new Uint8Array([1, 2, 3, 4]), 100)).rejects.toBeInstanceOf(BrokenSource);
  });

  it('stops a stream that inflates past the tile (64 MiB of zeros from 64 KiB of deflate)', async () => {
    const bomb = deflateSync(new Uint8Array(64 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(128 * 1024);
    const failure = await inflate(bomb, 256 * 256).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(BrokenSource);
    expect((failure as Error).message).toMatch(/inflates past the 65536 bytes/);
  });

  it('accepts a stream of exactly the tile size', async () => {
    const samples = new Uint8Array(256 * 256).fill(9);
    expect((await inflate(deflateSync(samples), samples.length)).length).toBe(samples.length);
  });
});

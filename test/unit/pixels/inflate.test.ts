import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UnsupportedSource } from '../../../src/errors';
import { inflate } from '../../../src/pixels/inflate';

describe('inflate (TIFF Compression 8 = zlib stream)', () => {
  it('round-trips what zlib deflates', async () => {
    const samples = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) % 256);
    expect(await inflate(deflateSync(samples))).toEqual(samples);
  });

  it('turns a corrupt stream into UnsupportedSource', async () => {
    await expect(inflate(new Uint8Array([1, 2, 3, 4]))).rejects.toBeInstanceOf(UnsupportedSource);
  });
});

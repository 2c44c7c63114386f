/**
 * Resampling inside workerd (resample.ts): it needs no WASM module, the band-wise horizontal pass that
 * render.ts fuses into stitching gives exactly the one-call result, and a large transcode through that
 * path keeps every region where it belongs.
 */
import { describe, expect, it } from 'vitest';
import { resize } from '../../src/pixels/codecs';
import { raster } from '../../src/pixels/raster';
import { renderTranscode } from '../../src/pixels/render';
import { Timing } from '../../src/service/timing';
import { initialisedCodecs } from '../../wasm/registry';
import { delta, planFor, QUADRANTS, quadrants, rgbAt, storeTiles } from './pixels-tiles';

/** Smooth colour waves: photographic frequencies without noise. */
function waves(w: number, h: number) {
  const d = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = (k: number) => Math.round(127.5 + 120 * Math.sin(x / k + y / (k * 1.7)));
      d.set([v(9), v(23), v(5), 255], (y * w + x) * 4);
    }
  }
  return raster(w, h, d);
}

describe('resize in TypeScript', () => {
  it('bands across then the whole down equals one call, byte for byte, and loads no WASM', async () => {
    const input = waves(1400, 1100);
    const whole = await resize(input, 800, 650);
    const across = new Uint8Array(800 * 1100 * 4);
    for (let y = 0; y < 1100; y += 256) {
      const h = Math.min(256, 1100 - y);
      const band = raster(1400, h, input.data.slice(y * 1400 * 4, (y + h) * 1400 * 4));
      across.set((await resize(band, 800, h)).data, y * 800 * 4);
    }
    const banded = await resize(raster(800, 1100, across), 800, 650);
    expect([banded.width, banded.height]).toEqual([800, 650]);
    expect(banded.data).toEqual(whole.data);
    expect(initialisedCodecs()).not.toContain('resize');
  });

  it('renders a large transcode through the band-wise horizontal pass', async () => {
    const image = quadrants(1200, 1000, 610, 470);
    const { level, tiles } = await storeTiles(image, { compression: 'none' });
    const plan = planFor(level, { x: 0, y: 0, w: 1200, h: 1000 }, { width: 700, height: 600, format: 'png' });
    const out = await renderTranscode(plan, level, tiles, new Timing());
    const { decodeImage } = await import('../../src/pixels/codecs-decode');
    const img = await decodeImage(out.body, out.contentType);
    expect([img.width, img.height]).toEqual([700, 600]);
    const probes = [[100, 100], [600, 100], [100, 500], [600, 500]] as const;
    probes.forEach(([x, y], q) => expect(delta(rgbAt(img, x, y), QUADRANTS[q]!)).toBeLessThanOrEqual(2));
  });
});

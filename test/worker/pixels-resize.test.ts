/**
 * Bounded-heap resizing (resize-banded.ts) with the real squoosh module: banded results match one call,
 * and the module's linear memory stays near the budget. Own file, so the resize module starts fresh.
 */
import { describe, expect, it } from 'vitest';
import { resize, resizeOnce } from '../../src/pixels/codecs';
import { RESIZE_HEAP_BUDGET } from '../../src/pixels/encode-settings';
import { raster } from '../../src/pixels/raster';
import { renderTranscode } from '../../src/pixels/render';
import { resizeHeapBytes } from '../../src/pixels/resize-banded';
import { Timing } from '../../src/service/timing';
import { wasmMemoryBytes } from '../../wasm/registry';
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

describe('resize within the heap budget', () => {
  it('bands a resize that would need more than the budget, within 3 levels of one call', async () => {
    const input = waves(1400, 1100);
    expect(resizeHeapBytes(1400, 1100, 800, 650)).toBeGreaterThan(RESIZE_HEAP_BUDGET);
    const banded = await resize(input, 800, 650);
    const heap = wasmMemoryBytes().resize!;
    expect(heap).toBeLessThan(RESIZE_HEAP_BUDGET + 8 * 1024 * 1024);
    const whole = await resizeOnce(input, 800, 650);
    expect(wasmMemoryBytes().resize!).toBeGreaterThan(heap);
    let max = 0;
    for (let i = 0; i < whole.data.length; i++) max = Math.max(max, Math.abs(whole.data[i]! - banded.data[i]!));
    expect([banded.width, banded.height]).toEqual([800, 650]);
    expect(max).toBeLessThanOrEqual(3);
  });

  it('renders a large transcode through the band-wise horizontal pass', async () => {
    const image = quadrants(1200, 1000, 610, 470);
    const { level, tiles } = await storeTiles(image, { compression: 'none' });
    const plan = planFor(level, { x: 0, y: 0, w: 1200, h: 1000 }, { width: 700, height: 600, format: 'png' });
    expect(resizeHeapBytes(1200, 1000, 700, 600)).toBeGreaterThan(RESIZE_HEAP_BUDGET);
    const timing = new Timing();
    const out = await renderTranscode(plan, level, tiles, timing);
    const { decodeImage } = await import('../../src/pixels/codecs-decode');
    const img = await decodeImage(out.body, out.contentType);
    expect([img.width, img.height]).toEqual([700, 600]);
    const probes = [[100, 100], [600, 100], [100, 500], [600, 500]] as const;
    probes.forEach(([x, y], q) => expect(delta(rgbAt(img, x, y), QUADRANTS[q]!)).toBeLessThanOrEqual(2));
  });
});

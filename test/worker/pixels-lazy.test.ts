/**
 * Lazy WASM initialisation: a request initialises only the codecs it uses (wasm/registry.ts). Runs in its
 * own file so the module state starts empty; the steps depend on each other and run in order.
 */
import { describe, expect, it } from 'vitest';
import { renderTranscode } from '../../src/pixels/render';
import { Timing } from '../../src/service/timing';
import { initialisedCodecs, wasmMemoryBytes } from '../../wasm/registry';
import { planFor, quadrants, storeTiles } from './pixels-tiles';

const IMAGE = quadrants(300, 200);
const FULL = { x: 0, y: 0, w: 300, h: 200 };

describe('codecs are initialised on first use only', () => {
  it('starts with none', () => {
    expect(initialisedCodecs()).toEqual([]);
  });

  it('a PNG request from uncompressed tiles at stored size initialises only the PNG codec', async () => {
    const { level, tiles } = await storeTiles(IMAGE, { compression: 'none' });
    await renderTranscode(planFor(level, FULL, { format: 'png' }), level, tiles, new Timing());
    expect(initialisedCodecs()).toEqual(['png']);
    expect(wasmMemoryBytes().png).toBeGreaterThan(0);
  });

  it('a resized JPEG request from deflate tiles adds no WASM: resampling and JPEG encoding are TypeScript', async () => {
    const { level, tiles } = await storeTiles(IMAGE, { compression: 'deflate' });
    const out = await renderTranscode(planFor(level, FULL, { width: 150, height: 99, format: 'jpg' }), level, tiles, new Timing());
    expect([out.body[0], out.body[1]]).toEqual([0xff, 0xd8]);
    expect(initialisedCodecs()).toEqual(['png']);
  });

  it('JPEG tiles add the decoder, WebP output its encoder', async () => {
    const { level, tiles } = await storeTiles(IMAGE, { compression: 'jpeg' });
    expect(initialisedCodecs()).not.toContain('jpeg-decode');
    await renderTranscode(planFor(level, FULL, { format: 'webp' }), level, tiles, new Timing());
    expect(initialisedCodecs()).toEqual(['png', 'jpeg-decode', 'webp-encode']);
  });
});

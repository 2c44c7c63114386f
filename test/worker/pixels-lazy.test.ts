/**
 * Lazy WASM initialisation: a request initialises only the codecs it uses (wasm/registry.ts). Runs in its
 * own file so the module state starts empty; the steps depend on each other and run in order.
 */
import { describe, expect, it } from 'vitest';
import { renderTranscode } from '../../src/pixels/render';
import { Timing } from '../../src/service/timing';
import { renewJpegEncoder } from '../../wasm/jpeg-encode';
import { codecMemory, initialisedCodecs, wasmMemoryBytes } from '../../wasm/registry';
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

  it('a resized JPEG request adds resize and the JPEG encoder, not the decoder', async () => {
    const { level, tiles } = await storeTiles(IMAGE, { compression: 'deflate' });
    await renderTranscode(planFor(level, FULL, { width: 150, height: 99, format: 'jpg' }), level, tiles, new Timing());
    expect(initialisedCodecs()).toEqual(['png', 'resize', 'jpeg-encode']);
  });

  it('JPEG tiles add the decoder', async () => {
    // Building JPEG tiles uses the encoder, which is already there; rendering them needs the decoder.
    const { level, tiles } = await storeTiles(IMAGE, { compression: 'jpeg' });
    expect(initialisedCodecs()).not.toContain('jpeg-decode');
    await renderTranscode(planFor(level, FULL, { format: 'webp' }), level, tiles, new Timing());
    expect(initialisedCodecs()).toEqual(['png', 'resize', 'jpeg-encode', 'jpeg-decode', 'webp-encode']);
  });

  it('renewing the JPEG encoder replaces its instance with a fresh 16 MiB heap', async () => {
    const before = codecMemory('jpeg-encode');
    await renewJpegEncoder();
    expect(codecMemory('jpeg-encode')).not.toBe(before);
    expect(wasmMemoryBytes()['jpeg-encode']).toBeLessThanOrEqual(17 * 1024 * 1024);
  });
});

/**
 * PyramidIndex ⇄ bytes, so an opened index can be kept in the Cache API and a cold isolate needs no R2
 * read to find its tiles. JSON for the small fields; the tile arrays and JPEG tables as base64 of their
 * bytes (Float64 little-endian), which keeps a 6,000-tile level around 130 KB.
 */
import type { PyramidIndex, PyramidLevel } from './pyramid';

const FORMAT = 1;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function f64(bytes: Uint8Array): Float64Array {
  const copy = new Uint8Array(bytes); // aligned
  return new Float64Array(copy.buffer, 0, copy.length / 8);
}

export function encodeIndex(index: PyramidIndex): string {
  return JSON.stringify({
    format: FORMAT,
    width: index.width,
    height: index.height,
    channels: index.channels,
    levels: index.levels.map((l) => ({
      ...l,
      jpegTables: l.jpegTables === null ? null : toBase64(l.jpegTables),
      tileOffsets: toBase64(new Uint8Array(l.tileOffsets.buffer, l.tileOffsets.byteOffset, l.tileOffsets.byteLength)),
      tileByteCounts: toBase64(new Uint8Array(l.tileByteCounts.buffer, l.tileByteCounts.byteOffset, l.tileByteCounts.byteLength)),
    })),
  });
}

/** Returns null for anything that is not an index of this format (an old cache entry, say). */
export function decodeIndex(text: string): PyramidIndex | null {
  try {
    const raw = JSON.parse(text) as { format: number; width: number; height: number; channels: 1 | 3; levels: Record<string, unknown>[] };
    if (raw.format !== FORMAT || !Array.isArray(raw.levels) || raw.levels.length === 0) return null;
    const levels = raw.levels.map((l) =>
      Object.freeze({
        ...(l as unknown as PyramidLevel),
        jpegTables: l['jpegTables'] === null ? null : fromBase64(l['jpegTables'] as string),
        tileOffsets: f64(fromBase64(l['tileOffsets'] as string)),
        tileByteCounts: f64(fromBase64(l['tileByteCounts'] as string)),
      }),
    );
    return Object.freeze({ width: raw.width, height: raw.height, channels: raw.channels, levels: Object.freeze(levels) });
  } catch {
    return null;
  }
}

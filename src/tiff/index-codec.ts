/**
 * PyramidIndex ⇄ bytes, so an opened index can be kept in the Cache API and a cold isolate needs no R2
 * read to find its tiles. JSON for the small fields; the tile arrays and JPEG tables as base64 of their
 * bytes (Float64 little-endian), which keeps a 6,000-tile level around 130 KB. Bump FORMAT whenever
 * PyramidLevel gains or changes a field: entries written before would decode without it.
 */
import type { EdgeTiles, PyramidIndex, PyramidLevel } from './pyramid';

const FORMAT = 2;

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

function b64f(values: Float64Array): string {
  return toBase64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
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
      tileOffsets: b64f(l.tileOffsets),
      tileByteCounts: b64f(l.tileByteCounts),
      edgeTiles: l.edgeTiles ? { offsets: b64f(l.edgeTiles.offsets), byteCounts: b64f(l.edgeTiles.byteCounts) } : null,
    })),
  });
}

/** Fields of a level that must be integers, with the least value each may take. */
const LEVEL_INTEGERS: readonly (readonly [keyof PyramidLevel, number])[] = [
  ['ifd', 0],
  ['width', 1],
  ['height', 1],
  ['tileWidth', 1],
  ['tileHeight', 1],
  ['tilesAcross', 1],
  ['tilesDown', 1],
  ['samplesPerPixel', 1],
  ['predictor', 1],
];
const COMPRESSIONS: ReadonlySet<unknown> = new Set(['jpeg', 'deflate', 'none']);
const PHOTOMETRICS: ReadonlySet<unknown> = new Set(['ycbcr', 'rgb', 'gray']);

const isInt = (v: unknown, min: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= min;

/**
 * One stored level back as a PyramidLevel, or null when anything is missing or inconsistent: a cache
 * entry is read by every request for that image, so a damaged one must fall back to R2, not send tile
 * reads to undefined offsets.
 */
function decodeLevel(l: Record<string, unknown>): PyramidLevel | null {
  if (!LEVEL_INTEGERS.every(([name, min]) => isInt(l[name], min))) return null;
  if (!COMPRESSIONS.has(l['compression']) || !PHOTOMETRICS.has(l['photometric'])) return null;
  const tables = l['jpegTables'];
  if (tables !== null && typeof tables !== 'string') return null;
  if (typeof l['tileOffsets'] !== 'string' || typeof l['tileByteCounts'] !== 'string') return null;
  const offsets = fromBase64(l['tileOffsets']);
  const counts = fromBase64(l['tileByteCounts']);
  const tiles = (l['tilesAcross'] as number) * (l['tilesDown'] as number);
  if (offsets.length !== tiles * 8 || counts.length !== tiles * 8) return null;
  const edgeTiles = decodeEdgeTiles(l['edgeTiles'], l['tilesDown'] as number);
  if (edgeTiles === undefined) return null;
  return Object.freeze({
    ...(l as unknown as PyramidLevel),
    jpegTables: tables === null ? null : fromBase64(tables),
    tileOffsets: f64(offsets),
    tileByteCounts: f64(counts),
    edgeTiles,
  });
}

/** Edge-tile copies (one per tile row) back as arrays; null when the level has none, undefined when damaged. */
function decodeEdgeTiles(raw: unknown, rows: number): EdgeTiles | null | undefined {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'object') return undefined;
  const e = raw as Record<string, unknown>;
  if (typeof e['offsets'] !== 'string' || typeof e['byteCounts'] !== 'string') return undefined;
  const offsets = fromBase64(e['offsets']);
  const byteCounts = fromBase64(e['byteCounts']);
  if (offsets.length !== rows * 8 || byteCounts.length !== rows * 8) return undefined;
  return Object.freeze({ offsets: f64(offsets), byteCounts: f64(byteCounts) });
}

/** Returns null for anything that is not a whole index of this format (an old or damaged cache entry). */
export function decodeIndex(text: string): PyramidIndex | null {
  try {
    const raw = JSON.parse(text) as { format: number; width: number; height: number; channels: 1 | 3; levels: Record<string, unknown>[] } | null;
    if (raw === null || raw.format !== FORMAT || !Array.isArray(raw.levels) || raw.levels.length === 0) return null;
    if (!isInt(raw.width, 1) || !isInt(raw.height, 1) || (raw.channels !== 1 && raw.channels !== 3)) return null;
    const levels = raw.levels.map(decodeLevel);
    if (levels.some((l) => l === null)) return null;
    return Object.freeze({ width: raw.width, height: raw.height, channels: raw.channels, levels: Object.freeze(levels as PyramidLevel[]) });
  } catch {
    return null;
  }
}

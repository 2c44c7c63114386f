/**
 * The JSON provenance record stored in IFD 0's ImageDescription (docs/ARCHITECTURE.md §2): which builder made the
 * pyramid, from which source bytes (SHA-256) and with which pixel-affecting options. A re-run skips an
 * input whose existing output records the same source hash and options and was made by the same major
 * version of the builder (idempotent, resumable batches).
 */
import { BUILDER } from './version';

/** Every option that changes the output's pixels or layout; nothing else belongs here. */
export interface PixelOptions {
  readonly tile: number;
  readonly quality: number;
  readonly page: number;
  /** '#rrggbb', lower case. */
  readonly background: string;
}

export interface Provenance {
  readonly builder: { readonly name: string; readonly version: string };
  readonly source: { readonly name: string; readonly sha256: string; readonly width: number; readonly height: number };
  readonly options: PixelOptions;
  readonly created: string;
}

export function makeProvenance(
  source: Provenance['source'],
  options: PixelOptions,
  created: Date,
): Provenance {
  return { builder: { ...BUILDER }, source, options, created: created.toISOString() };
}

/** ASCII-only JSON (TIFF 6.0 §2: ASCII fields are 7-bit), so non-ASCII file names are \u-escaped. */
export function provenanceText(p: Provenance): string {
  return JSON.stringify(p).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The record in an ImageDescription, or null when it is absent or not ours. */
export function parseProvenance(text: string | null | undefined): Provenance | null {
  if (!text) return null;
  try {
    const p = JSON.parse(text) as Partial<Provenance>;
    return p.builder && p.source && typeof p.source.sha256 === 'string' && p.options ? (p as Provenance) : null;
  } catch {
    return null;
  }
}

/**
 * True when an existing output was built from the same bytes with the same pixel options by a builder of
 * the same major version (a new major version changes the file: 2.0.0 added the exact edge copies, 3.0.0 stores every copy within the edge tolerance).
 */
export function isUpToDate(existing: Provenance | null, sha256: string, options: PixelOptions): boolean {
  if (!existing || existing.source.sha256 !== sha256) return false;
  if (major(existing.builder.version) !== major(BUILDER.version)) return false;
  const o = existing.options;
  return (
    o.tile === options.tile &&
    o.quality === options.quality &&
    o.page === options.page &&
    o.background === options.background
  );
}

const major = (version: unknown): string => String(version).split('.')[0]!;

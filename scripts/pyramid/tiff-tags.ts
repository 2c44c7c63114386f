/**
 * The TIFF tags the pyramid writer emits, as data: id, field type, and the wider type used in BigTIFF.
 * Field types and sizes from TIFF 6.0 §2 ("IFD Entry") and the BigTIFF proposal (LONG8 = 16).
 */

export type FieldType = 'BYTE' | 'ASCII' | 'SHORT' | 'LONG' | 'RATIONAL' | 'UNDEFINED' | 'LONG8';

/** Type code (as stored in an IFD entry) and size in bytes of one value of each field type. */
export const FIELD_TYPES: Readonly<Record<FieldType, { readonly code: number; readonly size: number }>> = {
  BYTE: { code: 1, size: 1 },
  ASCII: { code: 2, size: 1 },
  SHORT: { code: 3, size: 2 },
  LONG: { code: 4, size: 4 },
  RATIONAL: { code: 5, size: 8 },
  UNDEFINED: { code: 7, size: 1 },
  LONG8: { code: 16, size: 8 },
};

export interface TagDef {
  readonly id: number;
  /** Type in classic TIFF. */
  readonly type: FieldType;
  /** Type in BigTIFF when it differs (tile offsets may pass 4 GiB there). */
  readonly bigType?: FieldType;
}

/** Every tag the writer knows, by name. Entries are written sorted by id (TIFF 6.0 §2). */
export const TAGS = {
  NewSubfileType: { id: 254, type: 'LONG' },
  ImageWidth: { id: 256, type: 'LONG' },
  ImageLength: { id: 257, type: 'LONG' },
  BitsPerSample: { id: 258, type: 'SHORT' },
  Compression: { id: 259, type: 'SHORT' },
  Photometric: { id: 262, type: 'SHORT' },
  ImageDescription: { id: 270, type: 'ASCII' },
  SamplesPerPixel: { id: 277, type: 'SHORT' },
  PlanarConfiguration: { id: 284, type: 'SHORT' },
  Software: { id: 305, type: 'ASCII' },
  TileWidth: { id: 322, type: 'LONG' },
  TileLength: { id: 323, type: 'LONG' },
  TileOffsets: { id: 324, type: 'LONG', bigType: 'LONG8' },
  TileByteCounts: { id: 325, type: 'LONG' },
  SampleFormat: { id: 339, type: 'SHORT' },
  JPEGTables: { id: 347, type: 'UNDEFINED' },
  YCbCrSubSampling: { id: 530, type: 'SHORT' },
  ReferenceBlackWhite: { id: 532, type: 'RATIONAL' },
  /**
   * Private tags (TIFF 6.0 §2: 65000–65535 are reusable private tags) for the exact-size copies of
   * right-edge tiles, one entry per tile row; byte count 0 = no copy for that row (edge-tiles.ts).
   */
  EdgeTileOffsets: { id: 65080, type: 'LONG', bigType: 'LONG8' },
  EdgeTileByteCounts: { id: 65081, type: 'LONG', bigType: 'LONG8' },
} as const satisfies Record<string, TagDef>;

export type TagName = keyof typeof TAGS;

/** One tag of one IFD with its values (numbers, [numerator, denominator] pairs, text or raw bytes). */
export interface Entry {
  readonly tag: TagName;
  readonly value: readonly number[] | readonly (readonly [number, number])[] | string | Uint8Array;
}

/** Constant values used by the pyramid layout (TIFF 6.0 §8, §21; Technical Note 2 for Compression 7). */
export const COMPRESSION_JPEG = 7;
export const PHOTOMETRIC_GREY = 1; // BlackIsZero
export const PHOTOMETRIC_YCBCR = 6;
export const SUBFILE_REDUCED = 1;

/**
 * The tags of one pyramid level's IFD (docs/ARCHITECTURE.md §2), as a list of entries for the writer. Colour levels are
 * YCbCr JPEG with 4:2:0 subsampling (TIFF 6.0 §21, Technical Note 2); grey levels are one BlackIsZero band.
 */
import {
  COMPRESSION_JPEG,
  PHOTOMETRIC_GREY,
  PHOTOMETRIC_YCBCR,
  SUBFILE_REDUCED,
  type Entry,
} from './tiff-tags';

export interface PyramidTiffLevel {
  readonly width: number;
  readonly height: number;
  readonly tileSize: number;
  readonly channels: 1 | 3;
  /** JPEGTables: SOI, DQT…, DHT…, EOI, shared by every tile of the level. */
  readonly jpegTables: Uint8Array;
  /** Byte count of each tile, row-major. */
  readonly tileByteCounts: readonly number[];
  /**
   * Byte count of the exact-size copy of each tile row's right-most tile (0 = none), one per tile row;
   * given exactly when the width is not a multiple of the tile size (edge-tiles.ts).
   */
  readonly edgeByteCounts?: readonly number[];
}

/** ReferenceBlackWhite for full-range YCbCr as JPEG produces it (TIFF 6.0 §20, JFIF). */
const REFERENCE_BLACK_WHITE: readonly (readonly [number, number])[] = [
  [0, 1],
  [255, 1],
  [128, 1],
  [255, 1],
  [128, 1],
  [255, 1],
];

/** Entries of level `index`; `first` carries IFD 0's descriptive tags. */
export function levelIfd(
  level: PyramidTiffLevel,
  index: number,
  tileOffsets: readonly number[],
  edgeOffsets: readonly number[] | null,
  first: { description: string; software: string } | null,
): Entry[] {
  const colour = level.channels === 3;
  const entries: Entry[] = [
    { tag: 'NewSubfileType', value: [index === 0 ? 0 : SUBFILE_REDUCED] },
    { tag: 'ImageWidth', value: [level.width] },
    { tag: 'ImageLength', value: [level.height] },
    { tag: 'BitsPerSample', value: colour ? [8, 8, 8] : [8] },
    { tag: 'Compression', value: [COMPRESSION_JPEG] },
    { tag: 'Photometric', value: [colour ? PHOTOMETRIC_YCBCR : PHOTOMETRIC_GREY] },
    { tag: 'SamplesPerPixel', value: [level.channels] },
    { tag: 'PlanarConfiguration', value: [1] },
    { tag: 'TileWidth', value: [level.tileSize] },
    { tag: 'TileLength', value: [level.tileSize] },
    { tag: 'TileOffsets', value: tileOffsets },
    { tag: 'TileByteCounts', value: level.tileByteCounts },
    { tag: 'SampleFormat', value: colour ? [1, 1, 1] : [1] },
    { tag: 'JPEGTables', value: level.jpegTables },
  ];
  if (colour) {
    entries.push({ tag: 'YCbCrSubSampling', value: [2, 2] });
    entries.push({ tag: 'ReferenceBlackWhite', value: REFERENCE_BLACK_WHITE });
  }
  if (level.edgeByteCounts && edgeOffsets) {
    entries.push({ tag: 'EdgeTileOffsets', value: edgeOffsets });
    entries.push({ tag: 'EdgeTileByteCounts', value: level.edgeByteCounts });
  }
  if (first) {
    entries.push({ tag: 'ImageDescription', value: first.description });
    entries.push({ tag: 'Software', value: first.software });
  }
  return entries;
}

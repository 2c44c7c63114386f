/**
 * The plain, immutable index of a tiled pyramid: what the planner and the pixel pipeline need to know
 * about a stored image, independent of the TIFF library that read it. Levels are ordered from full
 * resolution (0) down to the smallest. Serialisable (typed arrays only), so it can be cached.
 */

export type TileCompression = 'jpeg' | 'deflate' | 'none';
/** How stored samples are to be read: YCbCr JPEG, RGB, or one grey band. */
export type Photometric = 'ycbcr' | 'rgb' | 'gray';

export interface PyramidLevel {
  /** Position of this level's IFD in the file (for error messages). */
  readonly ifd: number;
  readonly width: number;
  readonly height: number;
  readonly tileWidth: number;
  readonly tileHeight: number;
  readonly tilesAcross: number;
  readonly tilesDown: number;
  readonly compression: TileCompression;
  readonly photometric: Photometric;
  /** 1 (grey) or 3 (colour); 4 with an extra alpha sample is refused at open. */
  readonly samplesPerPixel: number;
  /** TIFF Predictor tag (1 none, 2 horizontal differencing) for deflate/none tiles. */
  readonly predictor: number;
  /** JPEGTables (SOI … EOI) shared by this level's tiles, when compression is jpeg. */
  readonly jpegTables: Uint8Array | null;
  /** Byte offset and length of tile i = row * tilesAcross + col; a length of 0 is a sparse (empty) tile. */
  readonly tileOffsets: Float64Array;
  readonly tileByteCounts: Float64Array;
  /**
   * Exact-size copies of the right-most tile of each tile row (private tags 65080/65081, written by the
   * builder; docs/BUILDER.md "Edge tiles"), so right-edge tiles pass through without re-encoding. Entry r
   * belongs to row r; a byte count of 0 means no copy. Null when the file has none.
   */
  readonly edgeTiles?: EdgeTiles | null;
}

export interface EdgeTiles {
  readonly offsets: Float64Array;
  readonly byteCounts: Float64Array;
}

export interface PyramidIndex {
  readonly width: number;
  readonly height: number;
  /** Colour or grey, for `default` quality and `extraQualities`. */
  readonly channels: 1 | 3;
  readonly levels: readonly PyramidLevel[];
}

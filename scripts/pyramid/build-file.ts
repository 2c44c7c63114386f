/**
 * Builds one pyramid file from one master, in a scratch folder: libvips normalises the master and makes
 * every level in one pass, JPEG-coding the tiles below quality 90 (vips-pyramid.ts; from 90 they are coded
 * by encode-tiles.ts) → the tiles of our levels are picked out, the right-edge tiles get checked
 * exact-size copies (edge-tiles.ts) → the TIFF is laid out (docs/ARCHITECTURE.md §2) and assembled by copying tile
 * bytes → verified. The caller decides where the verified file goes.
 */
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { assemblePyramid, type TileSpans } from './assemble';
import { encodeRawLevel, type RawEncodeSettings } from './encode-tiles';
import { edgeTiles, makeEdgeCopy, type EdgeCopy } from './edge-tiles';
import { levelSizes, type LevelSize } from './levels';
import { mapLimited } from './map-limited';
import { inspectMaster, type MasterInfo } from './normalise';
import { makeProvenance, provenanceText, type PixelOptions, type Provenance } from './provenance';
import { layoutPyramidTiff } from './tiff-writer';
import { BUILDER } from './version';
import { verifyPyramid, type LevelCheck } from './verify';
import { readVipsPyramid, sourceIndex, writeVipsPyramid, type SourceLevel } from './vips-pyramid';

export interface BuildFileInput {
  readonly input: string;
  /** File name recorded in the provenance. */
  readonly sourceName: string;
  readonly sha256: string;
  readonly options: PixelOptions;
  readonly scratchDir: string;
  readonly outPath: string;
  /** Edge copies made and checked at once. */
  readonly parallel: number;
  /** Force BigTIFF (tests); otherwise only past 4 GiB. */
  readonly bigTiff?: boolean;
  /** Already inspected master, to avoid reading its header twice. */
  readonly info?: MasterInfo;
  readonly now?: Date;
}

export interface BuiltFile {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly levels: readonly LevelSize[];
  readonly bytes: number;
  readonly bigTiff: boolean;
  readonly provenance: Provenance;
  readonly checks: readonly LevelCheck[];
  /** Per level: the edge tiles and what became of each (null: the width is a multiple of the tile size). */
  readonly edges: readonly (readonly EdgeCopy[] | null)[];
}

export async function buildPyramidFile(b: BuildFileInput): Promise<BuiltFile> {
  const info = b.info ?? (await inspectMaster(b.input, b.options.page));
  const tileSize = b.options.tile;
  const levels = levelSizes(info.orientedWidth, info.orientedHeight, tileSize);
  const scratchPyramid = join(b.scratchDir, 'libvips-pyramid.tif');
  const master = { input: b.input, info, page: b.options.page, background: b.options.background };
  await writeVipsPyramid({ ...master, quality: b.options.quality, tileSize, levels }, scratchPyramid, b.scratchDir);
  const vips = await readVipsPyramid(scratchPyramid, levels, tileSize);
  const coded = await codedLevels(scratchPyramid, vips, levels, { tileSize, quality: b.options.quality, channels: info.channels, parallel: b.parallel }, b.scratchDir);
  const edges = await makeEdges(coded, levels, tileSize, b.parallel);
  const edgeBytes = edges.map((level) => level?.map((e) => e.bytes) ?? null);
  const provenance = makeProvenance(
    { name: b.sourceName, sha256: b.sha256, width: levels[0]!.width, height: levels[0]!.height },
    b.options,
    b.now ?? new Date(),
  );
  const layout = layoutPyramidTiff({
    levels: levels.map((size, k) => ({
      width: size.width,
      height: size.height,
      tileSize,
      channels: info.channels,
      jpegTables: coded[k]!.jpegTables,
      tileByteCounts: coded[k]!.spans.byteCounts,
      edgeByteCounts: edgeBytes[k]?.map((c) => c?.length ?? 0),
    })),
    description: provenanceText(provenance),
    software: `${BUILDER.name} ${BUILDER.version}`,
    bigTiff: b.bigTiff ?? 'auto',
  });
  await assemblePyramid(b.outPath, layout, coded.map((c) => c.spans), edgeBytes);
  await Promise.all([scratchPyramid, ...coded.map((c) => c.spans.path)].map((f) => rm(f, { force: true })));
  const checks = await verifyPyramid({
    file: b.outPath,
    master,
    levels,
    tileSize,
    channels: info.channels,
    quality: b.options.quality,
    edgeCopies: edgeBytes,
  });
  return {
    width: levels[0]!.width,
    height: levels[0]!.height,
    channels: info.channels,
    levels,
    bytes: layout.fileSize,
    bigTiff: layout.bigTiff,
    provenance,
    checks,
    edges,
  };
}

/** A level's JPEG tiles, wherever they are, and the tables they share. */
interface CodedLevel {
  readonly jpegTables: Uint8Array;
  readonly spans: TileSpans;
}

/** Each level's JPEG tiles: libvips' own, or coded from its uncompressed tiles (encode-tiles.ts). */
async function codedLevels(
  path: string,
  vips: readonly SourceLevel[],
  levels: readonly LevelSize[],
  settings: RawEncodeSettings,
  scratchDir: string,
): Promise<CodedLevel[]> {
  const file = await open(path, 'r');
  try {
    const out: CodedLevel[] = [];
    for (const [k, size] of levels.entries()) {
      const level = vips[k]!;
      out.push(
        level.jpegTables
          ? { jpegTables: level.jpegTables, spans: ourTiles(path, level, size) }
          : await encodeRawLevel(file, level, size, settings, join(scratchDir, `tiles-${k}.bin`)),
      );
    }
    return out;
  } finally {
    await file.close();
  }
}

/** Our level's tiles (row-major) within the libvips level, which may have more columns and rows. */
function ourTiles(path: string, level: SourceLevel, size: LevelSize): TileSpans {
  const offsets: number[] = [];
  const byteCounts: number[] = [];
  for (let row = 0; row < size.tilesDown; row++) {
    for (let col = 0; col < size.tilesAcross; col++) {
      const i = sourceIndex(level, col, row);
      offsets.push(level.tileOffsets[i]!);
      byteCounts.push(level.tileByteCounts[i]!);
    }
  }
  return { path, offsets, byteCounts };
}

/** Exact copies of every level's right-edge tiles, checked (edge-tiles.ts); null for levels without. */
async function makeEdges(coded: readonly CodedLevel[], levels: readonly LevelSize[], tileSize: number, parallel: number): Promise<(EdgeCopy[] | null)[]> {
  const jobs = levels.flatMap((size, k) => edgeTiles(size, tileSize).map((tile) => ({ k, tile })));
  const made = await mapLimited(jobs.length, parallel, async (i) => {
    const { k, tile } = jobs[i]!;
    const { jpegTables, spans } = coded[k]!;
    const padded = new Uint8Array(spans.byteCounts[tile.index]!);
    const file = await open(spans.path, 'r');
    try {
      await file.read(padded, 0, padded.length, spans.offsets[tile.index]!);
    } finally {
      await file.close();
    }
    return makeEdgeCopy(jpegTables, padded, tile);
  });
  return levels.map((size, k) => (size.width % tileSize === 0 ? null : made.filter((_, i) => jobs[i]!.k === k)));
}

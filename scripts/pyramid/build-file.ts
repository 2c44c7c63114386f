/**
 * Builds one pyramid file from one master, in a scratch folder: normalise → for each level, encode its
 * tiles (while the next level is downscaled) → lay out the TIFF → assemble → verify. The caller decides
 * where the verified file goes (DESIGN §3 for the layout).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { assemblePyramid } from './assemble';
import { downscaleLevel, encodeLevel, type EncodedLevel } from './encode-level';
import { levelSizes, type LevelSize } from './levels';
import { inspectMaster, normaliseMaster, type MasterInfo } from './normalise';
import { makeProvenance, provenanceText, type PixelOptions, type Provenance } from './provenance';
import { layoutPyramidTiff } from './tiff-writer';
import { BUILDER } from './version';
import { verifyPyramid, type LevelCheck } from './verify';

export interface BuildFileInput {
  readonly input: string;
  /** File name recorded in the provenance. */
  readonly sourceName: string;
  readonly sha256: string;
  readonly options: PixelOptions;
  readonly scratchDir: string;
  readonly outPath: string;
  /** Tiles encoded at once. */
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
}

export async function buildPyramidFile(b: BuildFileInput): Promise<BuiltFile> {
  const info = b.info ?? (await inspectMaster(b.input, b.options.page));
  const level0 = join(b.scratchDir, 'level-0.tif');
  const master = await normaliseMaster(b.input, info, b.options.page, b.options.background, level0);
  const levels = levelSizes(master.width, master.height, b.options.tile);
  const settings = { tileSize: b.options.tile, quality: b.options.quality, channels: master.channels, parallel: b.parallel };
  const encoded: EncodedLevel[] = [];
  const spools: string[] = [];
  for (const [k, size] of levels.entries()) {
    const src = k === 0 ? level0 : join(b.scratchDir, `level-${k}.tif`);
    const next = levels[k + 1];
    // The next level is made from this one while this one's tiles are encoded (two different threads).
    const downscale = next ? downscaleLevel(src, next, master.channels, join(b.scratchDir, `level-${k + 1}.tif`)) : null;
    const spool = join(b.scratchDir, `tiles-${k}.bin`);
    encoded.push(await encodeLevel(src, size, settings, spool));
    spools.push(spool);
    await downscale;
    if (k > 0) await rm(src, { force: true });
  }
  const provenance = makeProvenance(
    { name: b.sourceName, sha256: b.sha256, width: master.width, height: master.height },
    b.options,
    b.now ?? new Date(),
  );
  const layout = layoutPyramidTiff({
    levels: levels.map((size, k) => ({
      width: size.width,
      height: size.height,
      tileSize: b.options.tile,
      channels: master.channels,
      jpegTables: encoded[k]!.jpegTables,
      tileByteCounts: encoded[k]!.tileByteCounts,
    })),
    description: provenanceText(provenance),
    software: `${BUILDER.name} ${BUILDER.version}`,
    bigTiff: b.bigTiff ?? 'auto',
  });
  await assemblePyramid(b.outPath, layout, spools);
  await Promise.all(spools.map((s) => rm(s, { force: true })));
  const checks = await verifyPyramid({
    file: b.outPath,
    reference: level0,
    levels,
    tileSize: b.options.tile,
    channels: master.channels,
    quality: b.options.quality,
  });
  await rm(level0, { force: true });
  return {
    width: master.width,
    height: master.height,
    channels: master.channels,
    levels,
    bytes: layout.fileSize,
    bigTiff: layout.bigTiff,
    provenance,
    checks,
  };
}

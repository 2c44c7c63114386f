/**
 * The benchmark's images, made once and reused (everything lives in one data folder, default
 * /tmp/iiif-edge-bench): the masters (masters.ts), their pyramids built by the project's own builder
 * (`npm run build-pyramid -- … --out pyramids`, so both servers read exactly what an archivist would
 * publish), and a folder of hard links for IIPImage (its identifiers are file names): `master.tif`,
 * `page.tif` and the thumbnail set's distinct identifiers `copy-master-NNN.tif`, `copy-page-NNN.tif`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeMaster, makePage } from './masters';
import { photoFolder } from './photos';

const PROJECT = resolve(import.meta.dirname, '..', '..');

/** The two images; our identifier is the name (KEY_TEMPLATE `{id}.tif` maps it to the R2 key). */
export const BASES = ['master', 'page'] as const;
export type Base = (typeof BASES)[number];

export interface BenchData {
  readonly dir: string;
  /** Pyramid file of each base image. */
  readonly pyramids: Readonly<Record<Base, string>>;
  /** Folder IIPImage serves (its FILESYSTEM_PREFIX): hard links named `<identifier>.tif`. */
  readonly iipDir: string;
  /** Identifiers of the thumbnail set's copies, with the base each is a copy of. */
  readonly copies: readonly { readonly id: string; readonly base: Base }[];
}

export const copyId = (base: Base, i: number): string => `copy-${base}-${String(i).padStart(3, '0')}`;

/** Makes what is missing (masters, pyramids, links); `copiesPerBase` copies of each for thumbnails. */
export async function ensureData(dir: string, copiesPerBase: number, log: (s: string) => void): Promise<BenchData> {
  const masterDir = join(dir, 'masters');
  const pyramidDir = join(dir, 'pyramids');
  const iipDir = join(dir, 'iip');
  for (const d of [masterDir, pyramidDir, iipDir]) mkdirSync(d, { recursive: true });
  const makers: Record<Base, (folder: string, out: string) => Promise<void>> = { master: makeMaster, page: makePage };
  for (const base of BASES) {
    const out = join(masterDir, `${base}.jpg`);
    if (existsSync(out)) continue;
    log(`making ${base}.jpg (photographs from mate-backgrounds)`);
    const t0 = performance.now();
    // Written under a temporary name first, so an interrupted run never leaves a half-written master.
    await makers[base](photoFolder(dir), `${out}.part.jpg`);
    renameSync(`${out}.part.jpg`, out);
    log(`  ${base}.jpg in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const pyramids = { master: join(pyramidDir, 'master.tif'), page: join(pyramidDir, 'page.tif') };
  // Always through the builder: it skips outputs that are current (same source, options and builder major
  // version) and rebuilds stale ones, so a builder change never leaves the benchmark on old pyramids.
  log('building the pyramids with the project builder (npm run build-pyramid -- … --out; current ones are skipped)');
  const r = spawnSync(process.execPath, [join(PROJECT, 'node_modules/tsx/dist/cli.mjs'), join(PROJECT, 'scripts/build-pyramid.ts'),
    ...BASES.map((b) => join(masterDir, `${b}.jpg`)), '--out', pyramidDir], { cwd: PROJECT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`build-pyramid failed (exit ${r.status})`);
  if (!BASES.every((b) => existsSync(pyramids[b]))) throw new Error('build-pyramid did not write the bench pyramids');
  const copies = BASES.flatMap((base) => Array.from({ length: copiesPerBase }, (_, i) => ({ id: copyId(base, i), base })));
  for (const { id, base } of [...BASES.map((b) => ({ id: b, base: b })), ...copies]) {
    // Re-linked every run: a rebuilt pyramid is a new inode, and a stale link would serve the old one.
    const link = join(iipDir, `${id}.tif`);
    rmSync(link, { force: true });
    linkSync(pyramids[base], link);
  }
  return { dir, pyramids, iipDir, copies };
}

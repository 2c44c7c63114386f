/**
 * `npm run samples`: makes the project's own sample masters (nothing downloaded) and builds them into the
 * local R2 store that `npm start` serves, as `samples/chart` (a 6000×4000 colour test chart) and
 * `samples/page` (a 2500×3500 greyscale text page). Deterministic, so a re-run skips both (provenance).
 */
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { openLocalStore } from './local-r2';
import { buildPyramids } from './pyramid/build-pyramids';
import { localR2Destination } from './pyramid/destinations';
import { storageKey } from './pyramid/identifiers';
import { consoleReporter } from './pyramid/report';
import { chartSvg, pageSvg } from './pyramid/synthetic';

export const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SAMPLE_PREFIX = 'samples/';

/** The sample masters: identifier (without prefix), size, and how to render them. */
export const SAMPLES = [
  { id: 'chart', width: 6000, height: 4000, render: (w: number, h: number) => sharp(Buffer.from(chartSvg(w, h))).png() },
  {
    id: 'page',
    width: 2500,
    height: 3500,
    render: (w: number, h: number) => sharp(Buffer.from(pageSvg(w, h))).toColourspace('b-w').png(),
  },
] as const;

export const sampleIds = (): string[] => SAMPLES.map((s) => `${SAMPLE_PREFIX}${s.id}`);

/** Ids of the samples not yet in the local store. */
export async function missingSamples(projectDir = PROJECT): Promise<string[]> {
  const store = await openLocalStore(projectDir);
  try {
    const missing: string[] = [];
    for (const id of sampleIds()) if (!(await store.exists(storageKey(id)))) missing.push(id);
    return missing;
  } finally {
    await store.close();
  }
}

/** Renders the masters into a scratch folder and builds them into the local store; returns failures. */
export async function buildSamples(projectDir = PROJECT): Promise<number> {
  sharp.cache(false);
  const dir = join(tmpdir(), 'iiif-edge-samples');
  await mkdir(dir, { recursive: true });
  const inputs: string[] = [];
  for (const s of SAMPLES) {
    const path = join(dir, `${s.id}.png`);
    await s.render(s.width, s.height).toFile(path);
    inputs.push(path);
  }
  const destination = await localR2Destination(projectDir);
  try {
    const { failed } = await buildPyramids({
      inputs,
      pixel: { tile: 256, quality: 85, page: 0, background: '#ffffff' },
      prefix: SAMPLE_PREFIX,
      concurrency: 1,
      destination,
      reporter: consoleReporter(process.stdout),
    });
    return failed;
  } finally {
    await destination.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildSamples().then(
    (failed) => {
      if (failed === 0) console.log(`samples in the local R2 store: ${sampleIds().join(', ')}`);
      process.exit(failed > 0 ? 1 : 0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}

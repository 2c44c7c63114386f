/**
 * The builder as a function (the CLI in scripts/build-pyramid.ts is a thin shell over it): expands the
 * inputs, gives each an identifier, skips inputs whose existing output has the same source hash and
 * options, builds the others with bounded concurrency in scratch folders, verifies, publishes. One bad
 * input never stops the others; the result lists every input with its outcome.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { buildPyramidFile } from './build-file';
import { discardStaged, type Destination } from './destinations';
import { summariseEdges } from './edge-tiles';
import { mapLimited } from './map-limited';
import { InputFailure } from './errors';
import { readDescription } from './head-probe';
import { sha256File } from './hash';
import { identifierFor, storageKey } from './identifiers';
import { expandInputs } from './inputs';
import { inspectMaster, type MasterInfo } from './normalise';
import { isUpToDate, parseProvenance, type PixelOptions } from './provenance';
import { formatBytes, type Reporter } from './report';
import type { InputResult } from './results';

export interface BuildPyramidsOptions {
  readonly inputs: readonly string[];
  readonly pixel: PixelOptions;
  /** Normalised collection prefix ('' or 'coll/'). */
  readonly prefix: string;
  readonly keyTemplate?: string;
  /** Inputs built at once. */
  readonly concurrency: number;
  /** Edge copies made and checked at once within one input. */
  readonly tileParallel?: number;
  readonly destination: Destination;
  readonly reporter: Reporter;
  readonly scratchRoot?: string;
  readonly bigTiff?: boolean;
  /** Creation time recorded in provenance (fixed for reproducible fixtures); default now. */
  readonly now?: Date;
  /** Staged files and scratch folders currently in use; the CLI removes them if interrupted. */
  readonly inFlight?: Set<string>;
}

export interface BatchResult {
  readonly results: InputResult[];
  readonly failed: number;
}

interface Job {
  readonly index: number;
  readonly input: string;
  readonly id: string;
  readonly key: string;
  info?: MasterInfo;
}

export async function buildPyramids(o: BuildPyramidsOptions): Promise<BatchResult> {
  const entries = await expandInputs(o.inputs);
  const results: (InputResult | null)[] = entries.map((e) =>
    e.kind === 'file' ? null : { input: e.path, status: e.kind === 'ignored' ? 'ignored' : 'failed', reason: e.reason },
  );
  for (const r of results) if (r) o.reporter.log(`${r.status === 'ignored' ? 'ignored' : 'FAILED '} ${r.input}: ${r.reason}`);
  const jobs = assignIdentifiers(entries, o, results);
  for (const job of jobs) {
    try {
      job.info = await inspectMaster(job.input, o.pixel.page);
    } catch (err) {
      results[job.index] = failure(job, err);
    }
  }
  const runnable = jobs.filter((j) => j.info);
  const totalMp = runnable.reduce((n, j) => n + megapixels(j.info!), 0);
  const started = performance.now();
  let done = 0;
  let doneMp = 0;
  const tick = () =>
    o.reporter.progress({ done, total: runnable.length, doneMp, totalMp, elapsedS: (performance.now() - started) / 1000 });
  tick();
  await mapLimited(runnable.length, o.concurrency, async (i) => {
    const job = runnable[i]!;
    const result = await buildOne(job, o);
    results[job.index] = result;
    o.reporter.log(lineFor(result));
    for (const line of result.edgeCopies?.notStored ?? []) o.reporter.log(`        no exact edge copy, ${line}`);
    done += 1;
    doneMp += megapixels(job.info!);
    tick();
  });
  const final = results.map((r, i) => r ?? { input: entries[i]!.path, status: 'failed' as const, reason: 'not processed' });
  o.reporter.finish(final);
  return { results: final, failed: final.filter((r) => r.status === 'failed').length };
}

const megapixels = (info: MasterInfo): number => (info.width * info.height) / 1e6;

/** Identifiers in input order; a second input with the same identifier fails instead of overwriting. */
function assignIdentifiers(
  entries: Awaited<ReturnType<typeof expandInputs>>,
  o: BuildPyramidsOptions,
  results: (InputResult | null)[],
): Job[] {
  const seen = new Map<string, string>();
  const jobs: Job[] = [];
  entries.forEach((e, index) => {
    if (e.kind !== 'file') return;
    const id = `${o.prefix}${identifierFor(e.path)}`;
    const name = basename(e.path, extname(e.path));
    if (name !== identifierFor(e.path)) o.reporter.log(`identifier: "${name}" → ${id}`);
    const first = seen.get(id);
    if (first !== undefined) {
      results[index] = { input: e.path, status: 'failed', id, reason: `identifier ${id} is already taken by ${first}` };
      return;
    }
    seen.set(id, e.path);
    jobs.push({ index, input: e.path, id, key: storageKey(id, o.keyTemplate) });
  });
  return jobs;
}

async function buildOne(job: Job, o: BuildPyramidsOptions): Promise<InputResult> {
  const t0 = performance.now();
  const seconds = () => (performance.now() - t0) / 1000;
  let scratch: string | null = null;
  let staged: string | null = null;
  try {
    const sha256 = await sha256File(job.input);
    const existing = parseProvenance(readDescription((await o.destination.readHead(job.key)) ?? new Uint8Array(0)));
    if (isUpToDate(existing, sha256, o.pixel)) {
      return { input: job.input, status: 'skipped', id: job.id, key: job.key, reason: 'up to date', seconds: seconds() };
    }
    scratch = await mkdtemp(join(o.scratchRoot ?? tmpdir(), 'pyramid-'));
    o.inFlight?.add(scratch);
    staged = await o.destination.stagePath(job.key, scratch);
    o.inFlight?.add(staged);
    const built = await buildPyramidFile({
      input: job.input,
      sourceName: basename(job.input),
      sha256,
      options: o.pixel,
      scratchDir: scratch,
      outPath: staged,
      parallel: o.tileParallel ?? 8,
      bigTiff: o.bigTiff,
      info: job.info,
      now: o.now,
    });
    try {
      await o.destination.publish(staged, job.key, {
        width: String(built.width),
        height: String(built.height),
        levels: String(built.levels.length),
        sha256,
      });
    } catch (err) {
      throw new InputFailure('publish', `publishing to ${o.destination.where(job.key)} failed: ${(err as Error).message}`);
    }
    return {
      input: job.input,
      status: 'built',
      id: job.id,
      key: job.key,
      width: built.width,
      height: built.height,
      levels: built.levels.length,
      bytes: built.bytes,
      seconds: seconds(),
      edgeCopies: summariseEdges(built.edges),
    };
  } catch (err) {
    if (staged) await discardStaged(staged);
    return { ...failure(job, err), seconds: seconds() };
  } finally {
    if (staged) o.inFlight?.delete(staged);
    if (scratch) {
      await rm(scratch, { recursive: true, force: true });
      o.inFlight?.delete(scratch);
    }
  }
}

function failure(job: Job, err: unknown): InputResult {
  const message = err instanceof InputFailure ? err.message : `build failed: ${(err as Error).message ?? String(err)}`;
  return { input: job.input, status: 'failed', id: job.id, key: job.key, reason: message };
}

function lineFor(r: InputResult): string {
  if (r.status === 'built') {
    const edges = r.edgeCopies && r.edgeCopies.total > 0 ? `, ${r.edgeCopies.stored}/${r.edgeCopies.total} exact edge copies` : '';
    return `built   ${r.key} ${r.width}×${r.height}, ${r.levels} levels, ${formatBytes(r.bytes ?? 0)}${edges} in ${r.seconds?.toFixed(1)} s`;
  }
  if (r.status === 'skipped') return `skipped ${r.key} (${r.reason})`;
  return `FAILED  ${r.input}: ${r.reason}`;
}

/**
 * `npm run build-pyramid -- <masters…> [options]`: masters → verified pyramid TIFFs (docs/ARCHITECTURE.md §2, §6).
 * A thin shell: parses arguments, opens the destination, runs buildPyramids, sets the exit status
 * (0 all built or skipped, 1 any input failed, 2 usage error). See docs/BUILDER.md.
 */
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { buildPyramids } from './pyramid/build-pyramids';
import { parseCli, USAGE, UsageError, type CliOptions } from './pyramid/cli-args';
import {
  folderDestination,
  localR2Destination,
  r2S3Destination,
  r2WranglerDestination,
  type Destination,
} from './pyramid/destinations';
import { consoleReporter } from './pyramid/report';
import { s3TargetFromEnv } from './pyramid/s3-client';
import { buildPrefix, catalogueStep } from './pyramid/catalogue-step';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function openDestination(o: CliOptions): Promise<Destination> {
  const d = o.destination;
  if (d.kind === 'folder') return folderDestination(d.dir);
  if (d.kind === 'local') return localR2Destination(PROJECT);
  const target = s3TargetFromEnv(d.bucket, process.env);
  return target ? r2S3Destination(target) : r2WranglerDestination(d.bucket, join(PROJECT, 'node_modules/wrangler/bin/wrangler.js'));
}

export async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseCli(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // Bounded memory: no libvips operation cache. libvips keeps its default of one worker thread per core:
  // the whole pyramid is encoded by one libvips pipeline (vips-pyramid.ts).
  sharp.cache(false);
  // Interruption (Ctrl-C, SIGTERM): every output is staged under a temporary name (a `.partial-…` file
  // beside it for --out, a scratch folder for --local and --r2) and published by one rename or one put,
  // so removing the temporaries leaves only complete outputs; a re-run skips them and builds the rest.
  const inFlight = new Set<string>();
  let destination: Destination | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    for (const path of inFlight) rmSync(path, { recursive: true, force: true });
    process.stderr.write(`\ninterrupted (${signal}); nothing half-written was published, temporaries removed\n`);
    // The local store runs workerd through Miniflare: stop it rather than leave it behind (bounded wait).
    const closed = destination === null ? Promise.resolve() : destination.close().catch(() => undefined);
    void Promise.race([closed, new Promise((r) => setTimeout(r, 2_000))]).then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  destination = await openDestination(options);
  try {
    const { failed, results } = await buildPyramids({
      inputs: options.inputs,
      pixel: options.pixel,
      prefix: buildPrefix(options),
      keyTemplate: options.keyTemplate,
      concurrency: options.concurrency,
      destination,
      reporter: consoleReporter(process.stdout),
      scratchRoot: options.scratch ?? undefined,
      bigTiff: options.bigTiff || undefined,
      inFlight,
    });
    const problems = await catalogueStep(options, PROJECT, destination, results, (line) => process.stdout.write(`${line}\n`));
    return failed > 0 || problems > 0 ? 1 : 0;
  } finally {
    await destination.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`build-pyramid: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}

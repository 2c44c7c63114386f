/**
 * `npm run catalog -- import|export|delete|migrate …`: the catalogue's records in and out (docs/CATALOGUE.md).
 * A thin shell: parses arguments, opens the local D1 (Miniflare) or the remote one (wrangler), runs the
 * command, prints problems and the summary. Exit status: 0 done, 1 problems (nothing written) or a failure,
 * 2 usage error, 130 interrupted (nothing written).
 */
import { createWriteStream } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCatalogCli, USAGE, UsageError, type Target } from './catalog/cli-args';
import type { CatalogDb } from './catalog/db';
import { deleteObjects, exportCatalogue } from './catalog/export-delete';
import { formatSummary, runImport } from './catalog/import';
import { applyMigrations } from './catalog/migrate';
import { where } from './catalog/read-input';
import { wranglerCatalog } from './catalog/wrangler-d1';
import { ImportInterrupted } from './catalog/write-import';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function open(target: Target): Promise<CatalogDb> {
  if (target.kind === 'remote') return wranglerCatalog({ wranglerJs: join(PROJECT, 'node_modules/wrangler/bin/wrangler.js'), projectDir: PROJECT });
  const { openLocalCatalog } = await import('./catalog/local-d1');
  // --persist-to means what it means to wrangler: the state lives in DIR/v3.
  const db = await openLocalCatalog(PROJECT, target.persistTo ? { persistRoot: join(target.persistTo, 'v3') } : {});
  // The local catalogue may not exist yet (npm start has never run): migrations make it.
  await applyMigrations(db, join(PROJECT, 'migrations'));
  return db;
}

export async function main(argv: readonly string[]): Promise<number> {
  let cmd;
  try {
    cmd = parseCatalogCli(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\n${USAGE}\n`);
    return 2;
  }
  if (cmd.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const db = await open(cmd.target);
  try {
    if (cmd.command === 'migrate') {
      const applied = await applyMigrations(db, join(PROJECT, 'migrations'));
      process.stdout.write(applied.length > 0 ? `applied ${applied.join(', ')}\n` : 'nothing to apply\n');
      return 0;
    }
    if (cmd.command === 'export') {
      const out = cmd.out ? createWriteStream(cmd.out) : process.stdout;
      const n = await exportCatalogue(db, (line) => new Promise<void>((ok) => (out.write(line) ? ok() : out.once('drain', ok))));
      if (out !== process.stdout) await new Promise<void>((ok, fail) => out.end((err?: Error | null) => (err ? fail(err) : ok())));
      process.stderr.write(`exported ${n.collections} collections and ${n.objects} objects from ${db.where}\n`);
      return 0;
    }
    if (cmd.command === 'delete') {
      const { deleted, missing } = await deleteObjects(db, cmd.ids);
      for (const id of missing) process.stderr.write(`not in the catalogue: ${id}\n`);
      process.stdout.write(`deleted ${deleted.length} object${deleted.length === 1 ? '' : 's'} from ${db.where}\n`);
      return missing.length > 0 ? 1 : 0;
    }
    // import: the first SIGINT/SIGTERM stops before the commit (the catalogue stays as it was); a second one
    // exits at once (still safe: the commit is one transaction).
    // Miniflare's own exit hook would exit at once on a signal; it runs on the second one instead (it also stops
    // workerd), the first only stops the import.
    const controller = new AbortController();
    const hooks = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
    const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
      if (controller.signal.aborted) {
        for (const hook of hooks[signal]) hook(signal);
        process.exit(130);
      }
      process.stderr.write(`\n${signal}: stopping before the commit…\n`);
      controller.abort();
    };
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(signal);
      process.on(signal, onSignal);
    }
    let lastReport = 0;
    const summary = await runImport(db, {
      files: cmd.files,
      language: cmd.language,
      dryRun: cmd.dryRun,
      skipInvalid: cmd.skipInvalid,
      signal: controller.signal,
      onProgress: (staged, total) => {
        if (Date.now() - lastReport < 1000 && staged < total) return;
        lastReport = Date.now();
        process.stderr.write(`staged ${staged}/${total} statements\n`);
      },
    });
    for (const p of summary.problems) for (const reason of p.reasons) process.stderr.write(`${where(p.at)}: ${reason}\n`);
    process.stdout.write(`${formatSummary(summary, db.where, cmd.dryRun)}\n`);
    return summary.problems.length > 0 && !cmd.skipInvalid ? 1 : 0;
  } catch (err) {
    if (err instanceof ImportInterrupted) {
      process.stderr.write(`${err.message}\n`);
      return 130;
    }
    throw err;
  } finally {
    await db.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`catalog: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}

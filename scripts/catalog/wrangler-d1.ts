/**
 * The production catalogue through wrangler (`wrangler d1 execute catalog --remote`, with wrangler's own
 * login): queries as `--command`, batches as one generated `.sql` file run with `--file`. D1's HTTP path takes
 * no bound parameters from wrangler, so parameters are written into the SQL as literals (sqlLiteral), and each
 * statement must stay under D1's 100 KB statement limit: payload chunks are measured with quotes doubled.
 * The same code runs against the local D1 (`local: true`, wrangler's `--local`), which is how it is tested.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CatalogDb, SqlValue, Statement } from './db';

/** An SQL literal: strings quoted with '' for ', numbers as written, null as NULL. */
export function sqlLiteral(v: SqlValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot write ${v} as SQL`);
    return String(v);
  }
  return `'${v.replace(/'/g, "''")}'`;
}

/** Replaces ?1, ?2, … with literals (our statements never contain "?" elsewhere). */
export function inlineParams(text: string, params: readonly SqlValue[]): string {
  return text.replace(/\?(\d+)/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= params.length) throw new Error(`statement has ?${n} but ${params.length} parameters`);
    return sqlLiteral(params[i]!);
  });
}

/** The text of a batch file: one statement per line, each ended by ";". */
export function batchFile(statements: readonly Statement[]): string {
  return statements.map((s) => `${inlineParams(s.sql, s.params).replace(/\s*\n\s*/g, ' ')};\n`).join('');
}

export interface WranglerCatalogOptions {
  readonly wranglerJs: string;
  readonly projectDir: string;
  /** Run against wrangler's local D1 instead of the remote one (tests; `persistTo` as wrangler's --persist-to). */
  readonly local?: { readonly persistTo?: string };
}

export function wranglerCatalog(o: WranglerCatalogOptions): CatalogDb {
  const where = o.local ? ['--local', ...(o.local.persistTo ? ['--persist-to', o.local.persistTo] : [])] : ['--remote'];
  const run = async (args: string[]): Promise<unknown> => {
    const out = await exec(process.execPath, [o.wranglerJs, 'd1', 'execute', 'catalog', ...where, '--json', '--yes', ...args], o.projectDir);
    return JSON.parse(out);
  };
  return {
    where: o.local ? 'local D1 catalog (through wrangler)' : 'remote D1 catalog (through wrangler)',
    // D1 statements are at most 100 KB; leave room for the statement around the payload.
    maxPayloadBytes: 90_000,
    payloadBytes: (json) => Buffer.byteLength(json) + (json.match(/'/g)?.length ?? 0),
    async query<T>(text: string, params: readonly SqlValue[] = []) {
      const result = (await run(['--command', inlineParams(text, params)])) as { results: T[] }[];
      return result[0]?.results ?? [];
    },
    async batch(statements) {
      if (statements.length === 0) return;
      const dir = await mkdtemp(join(tmpdir(), 'catalog-batch-'));
      try {
        const file = join(dir, 'batch.sql');
        await writeFile(file, batchFile(statements));
        await run(['--file', file]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    close: async () => undefined,
  };
}

function exec(cmd: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_HIDE_BANNER: 'true', WRANGLER_SEND_METRICS: 'false' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrangler d1 execute exited ${code}: ${(err || out).trim().slice(-800)}`))));
  });
}

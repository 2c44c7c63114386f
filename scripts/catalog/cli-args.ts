/**
 * Parses `npm run catalog -- <command> …` (docs/CATALOGUE.md). Pure; errors are UsageError (exit status 2).
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../pyramid/cli-args';

export { UsageError };

export type Target = { readonly kind: 'local'; readonly persistTo: string | null } | { readonly kind: 'remote' };

export type CatalogCommand =
  | { readonly command: 'import'; readonly files: readonly string[]; readonly target: Target; readonly dryRun: boolean; readonly skipInvalid: boolean; readonly language: string }
  | { readonly command: 'export'; readonly target: Target; readonly out: string | null }
  | { readonly command: 'delete'; readonly ids: readonly string[]; readonly target: Target }
  | { readonly command: 'migrate'; readonly target: Target }
  | { readonly command: 'help' };

export const USAGE = `usage: npm run catalog -- import FILE… (--local | --remote) [--dry-run] [--skip-invalid] [--language TAG]
       npm run catalog -- export (--local | --remote) [--out FILE]
       npm run catalog -- delete ID… (--local | --remote)
       npm run catalog -- migrate (--local | --remote)
  --local          the local D1 that npm start serves (.wrangler/state/v3/d1; --persist-to DIR for another)
  --remote         the production D1 "catalog" through wrangler (its login)
  --language TAG   language of plain strings (BCP 47; default "none")`;

const OPTIONS = {
  local: { type: 'boolean', default: false },
  remote: { type: 'boolean', default: false },
  'persist-to': { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  'skip-invalid': { type: 'boolean', default: false },
  language: { type: 'string', default: 'none' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export function parseCatalogCli(argv: readonly string[]): CatalogCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  const [command, ...rest] = parsed.positionals;
  if (v.help || command === undefined || command === 'help') return { command: 'help' };
  if (v.local === v.remote) throw new UsageError('choose exactly one of --local and --remote');
  if (v['persist-to'] !== undefined && !v.local) throw new UsageError('--persist-to goes with --local');
  const target: Target = v.local ? { kind: 'local', persistTo: v['persist-to'] ?? null } : { kind: 'remote' };
  const only = (allowed: readonly string[]) => {
    const used = (['dry-run', 'skip-invalid', 'out'] as const).filter((k) => v[k] !== undefined && v[k] !== false && !allowed.includes(k));
    if (used.length > 0) throw new UsageError(`--${used[0]} does not go with ${command}`);
  };
  switch (command) {
    case 'import':
      only(['dry-run', 'skip-invalid']);
      if (rest.length === 0) throw new UsageError('import: no files given');
      if (!/^(none|[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*)$/.test(v.language)) throw new UsageError(`--language: "${v.language}" is not a BCP 47 tag`);
      return { command, files: rest, target, dryRun: v['dry-run'], skipInvalid: v['skip-invalid'], language: v.language };
    case 'export':
      only(['out']);
      if (rest.length > 0) throw new UsageError('export takes no arguments');
      return { command, target, out: v.out ?? null };
    case 'delete':
      only([]);
      if (rest.length === 0) throw new UsageError('delete: no ids given');
      return { command, ids: rest, target };
    case 'migrate':
      only([]);
      return { command, target };
    default:
      throw new UsageError(`unknown command "${command}" (import, export, delete, migrate)`);
  }
}

/**
 * Parses `build-pyramid` arguments into checked options (docs/ARCHITECTURE.md §6). Pure: no I/O, no environment reads;
 * errors are UsageError with a message for the user (exit status 2).
 */
import { parseArgs } from 'node:util';
import { normalisePrefix } from './identifiers';
import type { PixelOptions } from './provenance';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type DestinationChoice =
  | { readonly kind: 'folder'; readonly dir: string }
  | { readonly kind: 'local' }
  | { readonly kind: 'r2'; readonly bucket: string };

export interface CliOptions {
  readonly inputs: readonly string[];
  readonly pixel: PixelOptions;
  readonly prefix: string;
  readonly keyTemplate: string;
  readonly concurrency: number;
  readonly destination: DestinationChoice;
  readonly scratch: string | null;
  readonly bigTiff: boolean;
  /** Build one folder of pages as one catalogue object (catalogue-step.ts). */
  readonly object: boolean;
  /** Language of plain strings in object.json. */
  readonly language: string;
  /** wrangler-style --persist-to for the local catalogue (tests); null = the project's .wrangler/state. */
  readonly catalogPersistTo: string | null;
}

export const USAGE = `usage: npm run build-pyramid -- <files or folders…> (--out DIR | --local | --r2 BUCKET)
  [--prefix coll/] [--tile 256|512] [--quality 85] [--page N] [--background #fff]
  [--concurrency N] [--key-template {id}.tif] [--scratch DIR] [--bigtiff]
  [--object [--language TAG]]   one folder of pages as one catalogue object (docs/CATALOGUE.md)
  --local and --r2 also register each image in the catalogue (local D1, or the remote one through wrangler)`;

const OPTIONS = {
  out: { type: 'string' },
  local: { type: 'boolean' },
  r2: { type: 'string' },
  prefix: { type: 'string', default: '' },
  tile: { type: 'string', default: '256' },
  quality: { type: 'string', default: '85' },
  page: { type: 'string', default: '0' },
  background: { type: 'string', default: '#ffffff' },
  concurrency: { type: 'string', default: '1' },
  'key-template': { type: 'string', default: '{id}.tif' },
  scratch: { type: 'string' },
  bigtiff: { type: 'boolean', default: false },
  object: { type: 'boolean', default: false },
  language: { type: 'string', default: 'none' },
  'persist-to': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseCli(argv: readonly string[]): CliOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (parsed.positionals.length === 0) throw new UsageError('no inputs given');
  const keyTemplate = v['key-template'];
  if (keyTemplate.split('{id}').length !== 2) throw new UsageError('--key-template needs exactly one {id}');
  return {
    inputs: parsed.positionals,
    pixel: {
      tile: oneOf('--tile', v.tile, [256, 512]),
      quality: integer('--quality', v.quality, 1, 100),
      page: integer('--page', v.page, 0, 1e6),
      background: colour(v.background),
    },
    prefix: prefix(v.prefix),
    keyTemplate,
    concurrency: integer('--concurrency', v.concurrency, 1, 64),
    destination: destination(v.out, v.local ?? false, v.r2),
    scratch: v.scratch ?? null,
    bigTiff: v.bigtiff,
    ...objectOptions(parsed.positionals, v.object, v.language, v['persist-to'] ?? null),
  };
}

function integer(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  return n;
}

function oneOf(name: string, text: string, allowed: readonly number[]): number {
  const n = Number(text);
  if (!allowed.includes(n)) throw new UsageError(`${name} must be one of ${allowed.join(', ')}, got "${text}"`);
  return n;
}

/** '#rgb' or '#rrggbb' → '#rrggbb' in lower case (so provenance compares equal however it was typed). */
export function colour(text: string): string {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text);
  if (!m) throw new UsageError(`--background must be #rgb or #rrggbb, got "${text}"`);
  const hex = m[1]!.toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
}

function prefix(text: string): string {
  try {
    return normalisePrefix(text);
  } catch (err) {
    throw new UsageError(`--prefix: ${(err as Error).message}`);
  }
}

function destination(out: string | undefined, local: boolean, r2: string | undefined): DestinationChoice {
  const chosen = [out !== undefined, local, r2 !== undefined].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError('choose exactly one destination: --out DIR, --local or --r2 BUCKET');
  if (out !== undefined) return { kind: 'folder', dir: out };
  if (r2 !== undefined) return { kind: 'r2', bucket: r2 };
  return { kind: 'local' };
}

function objectOptions(inputs: readonly string[], object: boolean, language: string, persistTo: string | null) {
  if (object && inputs.length !== 1) throw new UsageError('--object takes exactly one folder');
  if (!/^(none|[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*)$/.test(language)) throw new UsageError(`--language: "${language}" is not a BCP 47 tag`);
  return { object, language, catalogPersistTo: persistTo };
}

/**
 * `catalog import`: files → checked records → plan → one atomic write (docs/CATALOGUE.md § Import).
 * Everything is validated before anything is written; with problems nothing is written unless
 * `skipInvalid`, which imports the valid records and counts the others as skipped.
 */
import { allCollections, storedHashes } from './catalog-read';
import type { CatalogDb } from './db';
import { planImport, type ImportPlan } from './plan';
import { readInputFile, type InputEntry } from './read-input';
import { resolveDrafts, type Problem } from './resolve';
import { checkEntry, type Draft } from './validate';
import { dropStaleStaging, writeImport } from './write-import';

export interface ImportOptions {
  readonly files: readonly string[];
  /** Records made in memory (the builder's --object), imported with the files. */
  readonly entries?: readonly InputEntry[];
  /** Language of plain strings (a BCP 47 tag, or "none"). */
  readonly language: string;
  readonly dryRun?: boolean;
  readonly skipInvalid?: boolean;
  readonly now?: Date;
  readonly signal?: AbortSignal;
  readonly onProgress?: (staged: number, total: number) => void;
  readonly batchBytes?: number;
}

export interface ImportSummary {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: number;
  readonly collections: { readonly created: number; readonly updated: number; readonly unchanged: number };
  readonly problems: readonly Problem[];
  /** False for a dry run, and when problems stopped the import. */
  readonly written: boolean;
}

/** The id a failed entry meant, when it has one (so its page rows are refused too). */
function claimedId(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  return v['type'] === undefined || v['type'] === 'Manifest' ? (typeof v['id'] === 'string' ? v['id'] : null) : null;
}

export async function checkFiles(
  files: readonly string[],
  language: string,
  extra: readonly InputEntry[] = [],
): Promise<{ drafts: Draft[]; problems: Problem[]; invalidIds: Set<string> }> {
  const drafts: Draft[] = [];
  const problems: Problem[] = [];
  const invalidIds = new Set<string>();
  const sources: (() => Promise<readonly InputEntry[]>)[] = [...files.map((f) => () => readInputFile(f)), async () => extra];
  for (const source of sources) {
    for (const entry of await source()) {
      if ('error' in entry) {
        problems.push({ at: entry.at, reasons: [entry.error] });
        continue;
      }
      const checked = checkEntry(entry.at, entry.value, language);
      if (checked.ok) drafts.push(checked.draft);
      else {
        problems.push({ at: checked.at, reasons: checked.reasons });
        const id = claimedId(entry.value);
        if (id !== null) invalidIds.add(id);
      }
    }
  }
  return { drafts, problems, invalidIds };
}

export async function runImport(db: CatalogDb, options: ImportOptions): Promise<ImportSummary> {
  const { drafts, problems, invalidIds } = await checkFiles(options.files, options.language, options.entries);
  const resolved = await resolveDrafts(db, drafts, invalidIds);
  const allProblems = [...problems, ...resolved.problems];
  const empty = (written: boolean, plan?: ImportPlan): ImportSummary => ({
    created: plan?.created.length ?? 0,
    updated: plan?.updated.length ?? 0,
    unchanged: plan?.unchanged ?? 0,
    skipped: allProblems.length,
    collections: {
      created: plan?.collectionsCreated.length ?? 0,
      updated: plan?.collectionsUpdated.length ?? 0,
      unchanged: plan?.collectionsUnchanged ?? 0,
    },
    problems: allProblems,
    written,
  });
  if (allProblems.length > 0 && !options.skipInvalid) return empty(false);
  const hashes = await storedHashes(db, resolved.objects.map((o) => o.id));
  const collections = new Map((await allCollections(db)).map((c) => [c.name, c]));
  const plan = planImport(resolved.objects, resolved.collections, hashes, collections);
  if (options.dryRun) return empty(false, plan);
  const now = options.now ?? new Date();
  await dropStaleStaging(db, now);
  await writeImport(db, plan, { now, signal: options.signal, onProgress: options.onProgress, batchBytes: options.batchBytes });
  return empty(true, plan);
}

export function formatSummary(s: ImportSummary, where: string, dryRun: boolean): string {
  const c = s.collections;
  const head = dryRun ? 'dry run, nothing written' : s.written ? `imported into ${where}` : 'nothing written (fix the problems above, or pass --skip-invalid)';
  return `${head}\n  objects:     ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ${s.skipped} skipped\n  collections: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`;
}

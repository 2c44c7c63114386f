/**
 * Expands the command's inputs into master files: files as given, folders walked recursively (sorted, so
 * runs are repeatable; hidden entries skipped). Inside folders only image-named files are taken and other
 * files are listed as ignored; a file named on the command line is always tried (its bytes decide).
 */
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.tif', '.tiff', '.jpg', '.jpeg', '.png', '.webp']);

export type InputEntry =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'ignored'; readonly path: string; readonly reason: string }
  | { readonly kind: 'missing'; readonly path: string; readonly reason: string };

export async function expandInputs(inputs: readonly string[]): Promise<InputEntry[]> {
  const out: InputEntry[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch((err: NodeJS.ErrnoException) => err);
    if (info instanceof Error) out.push({ kind: 'missing', path: input, reason: `cannot read: ${info.code ?? info.message}` });
    else if (info.isDirectory()) out.push(...(await walk(input)));
    else out.push({ kind: 'file', path: input });
  }
  return out;
}

async function walk(dir: string): Promise<InputEntry[]> {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: InputEntry[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(path)));
    else if (IMAGE_EXTENSIONS.has(extname(e.name).toLowerCase())) out.push({ kind: 'file', path });
    else out.push({ kind: 'ignored', path, reason: 'not an image file name (.tif .tiff .jpg .jpeg .png .webp)' });
  }
  return out;
}

/**
 * Where verified pyramids go: a folder (`--out`), the local R2 store `npm start` serves (`--local`), or a
 * real R2 bucket (`--r2`; S3 API signed with aws4fetch when R2_* keys are set, else `wrangler r2 object
 * put --remote` with wrangler's own login). Each can read an existing object's head (for provenance) and
 * publishes atomically: a rename in the same folder, or one R2 put.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LocalStore } from '../local-r2';
import { r2S3Client, type S3Target } from './s3-client';

/** How many bytes of an existing output to read to find its provenance (IFD 0 comes first). */
export const HEAD_BYTES = 64 * 1024;

export interface Destination {
  /** Human-readable location of a key, for logs. */
  where(key: string): string;
  readHead(key: string): Promise<Uint8Array | null>;
  /** Path to write the pyramid to before it is published. */
  stagePath(key: string, scratchDir: string): Promise<string>;
  publish(staged: string, key: string, meta: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export function folderDestination(dir: string): Destination {
  return {
    where: (key) => join(dir, key),
    async readHead(key) {
      const file = await open(join(dir, key), 'r').catch(() => null);
      if (!file) return null;
      try {
        const buf = new Uint8Array(HEAD_BYTES);
        const { bytesRead } = await file.read(buf, 0, HEAD_BYTES, 0);
        return buf.subarray(0, bytesRead);
      } finally {
        await file.close();
      }
    },
    // Same folder as the final file, so publishing is a rename (atomic on one file system).
    async stagePath(key) {
      const final = join(dir, key);
      await mkdir(dirname(final), { recursive: true });
      return `${final}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
    },
    publish: (staged, key) => rename(staged, join(dir, key)),
    close: async () => undefined,
  };
}

export async function localR2Destination(projectDir: string): Promise<Destination> {
  // Imported here, not at the top: Miniflare takes about a second to load, which every other build would pay.
  const { openLocalStore } = await import('../local-r2');
  const store: LocalStore = await openLocalStore(projectDir);
  return {
    where: (key) => `local R2 iiif-images/${key}`,
    readHead: (key) => store.readHead(key, HEAD_BYTES),
    stagePath: async (key, scratch) => join(scratch, 'pyramid.tif'),
    publish: (staged, key, meta) => store.putFile(key, staged, meta),
    close: () => store.close(),
  };
}

export function r2S3Destination(target: S3Target): Destination {
  const client = r2S3Client(target);
  return {
    where: (key) => `r2://${target.bucket}/${key}`,
    readHead: (key) => client.readHead(key, HEAD_BYTES),
    stagePath: async (key, scratch) => join(scratch, 'pyramid.tif'),
    publish: (staged, key, meta) => client.putFile(key, staged, meta),
    close: async () => undefined,
  };
}

/** Real R2 through wrangler's login; cannot range-read, so existing outputs are never skipped. */
export function r2WranglerDestination(bucket: string, wranglerJs: string): Destination {
  return {
    where: (key) => `r2://${bucket}/${key} (wrangler)`,
    readHead: async () => null,
    stagePath: async (key, scratch) => join(scratch, 'pyramid.tif'),
    publish: (staged, key) =>
      run(process.execPath, [wranglerJs, 'r2', 'object', 'put', `${bucket}/${key}`, '--file', staged, '--remote', '--content-type', 'image/tiff']),
    close: async () => undefined,
  };
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`wrangler exited ${code}: ${err.trim().slice(-500)}`))));
  });
}

/** Removes a staged file that was not published. */
export const discardStaged = (staged: string): Promise<void> => rm(staged, { force: true });

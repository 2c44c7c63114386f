import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalStore } from '../../../scripts/local-r2';
import { r2S3Destination } from '../../../scripts/pyramid/destinations';
import { s3TargetFromEnv } from '../../../scripts/pyramid/s3-client';

const exec = promisify(execFile);
const ROOT = new URL('../../../', import.meta.url).pathname;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-test-'));
  await sharp({ create: { width: 300, height: 200, channels: 3, background: '#3366cc' } }).png().toFile(join(dir, 'blue.png'));
  await writeFile(join(dir, 'bad.tif'), 'not a tiff');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/build-pyramid.ts'), ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('build-pyramid exit status', () => {
  it.each([
    ['all inputs built', ['blue.png'], 0, /1 built, 0 skipped, 0 failed/],
    ['one input failed, the other still built', ['bad.tif', 'blue.png'], 1, /bad\.tif: not a readable image[\s\S]*1 built, 0 skipped, 1 failed/],
    ['a usage error', ['blue.png', '--tile', '300'], 2, /--tile must be one of/],
  ])('%s → %i', async (_label, inputs, code, output) => {
    const out = join(dir, `out-${code}`);
    const args = [...inputs.map((i) => (i.startsWith('-') || /^\d+$/.test(i) ? i : join(dir, i))), '--out', out];
    const r = await cli(args);
    expect(r.code).toBe(code);
    expect(r.stdout + r.stderr).toMatch(output);
  });
});

describe('R2 over the S3 API (against a fake endpoint on 127.0.0.1)', () => {
  it('signs a ranged GET and a streamed PUT with SigV4 for region auto', async () => {
    const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
        res.statusCode = req.method === 'GET' ? 404 : 200;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const target = s3TargetFromEnv('pyramids', {
        R2_ENDPOINT: `http://127.0.0.1:${port}`,
        R2_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        R2_SECRET_ACCESS_KEY: 'secret',
      });
      const dest = r2S3Destination(target!);
      expect(await dest.readHead('coll/leaf 1.tif')).toBeNull();
      const file = join(dir, 'upload.bin');
      await writeFile(file, Buffer.from('pyramid bytes'));
      await dest.publish(file, 'coll/leaf 1.tif', { levels: '3' });
      const [get, put] = seen;
      expect([get!.method, get!.url, get!.headers.range]).toEqual(['GET', '/pyramids/coll/leaf%201.tif', 'bytes=0-65535']);
      expect([put!.method, put!.url, put!.body.toString()]).toEqual(['PUT', '/pyramids/coll/leaf%201.tif', 'pyramid bytes']);
      expect(put!.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
      expect(put!.headers['x-amz-meta-levels']).toBe('3');
      for (const r of [get!, put!]) {
        expect(r.headers.authorization).toMatch(
          /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/auto\/s3\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
        );
      }
    } finally {
      server.close();
    }
  });

  it('needs keys and an account or endpoint', () => {
    expect(s3TargetFromEnv('b', { R2_ACCESS_KEY_ID: 'a', R2_SECRET_ACCESS_KEY: 's' })).toBeNull();
    expect(s3TargetFromEnv('b', { R2_ACCOUNT_ID: 'acc', R2_ACCESS_KEY_ID: 'a', R2_SECRET_ACCESS_KEY: 's' })?.endpoint).toBe(
      'https://acc.r2.cloudflarestorage.com',
    );
  });
});

describe('local R2 store (Miniflare, the persistence wrangler dev reads)', () => {
  it('puts a file and reads back its head and existence', async () => {
    const project = await mkdtemp(join(dir, 'project-'));
    const store = await openLocalStore(project);
    try {
      const file = join(dir, 'obj.bin');
      const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
      await writeFile(file, bytes);
      expect(await store.exists('samples/x.tif')).toBe(false);
      await store.putFile('samples/x.tif', file);
      expect(await store.exists('samples/x.tif')).toBe(true);
      expect(Buffer.from((await store.readHead('samples/x.tif', 100))!)).toEqual(bytes.subarray(0, 100));
      expect(await store.readHead('nothing.tif', 100)).toBeNull();
    } finally {
      await store.close();
    }
    // Where wrangler dev looks for bucket iiif-images (persist root .wrangler/state/v3).
    expect((await readdir(join(project, '.wrangler/state/v3/r2/iiif-images/blobs'))).length).toBe(1);
  });
});

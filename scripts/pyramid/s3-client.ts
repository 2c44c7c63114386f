/**
 * The two S3 API calls the builder needs against R2 (Cloudflare R2 S3 compatibility): a ranged GET of an
 * object's head, and a single streamed PUT (R2 accepts up to 5 GiB in one PUT; larger would need a
 * multipart upload). Requests are signed with AWS SigV4 by aws4fetch (region `auto`, unsigned payload so
 * the file streams instead of being hashed in memory).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { AwsClient } from 'aws4fetch';

export interface S3Target {
  /** https://<account>.r2.cloudflarestorage.com, or any S3-compatible endpoint. */
  readonly endpoint: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Reads R2_ACCOUNT_ID / R2_ACCESS_KEY_ID / R2_SECRET_ACCESS_KEY (R2_ENDPOINT overrides); null if absent. */
export function s3TargetFromEnv(bucket: string, env: NodeJS.ProcessEnv): S3Target | null {
  const { R2_ACCOUNT_ID, R2_ACCESS_KEY_ID, R2_SECRET_ACCESS_KEY, R2_ENDPOINT } = env;
  if (!R2_ACCESS_KEY_ID || !R2_SECRET_ACCESS_KEY || !(R2_ACCOUNT_ID || R2_ENDPOINT)) return null;
  return {
    endpoint: (R2_ENDPOINT ?? `https://${R2_ACCOUNT_ID}.r2.cloudflarestorage.com`).replace(/\/+$/, ''),
    bucket,
    accessKeyId: R2_ACCESS_KEY_ID,
    secretAccessKey: R2_SECRET_ACCESS_KEY,
  };
}

const MAX_SINGLE_PUT = 5 * 1024 ** 3;

export function r2S3Client(t: S3Target) {
  // No retries: a streamed body cannot be replayed.
  const aws = new AwsClient({ accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey, service: 's3', region: 'auto', retries: 0 });
  const url = (key: string): string => `${t.endpoint}/${t.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  return {
    async readHead(key: string, length: number): Promise<Uint8Array | null> {
      const res = await aws.fetch(url(key), { headers: { Range: `bytes=0-${length - 1}` } });
      if (res.status === 404) return null;
      if (!res.ok) throw new Error(`R2 GET ${key}: ${res.status} ${await res.text()}`);
      return new Uint8Array(await res.arrayBuffer());
    },
    async putFile(key: string, path: string, meta: Record<string, string>): Promise<void> {
      const { size } = await stat(path);
      if (size > MAX_SINGLE_PUT) throw new Error(`${size} bytes is above R2's single-PUT limit of 5 GiB`);
      const headers: Record<string, string> = {
        'Content-Type': 'image/tiff',
        'Content-Length': String(size),
        'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD',
      };
      for (const [k, v] of Object.entries(meta)) headers[`x-amz-meta-${k.toLowerCase()}`] = v;
      const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
      const signed = await aws.sign(url(key), { method: 'PUT', headers, body, duplex: 'half' } as RequestInit);
      const res = await fetch(signed);
      if (!res.ok) throw new Error(`R2 PUT ${key}: ${res.status} ${await res.text()}`);
    },
  };
}

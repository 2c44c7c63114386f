/** Parses and resolves a `{region}/{size}/{rotation}/{quality}.{format}` path in one step, for tests. */
import type { Limits } from '../../../src/config';
import { parseImageRequest } from '../../../src/iiif/parse-request';
import { resolveRequest } from '../../../src/iiif/resolve';
import type { ApiVersion, ResolvedRequest } from '../../../src/iiif/types';

export function resolvePath(
  version: ApiVersion,
  path: string,
  image: { width: number; height: number; channels: 1 | 3 },
  limits: Limits,
): ResolvedRequest {
  const [region, size, rotation, qf] = path.split('/') as [string, string, string, string];
  return resolveRequest(parseImageRequest(version, 'id', region, size, rotation, qf), image, limits);
}

/**
 * Parses the four path segments after the identifier into an ImageRequest for either API version.
 * Pure syntax: nothing here knows the image; see resolve.ts for what the values mean on a given image.
 */
import type { ApiVersion, ImageRequest } from './types';
import { parseQualityFormat } from './parse-quality-format';
import { parseRegion } from './parse-region';
import { parseRotation } from './parse-rotation';
import { parseSize } from './parse-size';

/** `id` must already be the decoded, checked identifier (identifier.ts). */
export function parseImageRequest(
  version: ApiVersion,
  id: string,
  region: string,
  size: string,
  rotation: string,
  qualityFormat: string,
): ImageRequest {
  // Parsed in URL order, so the reported error is the first bad component a reader meets.
  const regionSpec = Object.freeze(parseRegion(region));
  const sizeSpec = Object.freeze(parseSize(version, size));
  const rotationSpec = Object.freeze(parseRotation(rotation));
  const { quality, format } = parseQualityFormat(qualityFormat);
  return Object.freeze({ version, id, region: regionSpec, size: sizeSpec, rotation: rotationSpec, quality, format });
}

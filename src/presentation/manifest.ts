/**
 * Presentation API 3.0 manifests as pure JSON values: one Canvas per image, each painted by one Image
 * annotation whose body carries the Image API 3.0 service (Presentation 3.0 §3.1, §5.3 "Canvas", and the
 * cookbook's "image service" recipe). Auth service blocks, when given, go on the image service.
 */

export interface ManifestImage {
  /** Image API 3.0 service URL (no trailing info.json). */
  readonly service: string;
  readonly label: string;
  readonly width: number;
  readonly height: number;
  /** Extra service blocks (IIIF Auth) to attach to the image service. */
  readonly services?: readonly unknown[];
}

export interface ManifestInput {
  readonly id: string;
  readonly label: string;
  readonly images: readonly ManifestImage[];
}

const lang = (text: string) => ({ none: [text] });

export function buildManifest(input: ManifestInput): Record<string, unknown> {
  return {
    '@context': 'http://iiif.io/api/presentation/3/context.json',
    id: input.id,
    type: 'Manifest',
    label: lang(input.label),
    items: input.images.map((image, i) => {
      const canvas = `${input.id}/canvas/${i + 1}`;
      const service: Record<string, unknown> = {
        id: image.service,
        type: 'ImageService3',
        profile: 'level2',
      };
      if (image.services !== undefined && image.services.length > 0) service['service'] = [...image.services];
      return {
        id: canvas,
        type: 'Canvas',
        label: lang(image.label),
        width: image.width,
        height: image.height,
        thumbnail: [
          { id: `${image.service}/full/!200,200/0/default.jpg`, type: 'Image', format: 'image/jpeg', service: [{ id: image.service, type: 'ImageService3', profile: 'level2' }] },
        ],
        items: [
          {
            id: `${canvas}/page`,
            type: 'AnnotationPage',
            items: [
              {
                id: `${canvas}/page/image`,
                type: 'Annotation',
                motivation: 'painting',
                target: canvas,
                body: {
                  id: `${image.service}/full/max/0/default.jpg`,
                  type: 'Image',
                  format: 'image/jpeg',
                  width: image.width,
                  height: image.height,
                  service: [service],
                },
              },
            ],
          },
        ],
      };
    }),
  };
}

// Copies the viewers' static files from node_modules into public/, which wrangler serves as static assets:
// OpenSeadragon (the /viewer page of a plain image), Mirador 3.4.3's self-contained build and Universal
// Viewer's UMD build (the /viewer page of a catalogue object, docs/CATALOGUE.md), so no page loads anything
// from a third-party CDN. Run by wrangler's [build] step before `wrangler dev` and `wrangler deploy`, so a
// fresh clone needs no extra command. Plain .mjs: it runs before any TS tooling.
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'node_modules', 'openseadragon', 'build', 'openseadragon');
const to = join(root, 'public', 'viewer-assets', 'openseadragon');
if (!existsSync(from)) {
  console.error('viewer-assets: node_modules/openseadragon is missing; run npm install');
  process.exit(1);
}
mkdirSync(to, { recursive: true });
cpSync(join(from, 'openseadragon.min.js'), join(to, 'openseadragon.min.js'));
cpSync(join(from, 'images'), join(to, 'images'), { recursive: true });

// Mirador and Universal Viewer: copied whole (UV loads its chunks from next to UV.js).
const viewers = [
  { from: join(root, 'node_modules', 'mirador', 'dist'), files: ['mirador.min.js', 'mirador.min.js.LICENSE.txt'], to: 'mirador' },
  { from: join(root, 'node_modules', 'universalviewer', 'dist'), files: ['umd', 'uv.css'], to: 'uv' },
];
for (const viewer of viewers) {
  if (!existsSync(viewer.from)) {
    console.error(`viewer-assets: ${viewer.from} is missing; run npm install`);
    process.exit(1);
  }
  const dir = join(root, 'public', 'viewer-assets', viewer.to);
  mkdirSync(dir, { recursive: true });
  for (const file of viewer.files) cpSync(join(viewer.from, file), join(dir, file), { recursive: true });
}

// Copies the viewer's static files (OpenSeadragon's build) from node_modules into public/, which
// wrangler serves as static assets. Run by wrangler's [build] step before `wrangler dev` and
// `wrangler deploy`, so a fresh clone needs no extra command. Plain .mjs: it runs before any TS tooling.
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

/**
 * Where the benchmark's photographs come from: Debian's `mate-backgrounds` package (real photographs,
 * GPL/CC licensed, 13 large JPEGs). Taken from the installed package if there is one; otherwise its .deb
 * is fetched with `apt-get download` and unpacked into the data folder (nothing is installed
 * system-wide). Photographs rather than synthetic drawings because JPEG and resize costs depend on the
 * content: flat drawings compress and scale far faster than a photographic master.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const INSTALLED = '/usr/share/backgrounds/mate';
const PROBE = 'nature/LadyBird.jpg';

/** The photographs the master mosaic is cut from (paths inside the package's backgrounds folder). */
export const PHOTOS = [
  'nature/Aqua.jpg', 'nature/Blinds.jpg', 'nature/Dune.jpg', 'nature/FreshFlower.jpg',
  'nature/Garden.jpg', 'nature/GreenMeadow.jpg', 'nature/LadyBird.jpg', 'nature/RainDrops.jpg',
  'nature/Storm.jpg', 'nature/TwoWings.jpg', 'nature/Wood.jpg', 'nature/YellowFlower.jpg',
  'abstract/Elephants_5640x3172.jpg',
] as const;

export class PhotosUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PhotosUnavailable';
  }
}

/** The folder holding PHOTOS, fetching the package into `dataDir/src` when it is not installed. */
export function photoFolder(dataDir: string): string {
  if (existsSync(join(INSTALLED, PROBE))) return INSTALLED;
  const src = join(dataDir, 'src');
  const unpacked = join(src, 'pkg');
  const folder = join(unpacked, INSTALLED);
  if (existsSync(join(folder, PROBE))) return folder;
  mkdirSync(src, { recursive: true });
  let deb = readdirSync(src).find((f) => f.startsWith('mate-backgrounds_') && f.endsWith('.deb'));
  if (deb === undefined) {
    try {
      execFileSync('apt-get', ['download', 'mate-backgrounds'], { cwd: src, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (err) {
      throw new PhotosUnavailable(
        `could not fetch the photographs (Debian package mate-backgrounds): ${(err as Error).message.trim()}\n` +
          `  install it (apt-get install mate-backgrounds) or put its .deb into ${src}`,
      );
    }
    deb = readdirSync(src).find((f) => f.startsWith('mate-backgrounds_') && f.endsWith('.deb'));
    if (deb === undefined) throw new PhotosUnavailable(`apt-get download left no mate-backgrounds .deb in ${src}`);
  }
  execFileSync('dpkg', ['-x', join(src, deb), unpacked]);
  if (!existsSync(join(folder, PROBE))) throw new PhotosUnavailable(`${deb} has no ${PROBE}`);
  return folder;
}

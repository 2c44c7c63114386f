/**
 * Deterministic test images made by the project, nothing downloaded: a test chart (gradients, colour
 * patches, fine lines, a grid of labelled cells, text) and a greyscale text page, both as SVG that sharp
 * (librsvg) renders at any size. The same drawing at every size, so fixtures and samples look alike.
 */

/** Colour patches: primaries, secondaries, greys and a few skin/sky/foliage tones (sRGB hex). */
const PATCHES = [
  '#ff0000', '#00ff00', '#0000ff', '#00ffff', '#ff00ff', '#ffff00',
  '#000000', '#404040', '#808080', '#c0c0c0', '#ffffff', '#c28a6b',
  '#5a7fb0', '#5b7a32', '#d9a441', '#8e3b5e', '#2f9c95', '#e06c2f',
];

export function chartSvg(width: number, height: number): string {
  const u = Math.min(width, height) / 100; // one "unit": the drawing scales with the image
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    '<defs>',
    '<linearGradient id="hue" x1="0" x2="1"><stop offset="0" stop-color="#f00"/><stop offset="0.17" stop-color="#ff0"/>' +
      '<stop offset="0.33" stop-color="#0f0"/><stop offset="0.5" stop-color="#0ff"/><stop offset="0.67" stop-color="#00f"/>' +
      '<stop offset="0.83" stop-color="#f0f"/><stop offset="1" stop-color="#f00"/></linearGradient>',
    '<linearGradient id="grey" x1="0" x2="1"><stop offset="0" stop-color="#000"/><stop offset="1" stop-color="#fff"/></linearGradient>',
    '<linearGradient id="fade" x1="0" x2="0" y1="0" y2="1"><stop offset="0" stop-color="#fff" stop-opacity="0"/>' +
      '<stop offset="1" stop-color="#fff" stop-opacity="1"/></linearGradient>',
    '</defs>',
    `<rect width="${width}" height="${height}" fill="#f4f1ea"/>`,
    `<rect x="0" y="0" width="${width}" height="${height * 0.2}" fill="url(#hue)"/>`,
    `<rect x="0" y="0" width="${width}" height="${height * 0.2}" fill="url(#fade)"/>`,
    `<rect x="0" y="${height * 0.2}" width="${width}" height="${height * 0.06}" fill="url(#grey)"/>`,
  ];
  const cols = 6;
  const pw = (width * 0.5) / cols;
  const ph = height * 0.12;
  PATCHES.forEach((c, i) => {
    const x = width * 0.03 + (i % cols) * pw;
    const y = height * 0.335 + Math.floor(i / cols) * ph;
    parts.push(`<rect x="${x}" y="${y}" width="${pw * 0.9}" height="${ph * 0.85}" fill="${c}"/>`);
  });
  // Fine lines: 1 px, 2 px and 4 px black/white pairs, then a fan of thin diagonals.
  const lx = width * 0.58;
  const lw = width * 0.38;
  [1, 2, 4].forEach((px, band) => {
    const y0 = height * 0.335 + band * height * 0.09;
    for (let x = 0; x < lw; x += 2 * px) parts.push(`<rect x="${lx + x}" y="${y0}" width="${px}" height="${height * 0.07}" fill="#000"/>`);
  });
  for (let i = 0; i <= 24; i++) {
    const a = (i / 24) * Math.PI * 0.5;
    parts.push(`<line x1="${lx}" y1="${height * 0.95}" x2="${lx + Math.cos(a) * lw}" y2="${height * 0.95 - Math.sin(a) * height * 0.3}" stroke="#1a1a1a" stroke-width="${Math.max(1, u * 0.1)}"/>`);
  }
  // Labelled grid cells make crops easy to check by eye.
  const gx = width * 0.03;
  const gy = height * 0.7;
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 6; c++) {
      const x = gx + c * pw;
      const y = gy + r * height * 0.09;
      parts.push(`<rect x="${x}" y="${y}" width="${pw}" height="${height * 0.09}" fill="none" stroke="#333" stroke-width="${Math.max(1, u * 0.15)}"/>`);
      parts.push(text(x + pw * 0.1, y + height * 0.06, u * 4, `${String.fromCharCode(65 + r)}${c + 1}`, '#222'));
    }
  }
  parts.push(text(width * 0.03, height * 0.31, u * 3.5, `IIIF edge test chart ${width}×${height}`, '#111'));
  parts.push('</svg>');
  return parts.join('\n');
}

/** A greyscale manuscript-like page: margins, a heading and justified-looking lines of text. */
export function pageSvg(width: number, height: number): string {
  const u = width / 100;
  const lines: string[] = [];
  const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua'.split(' ');
  const lineHeight = u * 2.6;
  let n = 0;
  for (let y = height * 0.16; y < height * 0.9; y += lineHeight) {
    const line: string[] = [];
    for (let k = 0; k < 11; k++) line.push(words[(n * 7 + k * 3) % words.length]!);
    n += 1;
    lines.push(text(width * 0.1, y, u * 1.8, line.join(' '), '#1c1c1c'));
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#e9e4d8"/>`,
    `<rect x="${width * 0.06}" y="${height * 0.05}" width="${width * 0.88}" height="${height * 0.9}" fill="none" stroke="#777" stroke-width="${u * 0.2}"/>`,
    text(width * 0.1, height * 0.11, u * 4, 'Folio 12r', '#101010'),
    ...lines,
    '</svg>',
  ].join('\n');
}

function text(x: number, y: number, size: number, body: string, fill: string): string {
  return `<text x="${x}" y="${y}" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="${size}" fill="${fill}">${body}</text>`;
}

// Draws the two Teams app icons: a calendar page with a check mark (a maintenance window that went well).
//   node manifest/draw-icons.js            rewrites manifest/color.png and manifest/outline.png
//   node manifest/draw-icons.js --out DIR  writes them to DIR instead (the tests compare with the committed ones)
// Teams wants a 192x192 colour icon (white symbol on a solid background) and a 32x32 outline icon
// (white symbol on a transparent background).
const fs = require('node:fs');
const path = require('node:path');
const { PNG } = require('pngjs');

/** Background of the colour icon; the manifest's accentColor uses the same value. */
const BACKGROUND = { r: 0x1b, g: 0x6e, b: 0x53 };
const WHITE = { r: 255, g: 255, b: 255 };
/** Samples per pixel side: 4x4 sub-pixel samples give smooth edges without any drawing library. */
const SUPERSAMPLING = 4;

/** Signed distance from (x, y) to a rounded rectangle: negative inside. */
function roundedRect(x, y, left, top, right, bottom, radius) {
  const cx = (left + right) / 2;
  const cy = (top + bottom) / 2;
  const qx = Math.abs(x - cx) - ((right - left) / 2 - radius);
  const qy = Math.abs(y - cy) - ((bottom - top) / 2 - radius);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Distance from (x, y) to the segment a-b. */
function segment(x, y, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/**
 * The symbol in a unit square (0..1 both ways, y down): a calendar outline with a solid header,
 * two binding rings above it, and a check mark on the page.
 */
function insideSymbol(x, y) {
  const stroke = 1 / 15;
  const page = roundedRect(x, y, 0.1, 0.2, 0.9, 0.967, 0.1);
  const frame = page <= 0 && page >= -stroke;
  const header = page <= 0 && y <= 0.4;
  const rings = segment(x, y, 0.3, 0.09, 0.3, 0.25) <= 0.06 || segment(x, y, 0.7, 0.09, 0.7, 0.25) <= 0.06;
  const check = segment(x, y, 0.3, 0.68, 0.45, 0.82) <= 0.06 || segment(x, y, 0.45, 0.82, 0.72, 0.55) <= 0.06;
  return frame || header || rings || check;
}

/** Fraction of the pixel (px, py) covered by the symbol drawn in the box [offset, offset + box). */
function coverage(px, py, offset, box) {
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLING; sy += 1) {
    for (let sx = 0; sx < SUPERSAMPLING; sx += 1) {
      const x = (px + (sx + 0.5) / SUPERSAMPLING - offset) / box;
      const y = (py + (sy + 0.5) / SUPERSAMPLING - offset) / box;
      if (x >= 0 && x < 1 && y >= 0 && y < 1 && insideSymbol(x, y)) hits += 1;
    }
  }
  return hits / (SUPERSAMPLING * SUPERSAMPLING);
}

function draw(size, symbolBox, background) {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  const offset = (size - symbolBox) / 2;
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const cover = coverage(px, py, offset, symbolBox);
      const at = (py * size + px) * 4;
      if (background) {
        png.data[at] = Math.round(background.r + (WHITE.r - background.r) * cover);
        png.data[at + 1] = Math.round(background.g + (WHITE.g - background.g) * cover);
        png.data[at + 2] = Math.round(background.b + (WHITE.b - background.b) * cover);
        png.data[at + 3] = 255;
      } else {
        // Outline icon: pure white, the shape carried by alpha alone, as Teams requires.
        png.data[at] = WHITE.r;
        png.data[at + 1] = WHITE.g;
        png.data[at + 2] = WHITE.b;
        png.data[at + 3] = Math.round(255 * cover);
      }
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

/** 192x192, symbol in the central 120 pixels, solid background. */
function drawColorIcon() {
  return draw(192, 120, BACKGROUND);
}

/** 32x32, symbol over the whole icon but a one-pixel margin, transparent background. */
function drawOutlineIcon() {
  return draw(32, 30, undefined);
}

function main(argv) {
  const outIndex = argv.indexOf('--out');
  const outDir = outIndex >= 0 && argv[outIndex + 1] ? path.resolve(argv[outIndex + 1]) : __dirname;
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'color.png'), drawColorIcon());
  fs.writeFileSync(path.join(outDir, 'outline.png'), drawOutlineIcon());
  console.log(`Icons written to ${outDir}`);
}

if (require.main === module) main(process.argv.slice(2));

module.exports = { drawColorIcon, drawOutlineIcon };

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';

const root = path.join(__dirname, '..', '..');
const manifestDir = path.join(root, 'manifest');

/** Reads the IHDR chunk straight from the bytes, as Teams' upload check does, without a PNG library. */
function pngHeader(file: string): { width: number; height: number; colorType: number } {
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colorType: bytes[25]! };
}

function pixels(file: string): PNG {
  return PNG.sync.read(fs.readFileSync(file));
}

function alphaAt(png: PNG, x: number, y: number): number {
  return png.data[(y * png.width + x) * 4 + 3]!;
}

describe('Teams app icons', () => {
  it('has a 192x192 colour icon, fully opaque', () => {
    expect(pngHeader(path.join(manifestDir, 'color.png'))).toMatchObject({ width: 192, height: 192 });
    const png = pixels(path.join(manifestDir, 'color.png'));
    for (let at = 3; at < png.data.length; at += 4) expect(png.data[at]).toBe(255);
  });

  it('draws a white symbol on the colour icon, not a blank square', () => {
    const png = pixels(path.join(manifestDir, 'color.png'));
    let white = 0;
    for (let at = 0; at < png.data.length; at += 4) {
      if (png.data[at] === 255 && png.data[at + 1] === 255 && png.data[at + 2] === 255) white += 1;
    }
    const share = white / (192 * 192);
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.5);
  });

  it('uses the manifest accent colour as the colour icon background', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(manifestDir, 'manifest.json'), 'utf8'));
    const png = pixels(path.join(manifestDir, 'color.png'));
    const [r, g, b] = png.data.subarray(0, 3);
    const hex = `#${[r!, g!, b!].map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
    expect(hex.toUpperCase()).toBe(manifest.accentColor.toUpperCase());
  });

  it('has a 32x32 outline icon with an alpha channel', () => {
    const header = pngHeader(path.join(manifestDir, 'outline.png'));
    expect(header).toMatchObject({ width: 32, height: 32 });
    // 6 = RGBA, 4 = grey + alpha: both carry transparency.
    expect([4, 6]).toContain(header.colorType);
  });

  it('keeps the outline icon white on a transparent background', () => {
    const png = pixels(path.join(manifestDir, 'outline.png'));
    for (const [x, y] of [
      [0, 0],
      [31, 0],
      [0, 31],
      [31, 31],
    ] as const) {
      expect(alphaAt(png, x, y)).toBe(0);
    }
    let transparent = 0;
    let opaque = 0;
    for (let at = 0; at < png.data.length; at += 4) {
      const alpha = png.data[at + 3]!;
      if (alpha === 0) transparent += 1;
      else expect([png.data[at], png.data[at + 1], png.data[at + 2]]).toEqual([255, 255, 255]);
      if (alpha === 255) opaque += 1;
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.3);
    expect(opaque).toBeGreaterThan(32 * 32 * 0.15);
  });

  it('matches what manifest/draw-icons.js draws, so the committed PNGs come from the committed script', () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-icons-'));
    try {
      execFileSync(process.execPath, [path.join(manifestDir, 'draw-icons.js'), '--out', outDir]);
      for (const name of ['color.png', 'outline.png']) {
        expect(pixels(path.join(outDir, name)).data.equals(pixels(path.join(manifestDir, name)).data)).toBe(
          true,
        );
      }
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });
});

import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';

/*
 * Teams shows PNG, JPEG and GIF in an Adaptive Card Image, not SVG, and its desktop and web clients have
 * dropped data: URIs in cards before (MicrosoftDocs/msteams-docs#5355): the card links this PNG by URL.
 * The font ships with the bot (dejavu-fonts-ttf), so the labels render in a container that has no fonts.
 */

const resolveFrom = createRequire(__filename);

function shippedFont(): string[] {
  try {
    return [resolveFrom.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')];
  } catch {
    return [];
  }
}

const FONT_FILES = shippedFont();

/** The SVG chart as a PNG, twice its size so that it stays sharp on a high-density screen. */
export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: {
      fontFiles: FONT_FILES,
      loadSystemFonts: FONT_FILES.length === 0,
      defaultFontFamily: 'DejaVu Sans',
    },
  });
  return resvg.render().asPng();
}

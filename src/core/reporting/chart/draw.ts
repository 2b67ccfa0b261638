// A tiny raster canvas: an RGBA buffer with filled rectangles and bitmap text.
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from "./font.ts";

export type Rgb = readonly [number, number, number];

export class Canvas {
  readonly data: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.data = new Uint8Array(width * height * 4);
    this.fillRect(0, 0, width, height, background);
  }

  /** Fills [x, x + w) × [y, y + h), clipped to the canvas. */
  fillRect(x: number, y: number, w: number, h: number, [r, g, b]: Rgb): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let py = y0; py < y1; py++) {
      for (let px = x0; px < x1; px++) {
        const i = (py * this.width + px) * 4;
        this.data[i] = r;
        this.data[i + 1] = g;
        this.data[i + 2] = b;
        this.data[i + 3] = 255;
      }
    }
  }

  /** Draws `text` with its top-left corner at (x, y); returns the x after the last glyph. */
  text(x: number, y: number, text: string, color: Rgb, scale = 2): number {
    let cx = x;
    for (const ch of text) {
      const rows = glyph(ch);
      rows.forEach((bits, row) => {
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          if (bits & (1 << (GLYPH_WIDTH - 1 - col)))
            this.fillRect(cx + col * scale, y + row * scale, scale, scale, color);
        }
      });
      cx += advance(scale);
    }
    return cx;
  }
}

/** Horizontal distance from one glyph to the next (one blank column between glyphs). */
export function advance(scale = 2): number {
  return (GLYPH_WIDTH + 1) * scale;
}

export function textWidth(text: string, scale = 2): number {
  const n = [...text].length;
  return n === 0 ? 0 : n * advance(scale) - scale;
}

export function textHeight(scale = 2): number {
  return GLYPH_HEIGHT * scale;
}

/** Shortens `text` to at most `max` characters, ending with "." when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join("")}.`;
}

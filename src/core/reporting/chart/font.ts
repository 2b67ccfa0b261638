// A 5×7 bitmap font (digits, capital letters and the symbols the report needs). Each glyph is
// seven rows written as two hex digits, the row's five pixels in the low bits (0x10 = leftmost).
// Lower case is drawn in capitals; accents are dropped; anything else becomes "?".
export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;

const GLYPHS: Record<string, string> = {
  " ": "00000000000000",
  "0": "0e11131519110e",
  "1": "040c040404040e",
  "2": "0e11010204081f",
  "3": "1f02040201110e",
  "4": "02060a121f0202",
  "5": "1f101e0101110e",
  "6": "0608101e11110e",
  "7": "1f010204080808",
  "8": "0e11110e11110e",
  "9": "0e11110f01020c",
  A: "0e1111111f1111",
  B: "1e11111e11111e",
  C: "0e11101010110e",
  D: "1c12111111121c",
  E: "1f10101e10101f",
  F: "1f10101e101010",
  G: "0e11101711110f",
  H: "1111111f111111",
  I: "0e04040404040e",
  J: "0702020202120c",
  K: "11121418141211",
  L: "1010101010101f",
  M: "111b1515111111",
  N: "11111915131111",
  O: "0e11111111110e",
  P: "1e11111e101010",
  Q: "0e11111115120d",
  R: "1e11111e141211",
  S: "0f10100e01011e",
  T: "1f040404040404",
  U: "1111111111110e",
  V: "11111111110a04",
  W: "1111111515150a",
  X: "11110a040a1111",
  Y: "1111110a040404",
  Z: "1f01020408101f",
  ".": "00000000000c0c",
  ",": "000000000c0408",
  "%": "18190204081303",
  "-": "0000000e000000",
  "—": "0000001f000000",
  "–": "0000001f000000",
  "(": "02040808080402",
  ")": "08040202020408",
  "/": "00010204081000",
  ":": "000c0c000c0c00",
  ">": "10080402040810",
  "<": "02040810080402",
  "→": "0004021f020400",
  "+": "0004041f040400",
  "=": "00001f001f0000",
  _: "0000000000001f",
  "'": "0c040800000000",
  "&": "0c12140815120d",
  "#": "0a0a1f0a1f0a0a",
  "@": "0e11010d15150e",
  "?": "0e110102040004",
  "!": "04040404040004",
  "·": "00000004000000",
  $: "040f140e051e04",
  "*": "0004150e150400",
  "×": "00110a040a1100",
};

const FALLBACK = GLYPHS["?"]!;

/** The glyph's rows (bit 4 = leftmost pixel). */
export function glyph(ch: string): number[] {
  let hex = GLYPHS[ch];
  if (hex === undefined) {
    const plain = ch.normalize("NFD").replace(/\p{M}/gu, "").toUpperCase();
    hex = GLYPHS[plain] ?? FALLBACK;
  }
  const rows: number[] = [];
  for (let i = 0; i < GLYPH_HEIGHT; i++) rows.push(Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16));
  return rows;
}

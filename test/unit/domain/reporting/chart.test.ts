import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { glyph } from "../../../../src/core/reporting/chart/font.ts";
import { crc32, encodePng, PNG_SIGNATURE } from "../../../../src/core/reporting/chart/png.ts";
import {
  CHART_COLORS,
  type ChartModel,
  chartModel,
  drawChart,
  layoutChart,
  niceCeiling,
  renderChart,
} from "../../../../src/core/reporting/render-chart.ts";
import type { Report, ReportMetrics, SourceCosts } from "../../../../src/core/reporting/types.ts";

interface Decoded {
  width: number;
  height: number;
  chunks: string[];
  pixel(x: number, y: number): [number, number, number, number];
}

/** A strict little PNG reader: checks every CRC, accepts only what encodePng writes. */
function decodePng(png: Buffer): Decoded {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  const chunks: string[] = [];
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  let at = 8;
  while (at < png.length) {
    const len = png.readUInt32BE(at);
    const type = png.toString("ascii", at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + len);
    expect(png.readUInt32BE(at + 8 + len), `CRC of ${type}`).toBe(crc32(png.subarray(at + 4, at + 8 + len)));
    chunks.push(type);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([...data.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === "IDAT") idat.push(data);
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4 + 1;
  expect(raw.length).toBe(stride * height);
  for (let y = 0; y < height; y++) expect(raw[y * stride]).toBe(0);
  return {
    width,
    height,
    chunks,
    pixel(x, y) {
      const i = y * stride + 1 + x * 4;
      return [raw[i]!, raw[i + 1]!, raw[i + 2]!, raw[i + 3]!];
    },
  };
}

const rgba = (c: readonly [number, number, number]) => [...c, 255];

const metrics: ReportMetrics = {
  leads: 120,
  iql: 10,
  mql: 60,
  sql: 30,
  freeTrial: 4,
  customers: 6,
  wins: 7,
  visitors: null,
  spend: null,
  optInRatePct: null,
  salesConversionRatePct: 5.83,
  totalSales: 0,
  averageDealSize: null,
  purchasesPerCustomer: null,
  customerLifetimeValue: null,
  salesCycleMedianSeconds: null,
  costPerLead: null,
  costPerSale: null,
  speedToLead: { responded: 0, medianSeconds: null, p90Seconds: null, withinOneHourPct: null },
  slaBreaches: 0,
};

function source(name: string | null, leads: number, wins: number): SourceCosts {
  return {
    source: name,
    leads,
    wins,
    spend: null,
    currency: null,
    visitors: null,
    optInRatePct: null,
    costPerLead: null,
    costPerSale: null,
  };
}

const report: Report = {
  period: {
    from: "2025-01-01T00:00:00.000Z",
    to: "2025-02-01T00:00:00.000Z",
    timeZone: "UTC",
    label: "month",
  },
  by: null,
  generatedAt: "2025-02-01T00:00:00.000Z",
  totals: metrics,
  groups: [],
  sources: [source("google", 80, 6), source(null, 40, 1), source("partner", 0, 0)],
  reps: [],
  fairness: { reps: 0, min: null, max: null, spread: null, mean: null, coefficientOfVariation: null },
};

function center(r: { x: number; y: number; w: number; h: number }): [number, number] {
  return [Math.floor(r.x + r.w / 2), Math.floor(r.y + r.h / 2)];
}

function countColour(
  img: Decoded,
  band: { y: number; h: number },
  colour: readonly [number, number, number],
) {
  let n = 0;
  for (let y = band.y; y < band.y + band.h; y++) {
    for (let x = 0; x < img.width; x++) {
      const [r, g, b] = img.pixel(x, y);
      if (r === colour[0] && g === colour[1] && b === colour[2]) n++;
    }
  }
  return n;
}

describe("PNG encoder", () => {
  it("computes the standard CRC-32", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    expect(crc32(Buffer.from("IEND"))).toBe(0xae426082);
  });

  it("writes signature, IHDR, IDAT, IEND with valid CRCs and the pixels given", () => {
    const data = new Uint8Array(3 * 2 * 4);
    data.set([255, 0, 0, 255], 0); // (0,0) red
    data.set([0, 0, 255, 128], (1 * 3 + 2) * 4); // (2,1) translucent blue
    const img = decodePng(encodePng(3, 2, data));
    expect(img.chunks).toEqual(["IHDR", "IDAT", "IEND"]);
    expect([img.width, img.height]).toEqual([3, 2]);
    expect(img.pixel(0, 0)).toEqual([255, 0, 0, 255]);
    expect(img.pixel(2, 1)).toEqual([0, 0, 255, 128]);
    expect(img.pixel(1, 0)).toEqual([0, 0, 0, 0]);
    expect(() => encodePng(3, 3, data)).toThrow();
  });
});

describe("report chart", () => {
  it("derives the funnel and the conversion by source from the report", () => {
    const model = chartModel(report);
    expect(model.title).toBe("LeadOps report month");
    expect(model.subtitle).toBe("2025-01-01 to 2025-01-31 (UTC)");
    expect(model.funnel.map((b) => [b.label, b.value, b.text])).toEqual([
      ["Leads", 120, "120"],
      ["MQL", 60, "60 (50%)"],
      ["SQL", 30, "30 (25%)"],
      ["Customers", 6, "6 (5%)"],
    ]);
    expect(model.conversion.map((b) => [b.label, b.value, b.text])).toEqual([
      ["google", 7.5, "7.5% (6/80)"],
      ["(none)", 2.5, "2.5% (1/40)"],
      // No leads: no rate, written "—" and never 0%.
      ["partner", null, "—"],
    ]);
    expect(model.conversionNote).toBeNull();
  });

  it("is a valid PNG of the laid-out size: white background, bars in their colours", () => {
    const png = renderChart(report);
    const layout = layoutChart(chartModel(report));
    const img = decodePng(png);
    expect(img.chunks).toEqual(["IHDR", "IDAT", "IEND"]);
    expect(img.width).toBe(800);
    expect(img.height).toBe(layout.height);
    expect(img.pixel(1, 1)).toEqual([255, 255, 255, 255]);
    expect(img.pixel(img.width - 2, img.height - 2)).toEqual([255, 255, 255, 255]);

    const leads = layout.bars.find((b) => b.section === "funnel" && b.label === "Leads");
    const google = layout.bars.find((b) => b.section === "conversion" && b.label === "google");
    expect(leads?.rect).not.toBeNull();
    expect(google?.rect).not.toBeNull();
    expect(img.pixel(...center(leads!.rect!))).toEqual(rgba(CHART_COLORS.funnel));
    expect(img.pixel(...center(google!.rect!))).toEqual(rgba(CHART_COLORS.conversion));
    // The biggest figure fills the bar area; the others are proportional.
    const mql = layout.bars.find((b) => b.label === "MQL")!;
    expect(mql.rect!.w).toBe(Math.round(leads!.rect!.w / 2));
    // Right of a short bar, past its figure, is background.
    const customers = layout.bars.find((b) => b.label === "Customers")!;
    expect(img.pixel(customers.row.x + customers.row.w - 2, customers.row.y + 2)).toEqual([
      255, 255, 255, 255,
    ]);
    // Text is drawn (dark pixels in the title line).
    expect(countColour(img, { y: 24, h: 21 }, CHART_COLORS.text)).toBeGreaterThan(100);
  });

  it("draws a missing figure as “—” and no bar, never as 0", () => {
    const model: ChartModel = {
      title: "LeadOps report test",
      subtitle: "x",
      funnel: [
        { label: "Leads", value: 10, text: "10" },
        { label: "Customers", value: null, text: "—" },
        { label: "Zero", value: 0, text: "0" },
      ],
      conversion: [{ label: "partner", value: null, text: "—" }],
      conversionNote: null,
    };
    const layout = layoutChart(model);
    const img = decodePng(drawChart(model));
    for (const label of ["Customers", "partner", "Zero"]) {
      const bar = layout.bars.find((b) => b.label === label)!;
      expect(bar.rect).toBeNull();
      expect(countColour(img, bar.row, CHART_COLORS.funnel)).toBe(0);
      expect(countColour(img, bar.row, CHART_COLORS.conversion)).toBe(0);
    }
    const leads = layout.bars.find((b) => b.label === "Leads")!;
    expect(countColour(img, leads.row, CHART_COLORS.funnel)).toBe(leads.rect!.w * leads.rect!.h);
    const texts = layout.texts.map((t) => t.text);
    expect(texts.filter((t) => t === "—")).toHaveLength(2);
    expect(texts).toContain("0");
  });

  it("says when there are no sources or more than it shows", () => {
    expect(chartModel({ ...report, sources: [] }).conversionNote).toBe("No leads in this period");
    const many = Array.from({ length: 11 }, (_, i) => source(`s${i}`, 10 - (i % 10), 1));
    const model = chartModel({ ...report, sources: many });
    expect(model.conversion).toHaveLength(8);
    expect(model.conversionNote).toBe("+3 more sources in the text report");
    expect(decodePng(drawChart(model)).height).toBe(layoutChart(model).height);
  });

  it("scales conversion to a round figure and draws unknown characters as ?", () => {
    expect([0, 0.4, 1, 3.3, 7.5, 12, 100, 140].map(niceCeiling)).toEqual([1, 1, 1, 5, 10, 20, 100, 200]);
    expect(glyph("é")).toEqual(glyph("E"));
    expect(glyph("g")).toEqual(glyph("G"));
    expect(glyph("漢")).toEqual(glyph("?"));
    expect(glyph("—")).not.toEqual(glyph("0"));
  });
});

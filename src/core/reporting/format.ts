// Formatting shared by the text and CSV renderers. A missing figure is "—", never a made-up 0.
export const MISSING = "—";

export function fmtNumber(n: number | null, digits = 2): string {
  if (n === null || !Number.isFinite(n)) return MISSING;
  return n.toLocaleString("en-US", { maximumFractionDigits: digits });
}

export function fmtMoney(n: number | null, currency?: string | null): string {
  if (n === null || !Number.isFinite(n)) return MISSING;
  const amount = n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return currency && currency !== "mixed" ? `${amount} ${currency}` : amount;
}

export function fmtPct(n: number | null): string {
  return n === null || !Number.isFinite(n) ? MISSING : `${fmtNumber(n, 1)}%`;
}

/** 95 → "1m 35s", 7260 → "2h 1m", 200000 → "2d 7h". */
export function fmtDuration(seconds: number | null): string {
  // A negative duration is a bad figure, not "0s": shown as missing (the report never makes one).
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return MISSING;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

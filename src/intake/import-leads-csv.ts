// Leads from a CSV file, for `leadops import` and POST /api/import (one code path for both):
// streams the file (any size: rows are read as they are stored, never all at once), maps headers
// to lead fields, validates each row with the same schema as POST /webhooks/leads and captures
// valid rows in batches, one transaction each. Re-importing a file changes nothing: merging the
// same values is a no-op ("unchanged").
import { createReadStream } from "node:fs";
import { CsvError, parse } from "csv-parse";
import type { AppContext } from "../context.ts";
import { emptyTally } from "../core/alerts/alert-crossings.ts";
import { ValidationError } from "../core/errors.ts";
import { type BatchOutcome, captureLeads, type LeadInput } from "../flows/capture-leads.ts";
import { queueCrossingSummary } from "../flows/queue-crossing-summary.ts";
import { leadBodySchema, parseLeadBody } from "./schemas.ts";

/** A `--map` that cannot be used, or a file with no email column: nothing can be imported. */
export class CsvMappingError extends ValidationError {}

const LEAD_FIELDS = new Set(Object.keys(leadBodySchema.shape).filter((f) => f !== "attributes"));

// Common spreadsheet headers, compared lower-case with everything but letters and digits removed.
const HEADER_ALIASES: Record<string, string> = {
  email: "email",
  emailaddress: "email",
  mail: "email",
  workemail: "email",
  businessemail: "email",
  firstname: "firstName",
  first: "firstName",
  givenname: "firstName",
  forename: "firstName",
  lastname: "lastName",
  last: "lastName",
  surname: "lastName",
  familyname: "lastName",
  name: "name",
  fullname: "name",
  contactname: "name",
  phone: "phone",
  phonenumber: "phone",
  mobile: "phone",
  mobilephone: "phone",
  telephone: "phone",
  tel: "phone",
  company: "company",
  companyname: "company",
  organization: "company",
  organisation: "company",
  account: "company",
  accountname: "company",
  website: "website",
  companywebsite: "website",
  url: "website",
  web: "website",
  title: "title",
  jobtitle: "title",
  position: "title",
  role: "title",
  seniority: "seniority",
  industry: "industry",
  sector: "industry",
  companysize: "companySize",
  employees: "companySize",
  numberofemployees: "companySize",
  noofemployees: "companySize",
  headcount: "companySize",
  annualrevenue: "annualRevenue",
  revenue: "annualRevenue",
  country: "country",
  region: "region",
  state: "region",
  province: "region",
  city: "city",
  town: "city",
  timezone: "timezone",
  tz: "timezone",
  source: "source",
  leadsource: "source",
  campaign: "campaign",
  utmcampaign: "campaign",
  leadmagnet: "leadMagnet",
  funnelstage: "funnelStage",
  interests: "interests",
  interest: "interests",
  tags: "interests",
  consent: "consent",
  optin: "consent",
  marketingconsent: "consent",
  gdprconsent: "consent",
  occurredat: "occurredAt",
  createdat: "occurredAt",
  signupdate: "occurredAt",
  date: "occurredAt",
  externalid: "externalId",
  id: "externalId",
  crmid: "externalId",
};

/** `ignore` drops a column; anything not a lead field is kept in attributes under its header. */
export type ColumnTarget = { field: string } | { attribute: string } | { ignore: true };

export function autoTarget(header: string): ColumnTarget {
  const key = header.toLowerCase().replace(/[^a-z0-9]/g, "");
  const field = HEADER_ALIASES[key];
  return field ? { field } : { attribute: header.trim() };
}

/** Parses `--map "Column=field,Other=attributes.key,Skip="` (an empty target ignores the column). */
export function parseMap(spec: string): Map<string, ColumnTarget> {
  const out = new Map<string, ColumnTarget>();
  for (const pair of spec.split(",")) {
    if (pair.trim() === "") continue;
    const eq = pair.lastIndexOf("=");
    if (eq <= 0) throw new CsvMappingError(`--map entry "${pair}" must be Column=field`);
    const column = pair.slice(0, eq).trim();
    const target = pair.slice(eq + 1).trim();
    if (target === "" || target === "-") out.set(column, { ignore: true });
    else if (target.startsWith("attributes.") && target.length > 11)
      out.set(column, { attribute: target.slice(11) });
    else if (LEAD_FIELDS.has(target)) out.set(column, { field: target });
    else {
      throw new CsvMappingError(
        `--map target "${target}" for "${column}" is not a lead field; one of ${[...LEAD_FIELDS].join(", ")}, or attributes.<key>`,
      );
    }
  }
  return out;
}

export interface RowError {
  row: number;
  field: string;
  column?: string;
  problem: string;
}

export interface ImportSummary {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  invalid: number;
  /** Problems found (each given to onError as found, not kept: a bad file of any size fits). */
  errors: number;
}

export interface ImportOptions {
  ctx: Pick<AppContext, "db" | "rules" | "rulesHash" | "now">;
  file: string;
  map?: Map<string, ColumnTarget>;
  dryRun?: boolean;
  batchSize?: number;
  /** The lead source for rows without one (first touch: it never replaces a known source). */
  source?: string;
  /** Called with each row's problems as they are found. */
  onError?: (error: RowError) => void;
  /** Called after each batch with the rows read so far. */
  onBatch?: (rows: number) => void;
  /** Who the audit log names (default `cli`). */
  actor?: string;
}

const TRUE = new Set(["true", "yes", "y", "1", "on", "x"]);
const FALSE = new Set(["false", "no", "n", "0", "off"]);

/** A CSV cell as the lead schema expects it (CSV only has text). */
function cellValue(field: string, raw: string): unknown {
  if (field === "interests") {
    return raw
      .split(/[;,|]/)
      .map((s) => s.trim())
      .filter(Boolean);
  }
  if (field === "consent") {
    const v = raw.toLowerCase();
    return TRUE.has(v) ? true : FALSE.has(v) ? false : raw;
  }
  if (field === "occurredAt" && /^\d{4}-\d{2}-\d{2}$/.test(raw)) return `${raw}T00:00:00Z`;
  if (field === "occurredAt" && /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/.test(raw)) {
    return `${raw.replace(" ", "T")}${raw.length === 16 ? ":00" : ""}Z`;
  }
  return raw;
}

/** One CSV record as a lead body, and which column each field came from (for error messages). */
function rowBody(
  record: Record<string, string>,
  targets: ColumnTarget[],
  headers: string[],
  source: string | undefined,
): { body: Record<string, unknown>; columnOf: Record<string, string> } {
  const body: Record<string, unknown> = {};
  const attributes: Record<string, string> = {};
  const columnOf: Record<string, string> = {};
  targets.forEach((target, i) => {
    const raw = record[String(i)] ?? "";
    if (raw === "" || "ignore" in target) return;
    if ("attribute" in target) attributes[target.attribute] = raw;
    else if (body[target.field] === undefined) {
      body[target.field] = cellValue(target.field, raw);
      columnOf[target.field] = headers[i] ?? "";
    }
  });
  if (Object.keys(attributes).length > 0) body.attributes = attributes;
  if (source && body.source === undefined) body.source = source;
  return { body, columnOf };
}

export async function importLeads(options: ImportOptions): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 500;
  const summary: ImportSummary = { rows: 0, created: 0, updated: 0, unchanged: 0, invalid: 0, errors: 0 };
  const report = (e: RowError) => {
    summary.errors++;
    options.onError?.(e);
  };
  let targets: ColumnTarget[] = [];
  let headers: string[] = [];
  const parser = createReadStream(options.file).pipe(
    parse({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      columns: (header: string[]) => {
        headers = header;
        targets = header.map((h) => options.map?.get(h) ?? options.map?.get(h.trim()) ?? autoTarget(h));
        return header.map((_, i) => String(i));
      },
    }),
  );

  let batch: LeadInput[] = [];
  // Marketing hears of the import's threshold crossings once, at the end, not per lead.
  const tally = emptyTally();
  const flush = async () => {
    if (batch.length === 0) return;
    const outcomes: BatchOutcome[] = await captureLeads({
      ctx: options.ctx,
      inputs: batch,
      actor: options.actor ?? "cli",
      dryRun: options.dryRun ?? false,
      tally,
    });
    for (const o of outcomes) summary[o]++;
    batch = [];
    options.onBatch?.(summary.rows);
  };

  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { records: number };
    }>) {
      summary.rows++;
      // Spreadsheet numbering: the header is row 1.
      const row = info.records + 1;
      if (!targets.some((t) => "field" in t && t.field === "email")) {
        throw new CsvMappingError(
          `No column maps to email (headers: ${headers.join(", ")}); use --map "Your Column=email"`,
        );
      }
      const { body, columnOf } = rowBody(record, targets, headers, options.source);
      try {
        batch.push(parseLeadBody(body));
      } catch (err) {
        const issues = (err as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
        if (!issues) throw err;
        summary.invalid++;
        for (const issue of issues) {
          const field = String(issue.path[0] ?? "row");
          report({ row, field, column: columnOf[field], problem: issue.message });
        }
        continue;
      }
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = (err as CsvError & { lines?: number }).lines;
    report({ row: line ?? summary.rows + 1, field: "file", problem: `CSV error: ${err.message}` });
    await flush();
  }
  await queueCrossingSummary({ db: options.ctx.db, tally, source: "import" });
  return summary;
}

// The environment, parsed once. Nothing else in the app reads process.env.
import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/** A whole number from `min` up, with a default when unset; the message names the unit. */
function count(name: string, fallback: number, min = 0) {
  return optionalString
    .pipe(
      z
        .string()
        .refine(
          (v) => /^\d{1,9}$/.test(v) && Number(v) >= min,
          `must be a whole number of ${name} (${min} or more)`,
        )
        .optional(),
    )
    .transform((v) => (v === undefined ? fallback : Number(v)));
}

// A hop count ("1") or proxy addresses/CIDRs ("10.0.0.1, 10.1.0.0/16"); unset → no proxy
// trusted, so a client cannot choose its own address with X-Forwarded-For.
const trustProxy = optionalString.transform((v, ctx): false | number | string[] => {
  if (v === undefined || v === "false" || v === "0") return false;
  if (/^\d{1,3}$/.test(v)) return Number(v);
  const parts = v
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  const bad = parts.filter(
    (p) => !/^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(p) && !/^(loopback|linklocal|uniquelocal)$/.test(p),
  );
  if (bad.length > 0 || parts.length === 0) {
    ctx.addIssue({
      code: "custom",
      message: `must be a hop count or comma-separated IP addresses/CIDRs; not understood: ${bad.join(", ") || v}`,
    });
    return z.NEVER;
  }
  return parts;
});

const envSchema = z.object({
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
  ),
  LEADOPS_DATA_DIR: optionalString.transform((v) => v ?? "./data"),
  PORT: optionalString
    .pipe(
      z
        .string()
        .refine((v) => /^\d{1,5}$/.test(v) && Number(v) <= 65535, "must be a port number from 0 to 65535")
        .optional(),
    )
    .transform((v) => (v === undefined ? 3000 : Number(v))),
  LEADOPS_CONFIG: optionalString.transform((v) => v ?? "./leadops.yml"),
  SLACK_BOT_TOKEN: optionalString.pipe(z.string().startsWith("xoxb-", "must start with xoxb-").optional()),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.pipe(z.string().startsWith("xapp-", "must start with xapp-").optional()),
  SLACK_API_URL: optionalString
    .pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional())
    .transform((v) => {
      const url = v ?? "https://slack.com/api/";
      return url.endsWith("/") ? url : `${url}/`;
    }),
  LEADOPS_WEBHOOK_SECRET: optionalString,
  LEADOPS_API_TOKEN: optionalString,
  LEADOPS_PUBLIC_URL: optionalString.pipe(
    z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  ),
  LEADOPS_TRUST_PROXY: trustProxy,
  // Per client address, before any body is read; generous by default because Slack's own
  // requests, and everything behind an untrusted proxy, share a few addresses. 0 turns it off.
  LEADOPS_IP_RATE_LIMIT_PER_MINUTE: count("requests per minute", 12_000),
  // A whole request (headers and body) must arrive within this; a trickled body is cut off.
  LEADOPS_REQUEST_TIMEOUT_MS: count("milliseconds", 30_000, 1),
  LEADOPS_HEADERS_TIMEOUT_MS: count("milliseconds", 10_000, 1),
  // A connection with no bytes in either direction for this long is closed.
  LEADOPS_IDLE_TIMEOUT_MS: count("milliseconds", 60_000, 1),
  LEADOPS_METRICS_TOKEN: optionalString,
  LEADOPS_METRICS_PORT: optionalString
    .pipe(
      z
        .string()
        .refine((v) => /^\d{1,5}$/.test(v) && Number(v) <= 65535, "must be a port number from 0 to 65535")
        .optional(),
    )
    .transform((v) => (v === undefined ? undefined : Number(v))),
  LOG_LEVEL: optionalString
    .pipe(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional())
    .transform((v) => v ?? "info"),
  // Not in the contract's table, but needed to point Facebook Lead Ads at a test server.
  FACEBOOK_GRAPH_URL: optionalString.transform((v) => v ?? "https://graph.facebook.com/v19.0/"),
  FACEBOOK_APP_SECRET: optionalString,
  FACEBOOK_VERIFY_TOKEN: optionalString,
  FACEBOOK_PAGE_TOKEN: optionalString,
  TYPEFORM_SECRET: optionalString,
  CALENDLY_SIGNING_KEY: optionalString,
  HUBSPOT_CLIENT_SECRET: optionalString,
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment: ${problems.join("; ")}`);
    this.name = "EnvError";
  }
}

/** Parses an environment object; throws EnvError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  return result.data;
}

/** Which Slack credentials are missing; empty means Slack is fully configured. */
export function missingSlackCredentials(env: Env): string[] {
  const missing: string[] = [];
  if (!env.SLACK_BOT_TOKEN) missing.push("SLACK_BOT_TOKEN");
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET)
    missing.push("SLACK_SIGNING_SECRET or SLACK_APP_TOKEN");
  return missing;
}

let cached: Env | undefined;
/** The process environment, parsed on first use. */
export function loadEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

// Outbound webhook secrets written as `${NAME}` in leadops.yml (docs/decisions/0012): their names
// are chosen by the user, so they cannot be fields of the schema above; they are read here all the
// same, keeping this the one file that reads process.env.
export function envValue(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}

// Personal data and secrets never reach the logs: keys that hold them are censored, and
// free text is scrubbed of anything shaped like an email, a phone number or a token.
// Every pattern runs in time linear in the text (a log line may carry a 1 MiB body).

// The look-behind makes the email pattern start only where a run of local-part characters
// starts: without it each position inside a long run was tried again, and 100 kB took seconds.
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// Slack tokens, bearer tokens and long hex/base64 secrets.
const TOKEN = /\b(xox[abpre]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|Bearer\s+[A-Za-z0-9._~+/-]+=*)/g;
// International numbers (+ then 8–15 digits, separators allowed) and grouped national ones
// (555-123-4567, (030) 1234 5678). Bare digit runs are left alone: they are ids and timestamps.
const PHONE = /\+\d(?:[\s.()-]?\d){7,14}|\(?\b\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,5}\b/g;

const SENSITIVE_KEYS = new Set([
  "email",
  "phone",
  "firstname",
  "lastname",
  "name",
  "token",
  "authorization",
  "secret",
  "password",
  "signature",
  "x-leadops-signature",
  "x-slack-signature",
  "cookie",
]);

// Deeper than this a value is censored whole rather than walked: nothing passes unscrubbed,
// and a hostile body nested thousands deep cannot overflow the stack.
export const MAX_DEPTH = 64;

/** pino's own redaction, applied to these paths before the scrubbing below (cheap, exact). */
export const REDACT_PATHS = [
  "headers.authorization",
  "headers.cookie",
  "req.headers.authorization",
  "req.headers.cookie",
  "*.headers.authorization",
  "*.headers.cookie",
  "*.email",
  "*.phone",
  "*.token",
];

export function redactText(text: string): string {
  return text.replace(EMAIL, "[email]").replace(TOKEN, "[token]").replace(PHONE, "[phone]");
}

function isSensitiveKey(key: string): boolean {
  const lower = key.toLowerCase();
  return SENSITIVE_KEYS.has(lower) || lower.endsWith("token") || lower.endsWith("secret");
}

// An error's `name` is its type (`WebAPIPlatformError`), not a person's: keep it.
function isErrorLike(value: object): boolean {
  const v = value as Record<string, unknown>;
  return typeof v.message === "string" && (typeof v.stack === "string" || typeof v.type === "string");
}

/** Returns a copy with sensitive keys censored and every string scrubbed, at every depth. */
export function redactValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > MAX_DEPTH) return "[redacted: nested too deep]";
  // Each object is written once: a cycle, or a shared one reached twice, is named instead.
  if (seen.has(value)) return "[repeated]";
  seen.add(value);
  if (value instanceof Error) return redactError(value, depth, seen);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1, seen));
  const errorLike = isErrorLike(value);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const keep = errorLike && key === "name";
    out[key] = isSensitiveKey(key) && !keep ? "[redacted]" : redactValue(v, depth + 1, seen);
  }
  return out;
}

function redactError(err: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: err.name,
    message: redactText(err.message),
    stack: err.stack && redactText(err.stack),
  };
  // Own fields (`code`, `data`, `statusCode`) help diagnose; they are scrubbed like any value.
  for (const [key, v] of Object.entries(err)) {
    if (key in out || key === "name") continue;
    out[key] = isSensitiveKey(key) ? "[redacted]" : redactValue(v, depth + 1, seen);
  }
  if (err.cause !== undefined) out.cause = redactValue(err.cause, depth + 1, seen);
  return out;
}

// Personal data and secrets never reach the logs: keys that hold them are censored, and
// free text is scrubbed of anything shaped like an email, a phone number or a token.

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
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

export function redactText(text: string): string {
  return text.replace(EMAIL, "[email]").replace(TOKEN, "[token]").replace(PHONE, "[phone]");
}

/** Returns a copy with sensitive keys censored and every string scrubbed. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object" || depth > 6) return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: redactText(value.message),
      stack: value.stack && redactText(value.stack),
    };
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const lower = key.toLowerCase();
    out[key] =
      SENSITIVE_KEYS.has(lower) || lower.endsWith("token") || lower.endsWith("secret")
        ? "[redacted]"
        : redactValue(v, depth + 1);
  }
  return out;
}

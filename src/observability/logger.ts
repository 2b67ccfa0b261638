// pino JSON logs; every object and message passes through redaction first.
import pino, { type DestinationStream, type Logger } from "pino";
import { REDACT_PATHS, redactText, redactValue } from "./redact.ts";

export type { Logger };

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "leadops" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      // redactValue has already turned errors into { type, message, stack, …own fields }; pino's
      // own err serializer would run on that plain object and call its type "Object".
      serializers: { err: (value: unknown) => value },
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => redactValue(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === "string" ? redactText(a) : a)) as typeof args;
          method.apply(this, scrubbed);
        },
      },
    },
    destination,
  );
}

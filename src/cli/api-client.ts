// The running server's HTTP API, for CLI commands run while a server holds the embedded database
// (docs/decisions/0016). Every way it can fail is one line that says what to do; an answer the
// server refused with the contract's error JSON is printed as the command itself would print it.
import { DomainError } from "../core/errors.ts";

/** Why the command goes to a server: the data folder and the process holding it (none with --url). */
export interface Holder {
  dir: string;
  pid: number;
}

/** A one-line failure printed as is (exit 1). */
export class ServerError extends DomainError {}

type Body = { json: unknown } | { csv: ReadableStream<Uint8Array> };

export class ApiClient {
  constructor(
    readonly base: string,
    private readonly token: string | undefined,
    private readonly holder: Holder | null,
  ) {}

  /** Sends one request; throws ServerError (or a 4xx's own message) unless the answer is 2xx. */
  async request(method: string, path: string, body?: Body): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let payload: string | ReadableStream<Uint8Array> | undefined;
    if (body && "json" in body) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body.json);
    } else if (body) {
      headers["content-type"] = "text/csv";
      payload = body.csv;
    }
    let res: Response;
    try {
      // `duplex` lets a stream be the body (an import is sent as it is read, never held whole).
      res = await fetch(`${this.base.replace(/\/+$/, "")}${path}`, {
        method,
        headers,
        body: payload,
        duplex: "half",
      } as RequestInit);
    } catch (err) {
      throw this.unreachable(err);
    }
    if (!res.ok) throw await this.refusal(res);
    return res;
  }

  async json<T>(method: string, path: string, json?: unknown): Promise<T> {
    const res = await this.request(method, path, json === undefined ? undefined : { json });
    return (await res.json()) as T;
  }

  /** Checks the server answers and takes the token, before a long upload starts. */
  async check(): Promise<void> {
    await (await this.request("GET", "/api/leads?limit=1")).arrayBuffer();
  }

  private where(): string {
    const held = this.holder ? ` (process ${this.holder.pid}, which holds ${this.holder.dir})` : "";
    return `the LeadOps server at ${this.base}${held}`;
  }

  private unreachable(err: unknown): ServerError {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err as Error).message;
    if (!this.holder)
      return new ServerError("server_unreachable", `No LeadOps server answers at ${this.base} (${why}).`);
    return new ServerError(
      "server_unreachable",
      `The embedded database in ${this.holder.dir} is in use by process ${this.holder.pid}, and no LeadOps server answers at ${this.base} (${why}): give the server's address with --url (or set PORT to its port), or stop that process.`,
    );
  }

  private async refusal(res: Response): Promise<Error> {
    const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    const code = body.error?.code ?? `http_${res.status}`;
    const message = body.error?.message ?? res.statusText;
    if (res.status === 401) {
      return new ServerError(
        "api_token",
        this.token
          ? `LEADOPS_API_TOKEN was refused by ${this.where()}: set LEADOPS_API_TOKEN to the token the server runs with.`
          : `LEADOPS_API_TOKEN is not set: this command runs through the API of ${this.where()}, which needs the server's API token in LEADOPS_API_TOKEN.`,
      );
    }
    if (code === "api_disabled") {
      return new ServerError(
        "api_token",
        `The API of ${this.where()} is off: start the server with LEADOPS_API_TOKEN set, and set the same LEADOPS_API_TOKEN here.`,
      );
    }
    if (res.status < 500) return new ServerError(code, message);
    return new Error(`${this.where()} answered ${res.status}: ${message}`);
  }
}

/** The text of a streamed answer, chunk by chunk. */
export async function* textOf(res: Response): AsyncGenerator<string> {
  if (!res.body) return;
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** Each JSON line of a streamed answer (api/ndjson.ts); blank keep-alive lines are skipped. */
export async function* linesOf<T>(res: Response): AsyncGenerator<T> {
  let buffer = "";
  for await (const text of textOf(res)) {
    buffer += text;
    let end = buffer.indexOf("\n");
    while (end >= 0) {
      const line = buffer.slice(0, end).trim();
      buffer = buffer.slice(end + 1);
      if (line) yield JSON.parse(line) as T;
      end = buffer.indexOf("\n");
    }
  }
  if (buffer.trim()) yield JSON.parse(buffer) as T;
}

/** A streamed command's lines: progress and problems to `onLine`, then its result or failure. */
export async function resultOf<T>(
  res: Response,
  onLine: (line: Record<string, unknown>) => void,
): Promise<T> {
  for await (const line of linesOf<Record<string, unknown>>(res)) {
    if ("result" in line) return line.result as T;
    if ("failure" in line) {
      const f = line.failure as { code: string; name: string; message: string };
      throw new StreamedFailure(f.code, f.message, f.name);
    }
    onLine(line);
  }
  throw new Error("the server's answer ended before the command finished (see the server's log)");
}

/** A failure the server reported after it had started answering; `kind` is its error's class name. */
export class StreamedFailure extends DomainError {
  constructor(
    code: string,
    message: string,
    readonly kind: string,
  ) {
    super(code, message);
  }
}

import { EXIT } from "../io.js";
import { type ServerTarget, TOKEN_HINT } from "./target.js";

const TIMEOUT_MS = 30_000;

/** What went wrong talking to a server, as a stable code. */
export type RemoteErrorCode =
  | "remote/unreachable"
  | "remote/not-switchyard"
  | "remote/unauthenticated"
  | "remote/forbidden"
  | "remote/refused";

/** What a server said when it refused a request: the HTTP status and its `error.code` and `error.message`. */
export interface ServerAnswer {
  readonly status: number;
  readonly code: string | undefined;
  readonly message: string;
  /**
   * The whole `error` object, for commands that show more of a refusal (a publish's located
   * problems, a promotion's gates). Its strings come from the network: `clean` them before printing.
   */
  readonly error?: Readonly<Record<string, unknown>>;
}

/**
 * A failure talking to a server: it could not be reached, did not speak the API, or refused the
 * request. Carries the exit code it means (2 when the connection or the credentials are wrong, 1
 * when the server refused what was asked) and, for a refusal, what the server answered.
 */
export class RemoteError extends Error {
  constructor(
    readonly code: RemoteErrorCode,
    message: string,
    readonly hint: string,
    readonly exitCode: (typeof EXIT)["invalid" | "usage"],
    readonly answer?: ServerAnswer,
  ) {
    super(message);
    this.name = "RemoteError";
  }

  /** The HTTP status of a refusal; undefined when no answer came. */
  get status(): number | undefined {
    return this.answer?.status;
  }
}

/** A request to the API: the path below the server's base URL, a query and a JSON body. */
export interface ApiRequest {
  readonly method: "GET" | "POST" | "DELETE";
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
  /** `text`: a 2xx text/plain answer is returned as a string body (errors are still JSON). */
  readonly accept?: "json" | "text";
}

/**
 * Talks to a Switchyard server's REST API with an API token, using the built-in fetch. Answers the
 * parsed JSON of a 2xx response; anything else becomes a RemoteError whose message and hint are the
 * server's own (control characters removed, since they come from the network).
 */
export class ServerClient {
  constructor(
    readonly target: ServerTarget,
    private readonly timeoutMs = TIMEOUT_MS,
  ) {}

  /** Sends the request; resolves to the response's status and JSON body. */
  async request(request: ApiRequest): Promise<{ status: number; body: unknown }> {
    const url = new URL(request.path.replace(/^\//, ""), this.target.url);
    for (const [key, value] of Object.entries(request.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.target.token}`,
      accept: request.accept === "text" ? "text/plain, application/json" : "application/json",
    };
    if (request.body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw this.unreachable(error);
    }
    const text = await response.text().catch(() => "");
    const body = parseJson(text);
    if (response.ok && (body !== undefined || (response.status === 204 && text === "")))
      return { status: response.status, body };
    if (response.ok && request.accept === "text" && !isJson(response))
      return { status: response.status, body: text };
    if (!response.ok && hasErrorBody(body)) throw refusal(response, body);
    // Switchyard answers JSON, errors included: anything else came from another server or a proxy.
    throw new RemoteError(
      "remote/not-switchyard",
      `${this.target.url.origin} answered ${request.method} ${url.pathname} with ${response.status} ${response.statusText} and no Switchyard JSON; it does not look like a Switchyard server.`,
      "Check --server (or SWITCHYARD_SERVER): it is the server's base URL, e.g. http://127.0.0.1:3000.",
      EXIT.usage,
    );
  }

  private unreachable(error: unknown): RemoteError {
    const where = this.target.url.origin;
    const hint = "Check --server (or SWITCHYARD_SERVER) and that the server is running.";
    if (error instanceof Error && error.name === "TimeoutError")
      return new RemoteError(
        "remote/unreachable",
        `The server at ${where} did not answer within ${Math.round(this.timeoutMs / 1000)} s.`,
        hint,
        EXIT.usage,
      );
    // fetch says only "fetch failed"; the reason is in its cause (an errno code, or undici's message).
    const cause = error instanceof Error ? error.cause : undefined;
    const code = (cause as { code?: unknown } | undefined)?.code;
    const why =
      code === "ECONNREFUSED"
        ? "nothing is listening there"
        : code === "ENOTFOUND" || code === "EAI_AGAIN"
          ? "the host name is unknown"
          : typeof code === "string"
            ? code
            : cause instanceof Error
              ? cause.message
              : error instanceof Error
                ? error.message
                : String(error);
    return new RemoteError(
      "remote/unreachable",
      `Cannot reach the server at ${where}: ${why}.`,
      hint,
      EXIT.usage,
    );
  }
}

/** The server's `{ error: { code, message, hint } }`, as a RemoteError with the matching exit code. */
function refusal(response: Response, body: { error: Record<string, unknown> }): RemoteError {
  const { error } = body;
  const answer: ServerAnswer = {
    status: response.status,
    error,
    code: typeof error.code === "string" ? clean(error.code) : undefined,
    message:
      typeof error.message === "string" ? clean(error.message) : `${response.status} ${response.statusText}`,
  };
  const hint = typeof error.hint === "string" && error.hint !== "" ? clean(error.hint) : undefined;
  const said = `(${describeAnswer(answer)}): ${answer.message}`;
  if (response.status === 401)
    return new RemoteError(
      "remote/unauthenticated",
      `The server did not accept the token ${said}`,
      `The token may be mistyped, revoked or from another server. ${TOKEN_HINT}`,
      EXIT.usage,
      answer,
    );
  if (response.status === 403)
    return new RemoteError(
      "remote/forbidden",
      `The server refused ${said}`,
      hint ?? "Ask an IT admin for the role this needs.",
      EXIT.invalid,
      answer,
    );
  return new RemoteError(
    "remote/refused",
    `The server refused the request ${said}`,
    hint ??
      (response.status >= 500
        ? "Try again; if it keeps failing, check the server's log."
        : "See the server's /api/docs for what this endpoint accepts."),
    EXIT.invalid,
    answer,
  );
}

/** `400 invalid-request`: the status and the server's code. */
export const describeAnswer = (answer: ServerAnswer): string =>
  `${answer.status}${answer.code ? ` ${answer.code}` : ""}`;

/** The server answered 2xx with a body this CLI does not understand: most likely another version. */
export function unexpectedAnswer(endpoint: string): RemoteError {
  return new RemoteError(
    "remote/not-switchyard",
    `The server's answer to ${endpoint} is not what this version of the CLI expects.`,
    "Check that --server is a Switchyard server, and that the CLI and the server are the same version.",
    EXIT.usage,
  );
}

function hasErrorBody(body: unknown): body is { error: Record<string, unknown> } {
  const error = (body as { error?: unknown } | undefined)?.error;
  return typeof error === "object" && error !== null;
}

function isJson(response: Response): boolean {
  return (response.headers.get("content-type") ?? "").includes("json");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Text from the network, made safe for a terminal: control characters become spaces. */
// eslint-disable-next-line no-control-regex
export const clean = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();

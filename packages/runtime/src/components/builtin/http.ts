import type { ComponentImplementation, ResumeSignal, StepContext, StepOutcome } from "../contract.js";
import { componentFailure } from "../errors.js";
import { durationAt, evaluateAt, renderAt } from "../evaluate.js";
import { expectResume } from "../resume.js";
import { readBuiltinConfig } from "../schemas.js";
import { isPlainObject } from "../values.js";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

interface HttpConfig {
  readonly method?: Method;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeout?: string;
}

/** How long a call may take when the step sets no `timeout`. */
export const DEFAULT_HTTP_TIMEOUT = "10s";

// RFC 9110 token characters.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The rendered URL, as written, when it is an absolute http(s) address. */
function checkedUrl(ctx: StepContext, template: string): string {
  const text = renderAt(ctx, "url", template).trim();
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "https:" && url.protocol !== "http:") || url.hostname === "") {
    const shown = text.length > 80 ? `${text.slice(0, 77)}…` : text;
    throw componentFailure(
      "http/invalid-url",
      `'url' gave '${shown}', which is not an http or https address.`,
      "Write the full address starting with https://, e.g. https://erp.example.com/orders/{{ record.id }}.",
    );
  }
  return text;
}

function renderedHeaders(
  ctx: StepContext,
  headers: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, template] of Object.entries(headers)) {
    const value = renderAt(ctx, `headers.${name}`, template);
    if (!HEADER_NAME.test(name) || /[\r\n\0]/.test(value)) {
      throw componentFailure(
        "http/invalid-header",
        HEADER_NAME.test(name)
          ? `The header '${name}' gave a value with a line break, which cannot be sent.`
          : `'${name}' is not a valid header name.`,
        "Header names are letters, digits and - ; values are one line: strip line breaks from the data they use.",
      );
    }
    out[name] = value;
  }
  return out;
}

/** The response the outbox recorded: `{ status, body }`, tolerating a missing body. */
function responseOf(result: unknown): { status?: number; body: unknown } {
  if (!isPlainObject(result)) return { body: null };
  const status =
    typeof result.status === "number" && Number.isInteger(result.status) ? result.status : undefined;
  return status === undefined ? { body: result.body ?? null } : { status, body: result.body ?? null };
}

function snippet(body: unknown): string {
  if (body === null || body === undefined || body === "") return "";
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return `: ${text.length > 200 ? `${text.slice(0, 199)}…` : text}`;
}

/** Turns the outbox's report of the call into the step's result. */
function finished(ctx: StepContext, signal: ResumeSignal): StepOutcome {
  const done = expectResume(ctx, signal, ["outbox"]);
  const { status, body } = responseOf(done.result);
  // The configured URL, not the rendered one: a rendered query string may carry a token.
  const config = readBuiltinConfig<HttpConfig>(ctx, "core.http");
  const call = `${config.method ?? "POST"} ${config.url}`;
  if (status !== undefined && status < 400 && done.ok) return { kind: "completed", output: { status, body } };
  if (status !== undefined && status >= 400) {
    const retryable = status >= 500 || status === 429;
    return {
      kind: "failed",
      error: {
        code: "http/status",
        message: `${call} answered ${status}${snippet(body)}`,
        hint: retryable
          ? "The server is busy or failing; the step is retried if it has onError.retry."
          : "The server refused the request: check the URL, headers and body the step sends.",
      },
      retryable,
    };
  }
  return {
    kind: "failed",
    error: {
      code: "http/failed",
      message: `${call} got no answer${done.error ? `: ${done.error}` : ""}.`,
      hint: "Check that the address is reachable from Switchyard; the step is retried if it has onError.retry.",
    },
    retryable: true,
  };
}

/**
 * `core.http`: renders the request, hands it to the durable outbox and waits for the outbox to
 * report the response. A status below 400 completes the step with `{ status, body }`; 5xx and 429
 * fail it retryably, other 4xx for good; no answer at all is a retryable `http/failed`.
 */
export const httpComponent: ComponentImplementation = {
  id: "core.http",
  execute(ctx) {
    if (ctx.resume !== undefined) return finished(ctx, ctx.resume);
    const config = readBuiltinConfig<HttpConfig>(ctx, "core.http");
    const url = checkedUrl(ctx, config.url);
    const headers = renderedHeaders(ctx, config.headers ?? {});
    const timeoutMs = durationAt("timeout", config.timeout ?? DEFAULT_HTTP_TIMEOUT);
    const method = config.method ?? "POST";
    const request =
      config.body === undefined
        ? { method, url, headers, timeoutMs }
        : { method, url, headers, body: evaluateAt(ctx, "body", config.body), timeoutMs };
    const { outboxId } = ctx.effects.httpRequest(request);
    return { kind: "waiting", waitFor: { kind: "outbox", outboxId } };
  },
};

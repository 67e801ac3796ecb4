import type { OutboxItem } from "@switchyard/store";
import nodemailer from "nodemailer";

/** The outcome of one delivery attempt. `retryable` failures are tried again with back-off. */
export type Delivery =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: string; readonly retryable: boolean; readonly result?: unknown };

/** Delivers outbox items to the outside world. Each call carries the item's idempotency key. */
export interface Transport {
  deliver(item: OutboxItem): Promise<Delivery>;
}

interface EmailPayload {
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  readonly subject: string;
  readonly body: string;
}

interface HttpPayload {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly timeoutMs: number;
}

/**
 * E-mail over SMTP (nodemailer). The Message-ID is derived from the idempotency key, so a
 * re-delivered message can be recognised as the same one by the receiving side.
 */
export function smtpTransport(url: string, from: string): Transport {
  const mailer = nodemailer.createTransport(url);
  return {
    async deliver(item) {
      const mail = item.payload as EmailPayload;
      try {
        const info = await mailer.sendMail({
          from,
          to: [...mail.to],
          cc: mail.cc ? [...mail.cc] : undefined,
          subject: mail.subject,
          text: mail.body,
          messageId: `<${item.idempotencyKey.replace(/[^\w.-]/g, ".")}@switchyard>`,
        });
        return { ok: true, result: { messageId: info.messageId } };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error), retryable: true };
      }
    },
  };
}

/** HTTP with a timeout and the `Idempotency-Key` header; 5xx, 429 and network errors are retryable. */
export function httpTransport(): Transport {
  return {
    async deliver(item) {
      const req = item.payload as HttpPayload;
      try {
        const response = await fetch(req.url, {
          method: req.method,
          headers: {
            "content-type": "application/json",
            ...req.headers,
            "idempotency-key": item.idempotencyKey,
          },
          body: req.body === undefined || req.method === "GET" ? undefined : JSON.stringify(req.body),
          signal: AbortSignal.timeout(req.timeoutMs),
        });
        const text = await response.text();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        const result = { status: response.status, body };
        if (response.status >= 500 || response.status === 429)
          return { ok: false, error: `HTTP ${response.status}`, retryable: true, result };
        return { ok: true, result };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error), retryable: true };
      }
    },
  };
}

/** The step's own Idempotency-Key header wins (any case); otherwise the outbox item's key is sent. */
export function withIdempotencyKey(
  headers: Readonly<Record<string, string>>,
  key: string,
): Record<string, string> {
  const own = Object.keys(headers).some((h) => h.toLowerCase() === "idempotency-key");
  return { "content-type": "application/json", ...headers, ...(own ? {} : { "idempotency-key": key }) };
}

/** Keeps deliveries in memory instead of sending them: for tests, the CLI and demos. */
export class RecordingTransport implements Transport {
  readonly delivered: OutboxItem[] = [];
  constructor(
    private readonly reply: (item: OutboxItem) => Delivery = (item) => ({
      ok: true,
      result: item.kind === "http" ? { status: 200, body: {} } : { messageId: item.idempotencyKey },
    }),
  ) {}

  async deliver(item: OutboxItem): Promise<Delivery> {
    this.delivered.push(item);
    return this.reply(item);
  }
}

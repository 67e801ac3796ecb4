/** An error the server answered with: its code, message and hint (see docs/api.md). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint: string | undefined,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

let csrfToken: string | undefined;

/** Remembers the session's CSRF token (from login or /api/auth/me) for unsafe requests. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/**
 * Calls the Switchyard API on the same origin with the session cookie. Unsafe methods carry the
 * CSRF token. A non-2xx answer becomes an ApiError with the server's code, message and hint.
 */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("Content-Type") ?? "";
  const payload: unknown = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    const error = (payload as { error?: { code?: string; message?: string; hint?: string } })?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `http-${response.status}`,
      error?.message ?? (typeof payload === "string" ? payload : `The server answered ${response.status}.`),
      error?.hint,
      (payload ?? {}) as Record<string, unknown>,
    );
  }
  return payload as T;
}

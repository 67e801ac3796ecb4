const DURATION = /^(\d+(ms|s|m|h|d|w))+$/;
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Milliseconds in a duration such as `1h30m`, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(/(\d+)(ms|s|m|h|d|w)/g)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? "ms"] ?? 1);
  }
  return total;
}

/** True for an IANA time zone name the runtime can use, such as `Asia/Shanghai`. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** What each custom string format means, for error messages. */
export const FORMAT_HINTS: Record<string, string> = {
  duration: "Write a number and a unit (ms, s, m, h, d, w), e.g. 30s, 15m, 2h, 3d or 1h30m.",
  "date-time": "Write a date and time such as 2026-11-23T09:00:00Z.",
  date: "Write a date such as 2026-11-23.",
  email: "Write an e-mail address such as name@example.com.",
  uri: "Write a full address such as https://example.com/path.",
};

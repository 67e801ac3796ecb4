import { type CelInput, type CelValue, celMap, isCelList, isCelMap, isCelUint } from "@bufbuild/cel";
import { timestampFromMs, timestampMs } from "@bufbuild/protobuf/wkt";
import type { CelType } from "@switchyard/definitions";

/** A JSON value as Switchyard stores it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Converts stored JSON into CEL input following the static type the checker used, so both agree:
 * integer fields become CEL ints (bigint), date-time strings timestamps, and fields an entity
 * declares but a record lacks read as their type's empty value — '', 0, 0.0, false, [] — as unset
 * fields of a protobuf message do in CEL (so `record.budget > 100.0` is false, not an error).
 * Untyped (dyn) data follows JSON: every number is a double. Objects become CEL maps here, once:
 * left plain, CEL would copy them into a map again on every read of the variable.
 */
export function toCel(value: unknown, type: CelType | undefined): unknown {
  if (value === null || value === undefined) return null;
  switch (type?.kind) {
    case "int":
      return typeof value === "number" && Number.isInteger(value) ? BigInt(value) : value;
    case "timestamp": {
      const ms =
        typeof value === "string" ? Date.parse(value) : typeof value === "number" ? value : Number.NaN;
      return Number.isNaN(ms) ? value : timestampFromMs(ms);
    }
    case "list":
      return Array.isArray(value) ? value.map((item) => toCel(item, type.element)) : value;
    case "map": {
      if (!isPlainObject(value)) return value;
      const out = new Map<string, CelInput>();
      for (const [k, v] of Object.entries(value)) out.set(k, toCel(v, type.value) as CelInput);
      return celMap(out);
    }
    case "object": {
      if (!isPlainObject(value)) return value;
      const out = new Map<string, CelInput>();
      for (const [k, fieldType] of Object.entries(type.fields)) {
        const v = value[k];
        out.set(k, (v === undefined || v === null ? zeroValue(fieldType) : toCel(v, fieldType)) as CelInput);
      }
      if (type.open)
        for (const [k, v] of Object.entries(value))
          if (!out.has(k)) out.set(k, toCel(v, undefined) as CelInput);
      return celMap(out);
    }
    default: {
      if (Array.isArray(value)) return value.map((item) => toCel(item, undefined));
      if (!isPlainObject(value)) return value;
      const out = new Map<string, CelInput>();
      for (const [k, v] of Object.entries(value)) out.set(k, toCel(v, undefined) as CelInput);
      return celMap(out);
    }
  }
}

/**
 * A CEL map over a plain object whose values are converted when first read. For bindings such as
 * `steps`, where an expression reads one or two entries of many: converting them all for every
 * step made a run's cost grow with the square of its length.
 */
export function lazyCelMap<V>(
  raw: Readonly<Record<string, V>>,
  convert: (key: string, value: V) => unknown,
): unknown {
  return celMap(new LazyValues(raw, convert) as unknown as ReadonlyMap<string, CelInput>);
}

class LazyValues<V> {
  private readonly converted = new Map<string, unknown>();

  constructor(
    private readonly raw: Readonly<Record<string, V>>,
    private readonly convert: (key: string, value: V) => unknown,
  ) {}

  get size(): number {
    return Object.keys(this.raw).length;
  }

  get(key: unknown): unknown {
    if (typeof key !== "string" || !Object.hasOwn(this.raw, key)) return undefined;
    if (!this.converted.has(key)) this.converted.set(key, this.convert(key, this.raw[key] as V));
    return this.converted.get(key);
  }

  has(key: unknown): boolean {
    return typeof key === "string" && Object.hasOwn(this.raw, key);
  }

  keys(): IterableIterator<string> {
    return Object.keys(this.raw)[Symbol.iterator]();
  }

  *entries(): IterableIterator<[string, unknown]> {
    for (const key of Object.keys(this.raw)) yield [key, this.get(key)];
  }

  *values(): IterableIterator<unknown> {
    for (const key of Object.keys(this.raw)) yield this.get(key);
  }

  forEach(callback: (value: unknown, key: string, map: this) => void, thisArg?: unknown): void {
    for (const key of Object.keys(this.raw)) callback.call(thisArg, this.get(key), key, this);
  }

  [Symbol.iterator](): IterableIterator<[string, unknown]> {
    return this.entries();
  }
}

/** Values already converted, gathered into one CEL map (not converted again). */
export function celMapOf(values: Readonly<Record<string, unknown>>): unknown {
  return celMap(new Map(Object.entries(values) as [string, CelInput][]));
}

/** The value an unset field of this type reads as. */
function zeroValue(type: CelType): unknown {
  switch (type.kind) {
    case "string":
      return "";
    case "int":
      return 0n;
    case "double":
      return 0;
    case "bool":
      return false;
    case "list":
      return [];
    case "map":
      return {};
    default:
      return null;
  }
}

/** Converts a CEL result back to JSON: ints to numbers, timestamps to ISO text, maps to objects. */
export function fromCel(value: CelValue | unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if (isCelUint(value)) return Number(value.value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (isCelList(value)) return [...value].map(fromCel);
  if (isCelMap(value))
    return Object.fromEntries(
      [...value.entries()].map(([k, v]) => [String(isCelUint(k) ? k.value : k), fromCel(v)]),
    );
  const message = (value as { message?: { $typeName?: string; seconds?: bigint; nanos?: number } }).message;
  if (message?.$typeName === "google.protobuf.Timestamp")
    return new Date(timestampMs(message as Parameters<typeof timestampMs>[0])).toISOString();
  if (message?.$typeName === "google.protobuf.Duration")
    return `${Number(message.seconds ?? 0n) + (message.nanos ?? 0) / 1e9}s`;
  if (Array.isArray(value)) return value.map(fromCel);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromCel(v)]));
  return String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}

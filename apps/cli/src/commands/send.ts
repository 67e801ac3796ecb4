import { type CliIO, EXIT, UsageError } from "../io.js";
import { clean, describeAnswer, RemoteError, ServerClient, unexpectedAnswer } from "../remote/client.js";
import type { ServerTarget } from "../remote/target.js";
import { readEvents } from "./run.js";

/**
 * Statuses that refuse one event (its type, payload or id) but say nothing about the next one:
 * sending goes on. Any other failure (the token, the permission, the server) stops it.
 */
const EVENT_REFUSALS = new Set([400, 409, 413, 415, 422]);

/**
 * `switchyard send --events FILE.jsonl [--type T] --server URL --token T`: posts each line to the
 * server's `POST /api/events`, in order, printing `ID accepted` or `ID duplicate` (an id the server
 * has seen) per event and a summary. Exit 1 when the server refused any event.
 */
export async function sendCommand(
  options: { events?: string | undefined; type?: string | undefined; server: ServerTarget | undefined },
  io: CliIO,
): Promise<number> {
  if (!options.server)
    throw new UsageError(
      "'switchyard send' sends events to a server: give --server URL and --token T (or SWITCHYARD_SERVER and SWITCHYARD_TOKEN).",
      "To run events through a workflow on this machine instead, use 'switchyard run WORKFLOW --events FILE.jsonl'.",
    );
  if (!options.events)
    throw new UsageError(
      "Name the events file with --events FILE.jsonl.",
      'Example: switchyard send --events events.jsonl --server http://127.0.0.1:3000 (one {"type", "payload", "id"?} per line)',
    );
  const events = readEvents(options.events, options.type, io, {
    reason: "no --type was given",
    hint: 'Write {"type": "…", "payload": {…}}, or give --type T for lines that are just a payload.',
  });
  const client = new ServerClient(options.server);
  const count = { accepted: 0, duplicate: 0, refused: 0 };
  for (const event of events) {
    try {
      const { body } = await client.request({
        method: "POST",
        path: "api/events",
        body: { type: event.type, payload: event.payload ?? null, ...(event.id ? { id: event.id } : {}) },
      });
      const { eventId, accepted } = (body ?? {}) as { eventId?: unknown; accepted?: unknown };
      if (typeof eventId !== "string" || typeof accepted !== "boolean")
        throw unexpectedAnswer("POST /api/events");
      count[accepted ? "accepted" : "duplicate"]++;
      io.stdout.write(`${clean(eventId)} ${accepted ? "accepted" : "duplicate"}\n`);
    } catch (error) {
      if (!(error instanceof RemoteError) || !error.answer || !EVENT_REFUSALS.has(error.answer.status))
        throw error;
      count.refused++;
      io.stdout.write(
        `${options.events}:${event.line} refused (${describeAnswer(error.answer)}): ${error.answer.message}\n  hint: ${error.hint}\n`,
      );
    }
  }
  const n = events.length;
  io.stdout.write(
    `${n} event${n === 1 ? "" : "s"}: ${count.accepted} accepted, ${count.duplicate} duplicate, ${count.refused} refused.\n`,
  );
  return count.refused > 0 ? EXIT.invalid : EXIT.ok;
}

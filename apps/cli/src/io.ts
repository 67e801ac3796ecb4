/** Where a command writes, and the folder it resolves paths against: injected so tests capture them. */
export interface CliIO {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly cwd: string;
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** A mistake in how the command was called: reported on stderr with exit code 2, never a stack trace. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint = "Run 'switchyard help' for the commands and their options.",
  ) {
    super(message);
    this.name = "UsageError";
  }
}

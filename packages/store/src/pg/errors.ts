// How PostgreSQL's errors reach the store: node-postgres raises a DatabaseError with the SQLSTATE
// in \`code\`; drizzle wraps it in a query error whose message is the SQL and its parameters.

/** The SQLSTATE of a pg error, also when drizzle wrapped it (as the \`cause\` of its query error). */
export function sqlState(error: unknown): string | undefined {
  for (let e = error; typeof e === "object" && e !== null; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * The database's own error inside drizzle's wrapper ("duplicate key value violates unique
 * constraint …"), which says what went wrong without repeating the query's parameters (record
 * data) into logs. Anything else is returned as it is.
 */
export function databaseError(error: unknown): unknown {
  const cause = error instanceof Error ? error.cause : undefined;
  return sqlState(cause) !== undefined && sqlState(error) === sqlState(cause) ? cause : error;
}

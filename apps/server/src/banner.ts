import type { RunningServer } from "./main.js";

/** What a person sees in the terminal after `npm start`. */
export function printBanner(
  server: RunningServer,
  write: (text: string) => void = (t) => process.stdout.write(t),
): void {
  write(`\nSwitchyard is running at ${server.url}\n`);
  write(`  API docs:   ${server.url}/api/docs   (OpenAPI: ${server.url}/api/openapi.json)\n`);
  write(`  Health:     ${server.url}/health\n`);
  if (!server.seeded) {
    write("  Data:       existing store (the demo users were printed on the first start)\n\n");
    return;
  }
  const s = server.seeded;
  write(
    `\nFirst start: created the demo tenant '${s.tenant}', published ${s.published} definitions and sent ${s.events} sample events.\n`,
  );
  write("Demo users (these passwords are shown only now; change them in production):\n");
  for (const u of s.users)
    write(
      `  ${u.username.padEnd(15)} ${u.password.padEnd(18)} ${u.roles.join(", ")}${u.region ? ` (${u.region})` : ""}\n`,
    );
  write(
    `\nLog in:  curl -c cookies -H 'content-type: application/json' -d '{"username":"li.east","password":"…"}' ${server.url}/api/auth/login\n\n`,
  );
}

/**
 * Runs a service's start-up; a failure (bad env, unreadable models dir, port in use) ends the
 * process with one readable line instead of an unhandled-rejection stack.
 */
export function runMain(service: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${JSON.stringify({ level: 'fatal', service, msg: `${service} failed to start: ${message}` })}\n`);
    process.exit(1);
  });
}

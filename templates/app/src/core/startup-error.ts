// A mistake in the project's own files that stops the server at start-up (two actions with one
// name, an action listing a middleware no file defines): told in a line, not as a stack trace.

export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** Prints a StartupError's message alone and exits 1; any other error is thrown on. */
export function exitOnStartupError(err: unknown): never {
  if (err instanceof StartupError) {
    console.error(`Cannot start: ${err.message}`);
    process.exit(1);
  }
  throw err;
}

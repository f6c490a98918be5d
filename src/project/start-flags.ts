// The node flags a project's server starts with, written from here into every command that starts
// it: `npm start`, `npm run start:cluster` and the Dockerfile's CMD. Node does not accept them in
// NODE_OPTIONS, so each command carries them; keeping the value here keeps the three the same.
// The project README's "Start-up flags" explains each one; docs/BENCHMARKS.md has the figures.

/**
 * Each half of V8's young generation, in MB: where it starts (not 1 MB, which put some starts
 * into a slower mode for life) and how far it may grow under load (held at one size, it doubled
 * the slowest round trips at 5,000 busy connections).
 */
export const SEMI_SPACE_MB = { start: 4, max: 16 } as const;

export const NODE_START_FLAGS: readonly string[] = [
  `--min-semi-space-size=${SEMI_SPACE_MB.start}`,
  `--max-semi-space-size=${SEMI_SPACE_MB.max}`,
  '--no-allocation-site-pretenuring',
];

/** Where package.template.json's scripts take the flags. */
export const NODE_FLAGS_PLACEHOLDER = '<node flags>';

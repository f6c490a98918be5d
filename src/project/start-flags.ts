// The node flags a project's server starts with, written from here into every command that starts
// it: `npm start`, `npm run start:cluster` and the Dockerfile's CMD. Node does not accept them in
// NODE_OPTIONS, so each command carries them; keeping the value here keeps the three the same.
// The project README's "Start-up flags" explains each one; docs/BENCHMARKS.md has the figures.

/** Each half of V8's young generation, fixed so every start collects garbage the same way. */
export const YOUNG_GENERATION_MB = 4;

export const NODE_START_FLAGS: readonly string[] = [
  `--min-semi-space-size=${YOUNG_GENERATION_MB}`,
  `--max-semi-space-size=${YOUNG_GENERATION_MB}`,
  '--no-allocation-site-pretenuring',
];

/** Where package.template.json's scripts take the flags. */
export const NODE_FLAGS_PLACEHOLDER = '<node flags>';

// The one shape of a user-facing failure: every problem on its own line, no stack trace.
import type { ConfigIssue } from '../shared/config-validation.js';
import { formatIssue } from '../shared/config-validation.js';

/** Thrown for bad input: the bins print `message` alone and exit 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    readonly lines: readonly string[],
    readonly footer = 'Nothing was written.',
  ) {
    super([...lines, footer].join('\n'));
  }

  static fromIssues(issues: readonly ConfigIssue[], footer?: string): UsageError {
    return new UsageError(issues.map(formatIssue), footer);
  }
}

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

  /** The exit code the bins use: 1, or 130 when the user pressed Ctrl-C (as shells report it). */
  exitCode = 1;

  static fromIssues(issues: readonly ConfigIssue[], footer?: string): UsageError {
    return new UsageError(issues.map(formatIssue), footer);
  }

  /** Ctrl-C at a question: said plainly, not as a stack of inquirer's error. */
  static cancelled(): UsageError {
    const error = new UsageError(['Stopped at a question (Ctrl-C).']);
    error.exitCode = 130;
    return error;
  }
}

/** Inquirer's error when a prompt is closed by Ctrl-C or aborted. */
export function isPromptCancel(error: unknown): boolean {
  return error instanceof Error && ['ExitPromptError', 'AbortPromptError'].includes(error.name);
}

// Errors of the command-line adapter itself.

/** Bad command-line usage: exit code 2 with a one-line message. */
export class UsageError extends Error {}

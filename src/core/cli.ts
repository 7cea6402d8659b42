/**
 * A mistake in how a `keystone` command was called (a missing or wrong argument or option): the
 * command prints its message and exits with code 2. The one class every capability's CLI throws;
 * it imports nothing, so the command line loads it without loading any capability.
 */
export class UsageError extends Error {}

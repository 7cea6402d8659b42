/** The request log's format, chosen without loading the web server (the CLI reads it with its configuration). */
export type LogFormat = 'json' | 'pretty';

/** KEYSTONE_LOG_FORMAT=json|pretty; otherwise readable on a terminal and JSON elsewhere. */
export function logFormatFrom(value: string | undefined, isTty: boolean): LogFormat {
  const chosen = value?.trim().toLowerCase();
  if (chosen === 'json' || chosen === 'pretty') return chosen;
  if (chosen) throw new Error(`KEYSTONE_LOG_FORMAT must be "json" or "pretty", got "${value}"`);
  return isTty ? 'pretty' : 'json';
}

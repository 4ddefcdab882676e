import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured logging with an allow-list. Log lines leave the PHI boundary (CloudWatch Logs, log
 * subscriptions, support tickets), so the question is never "what must we hide" but "what may we show":
 * a fixed set of event names, a fixed set of keys, and values that are numbers, booleans or short tokens
 * without spaces. Anything else is dropped or replaced before it reaches the logger.
 */
export const LOG_EVENTS = [
  'REQUEST_COMPLETED',
  'REQUEST_FAILED',
  'AUTH_REJECTED',
  'AUDIT_WRITE_FAILED',
  /** A clinician opened a record outside their care team. CloudWatch metric filter: { $.event = "BREAK_GLASS_ACCESS" } */
  'BREAK_GLASS_ACCESS',
  'AUDIT_CHAIN_BROKEN',
  'AUDIT_EXPORTED',
  'AUDIT_EXPORT_FAILED',
  'JWKS_LOADED',
  'DB_CONNECTION_LOST',
] as const;
export type LogEvent = (typeof LOG_EVENTS)[number];

export const LOG_KEYS = [
  'requestId',
  'route',
  'method',
  'status',
  'durationMs',
  'role',
  'actorSub',
  'errorCode',
  'errorName',
  'sqlState',
  'auditSeq',
  'expiresAt',
  'count',
  'fromSeq',
  'toSeq',
  'brokenSeq',
  'problem',
  'objectKey',
] as const;
export type LogKey = (typeof LOG_KEYS)[number];
export type LogFields = Partial<Record<LogKey, string | number | boolean | null>>;

// Identifiers, route templates, ISO timestamps, error class names, SQLSTATE codes: all fit; free text
// (names, notes, addresses) contains spaces or punctuation outside this set, or is too long.
const SAFE_VALUE = /^[A-Za-z0-9_.:/{}@+=-]{0,128}$/;
const allowed = new Set<string>(LOG_KEYS);

export function sanitize(fields: Record<string, unknown>): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (!allowed.has(k)) continue;
    if (v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out[k] = v;
    else if (typeof v === 'string') out[k] = SAFE_VALUE.test(v) ? v : '[redacted]';
  }
  return out;
}

export interface AppLogger {
  info(event: LogEvent, fields?: LogFields): void;
  warn(event: LogEvent, fields?: LogFields): void;
  error(event: LogEvent, fields?: LogFields): void;
}

/** Powertools Logger underneath: JSON lines with level, timestamp, service and the Lambda context keys. */
export class PowertoolsAppLogger implements AppLogger {
  constructor(
    private readonly logger: Logger = new Logger({ serviceName: process.env.APP_NAME ?? 'phi-api' }),
  ) {}

  info(event: LogEvent, fields: LogFields = {}): void {
    this.logger.info(event, { event, ...sanitize(fields) });
  }

  warn(event: LogEvent, fields: LogFields = {}): void {
    this.logger.warn(event, { event, ...sanitize(fields) });
  }

  error(event: LogEvent, fields: LogFields = {}): void {
    this.logger.error(event, { event, ...sanitize(fields) });
  }
}

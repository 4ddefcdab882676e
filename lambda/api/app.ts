import { randomUUID } from 'node:crypto';
import type { ALBEvent, ALBResult, Context } from 'aws-lambda';
import type { TokenVerifier } from './adapters/auth/token-verifier';
import type { AppLogger } from './adapters/logger';
import { PatientService } from './domain/patient-service';
import type { BlindIndexer, Clock, FieldCodec, TransactionRunner } from './domain/ports';
import { fromAlbEvent, toAlbResult } from './http/alb';
import { Api } from './http/api';

export interface AppDependencies {
  db: TransactionRunner;
  codec: FieldCodec;
  blindIndex: BlindIndexer;
  verifier: TokenVerifier;
  logger: AppLogger;
  clock?: Clock;
  newId?: () => string;
  breakGlassMinutes?: number;
  maxBodyBytes?: number;
}

export type AlbHandler = (event: ALBEvent, context?: Pick<Context, 'awsRequestId'>) => Promise<ALBResult>;

/** 64 KiB: a full record with 20,000 characters of (mostly ASCII) notes fits; ALB would pass up to 1 MB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * Composes the API from its dependencies. The Lambda handler, local mode, the tests and the benchmark all
 * call this, so they exercise the same code path and differ only in adapters.
 */
export function createAlbHandler(deps: AppDependencies): AlbHandler {
  const clock = deps.clock ?? { now: () => new Date() };
  const newId = deps.newId ?? randomUUID;
  const api = new Api({
    service: new PatientService({
      codec: deps.codec,
      blindIndex: deps.blindIndex,
      newId,
      breakGlassMinutes: deps.breakGlassMinutes ?? 60,
      searchLimit: 50,
    }),
    db: deps.db,
    verifier: deps.verifier,
    logger: deps.logger,
    clock,
    newId,
    maxBodyBytes: deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
  });

  return async (event, context) => {
    const requestId = context?.awsRequestId ?? randomUUID();
    const multiValue = event.multiValueHeaders !== undefined;
    try {
      return toAlbResult(await api.handle(fromAlbEvent(event, requestId)), multiValue);
    } catch (e) {
      // Last line of defence for a bug: a generic body, the class name in the log, never the message.
      deps.logger.error('REQUEST_FAILED', { requestId, errorName: e instanceof Error ? e.name : 'unknown' });
      const body = {
        error: {
          code: 'service_unavailable',
          message: 'The service is temporarily unavailable; retry later.',
        },
      };
      const headers = {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        'x-request-id': requestId,
      };
      return toAlbResult({ status: 503, body, headers }, multiValue);
    }
  };
}

import { isIP } from 'node:net';
import type { ALBEvent, ALBResult } from 'aws-lambda';
import { HttpRequest, HttpResponse } from './types';

/**
 * ALB Lambda-target events in and out. ALB passes query strings exactly as the client sent them
 * (percent-encoded), and uses multiValueHeaders/multiValueQueryStringParameters only when the target
 * group enables them; the response must then use the same shape.
 */
export function fromAlbEvent(event: ALBEvent, requestId: string): HttpRequest {
  // Null-prototype maps: a client-chosen name like "constructor" or "__proto__" must be just a name.
  const headers: Record<string, string> = Object.create(null);
  if (event.multiValueHeaders) {
    for (const [k, vs] of Object.entries(event.multiValueHeaders)) {
      if (vs && vs.length > 0 && !(k.toLowerCase() in headers)) headers[k.toLowerCase()] = vs[0];
    }
  } else {
    for (const [k, v] of Object.entries(event.headers ?? {}))
      if (v !== undefined) headers[k.toLowerCase()] = v;
  }

  const query: Record<string, string[]> = Object.create(null);
  let malformed = false;
  const add = (k: string, v: string) => {
    const key = decodeQueryComponent(k);
    const value = decodeQueryComponent(v);
    if (key === null || value === null) malformed = true;
    else (query[key] ??= []).push(value);
  };
  if (event.multiValueQueryStringParameters) {
    for (const [k, vs] of Object.entries(event.multiValueQueryStringParameters))
      for (const v of vs ?? []) add(k, v);
  } else {
    for (const [k, v] of Object.entries(event.queryStringParameters ?? {})) if (v !== undefined) add(k, v);
  }

  let body: Buffer | null = null;
  if (event.body !== undefined && event.body !== null && event.body !== '') {
    body = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  }

  return {
    method: (event.httpMethod ?? '').toUpperCase(),
    path: event.path ?? '',
    query,
    headers,
    body,
    requestId,
    sourceIp: clientIp(headers['x-forwarded-for']),
    malformed,
  };
}

function decodeQueryComponent(s: string): string | null {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/**
 * ALB appends the address it saw to X-Forwarded-For; everything to its left was written by the client and
 * proves nothing. So the audit trail records the rightmost entry.
 */
export function clientIp(xff: string | undefined): string | null {
  const last = xff?.split(',').pop()?.trim();
  return last && isIP(last) ? last : null;
}

export function toAlbResult(res: HttpResponse, multiValue: boolean): ALBResult {
  const headers = { ...(res.headers ?? {}) };
  const body = res.body === undefined ? '' : JSON.stringify(res.body);
  const statusDescription = `${res.status} ${REASONS[res.status] ?? 'Status'}`;
  if (multiValue) {
    const multiValueHeaders: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(headers)) multiValueHeaders[k] = [v];
    return { statusCode: res.status, statusDescription, multiValueHeaders, body, isBase64Encoded: false };
  }
  return { statusCode: res.status, statusDescription, headers, body, isBase64Encoded: false };
}

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

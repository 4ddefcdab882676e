import type { ALBEvent } from 'aws-lambda';

export interface PlainHttpRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** The raw query string after '?', still percent-encoded, as ALB forwards it. */
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | null;
  sourceIp?: string;
}

/**
 * Builds the event an ALB would send for this request (single-value headers mode): query values stay
 * percent-encoded, bodies are base64 because ALB base64-encodes anything it does not know to be text.
 */
export function toAlbEvent(r: PlainHttpRequest): ALBEvent {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) {
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v[0] : v;
  }
  if (r.sourceIp) {
    headers['x-forwarded-for'] = headers['x-forwarded-for']
      ? `${headers['x-forwarded-for']}, ${r.sourceIp}`
      : r.sourceIp;
  }
  const queryStringParameters: Record<string, string> = {};
  for (const pair of r.rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const k = eq === -1 ? pair : pair.slice(0, eq);
    // Single-value mode keeps the last value of a repeated name, as ALB does.
    queryStringParameters[k] = eq === -1 ? '' : pair.slice(eq + 1);
  }
  return {
    requestContext: {
      elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:local:000000000000:targetgroup/local/0' },
    },
    httpMethod: r.method,
    path: r.path,
    queryStringParameters,
    headers,
    body: r.body && r.body.length > 0 ? r.body.toString('base64') : '',
    isBase64Encoded: Boolean(r.body && r.body.length > 0),
  };
}

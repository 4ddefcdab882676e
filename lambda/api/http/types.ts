export interface HttpRequest {
  method: string;
  path: string;
  /** Decoded query parameters; a name sent twice keeps every value so the router can refuse it. */
  query: Record<string, string[]>;
  /** Lower-cased names; a header sent twice keeps the first value. */
  headers: Record<string, string>;
  body: Buffer | null;
  requestId: string;
  sourceIp: string | null;
  /** Set when the query string cannot be decoded; answered 400 (and audited on PHI paths). */
  malformed?: boolean;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

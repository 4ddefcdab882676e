// Typed domain errors. Their messages are fixed strings written here, never built from input, so that the
// HTTP layer can pass them to the client without echoing a request value or a stored PHI value.

export type DomainErrorCode =
  | 'invalid_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'method_not_allowed'
  | 'service_unavailable';

export class DomainError extends Error {
  constructor(
    public readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (message: string) => new DomainError('invalid_request', message);
export const forbidden = () => new DomainError('forbidden', 'This role may not perform this operation.');
// A patient outside the caller's scope answers exactly like a missing one, so that the response does not
// reveal whether a record exists.
export const notFound = () => new DomainError('not_found', 'No such resource.');
export const conflict = (message: string) => new DomainError('conflict', message);

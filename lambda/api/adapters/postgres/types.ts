import { types as pgTypes } from 'pg';

// Per-pool type parsers rather than pg's global ones, so nothing else in the process is affected.
const DATE_OID = 1082;
const INT8_OID = 20;

export const pgTypeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    // A birth date is a calendar date, not an instant: keep 'YYYY-MM-DD' instead of a local-midnight Date.
    if (oid === DATE_OID) return (v: string) => v;
    // Audit sequence numbers stay far below 2^53 (a billion records a year for millions of years).
    if (oid === INT8_OID) return (v: string) => Number(v);
    return pgTypes.getTypeParser(oid, format as 'text');
  },
};

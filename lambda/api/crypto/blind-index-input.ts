/** Domain-separated MAC input, so the same key can never yield an index that collides with another purpose. */
export const ssnMacInput = (ssnDigits: string) => Buffer.from(`ssn-v1:${ssnDigits}`, 'utf8');

import { format } from 'node:util';
import { findFixturePhi } from './fixtures';

/**
 * Runs before every test file of the `api` project. Captures everything the code under test writes
 * (console methods and raw stdout/stderr writes, which is where Powertools Logger ends up), and fails the
 * file if any fixture PHI value appears. Output is swallowed unless SHOW_API_LOGS=1.
 */
const captured: string[] = [];
const show = process.env.SHOW_API_LOGS === '1';

const streams = [process.stdout, process.stderr] as const;
const originalWrites = streams.map((s) => s.write);
streams.forEach((s, i) => {
  s.write = ((chunk: unknown, ...rest: unknown[]) => {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return show ? (originalWrites[i] as (...a: unknown[]) => boolean).call(s, chunk, ...rest) : true;
  }) as typeof s.write;
});

const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
const originalConsole = methods.map((m) => console[m]);
methods.forEach((m, i) => {
  console[m] = (...args: unknown[]) => {
    captured.push(format(...args));
    if (show) originalConsole[i](...args);
  };
});

/** Test hook: everything captured so far in this file. */
export const capturedLogText = () => captured.join('\n');

afterAll(() => {
  streams.forEach((s, i) => (s.write = originalWrites[i]));
  methods.forEach((m, i) => (console[m] = originalConsole[i]));
  expect(findFixturePhi(captured.join('\n'))).toEqual([]);
});

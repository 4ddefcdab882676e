import { PowertoolsAppLogger, sanitize } from '../../../lambda/api/adapters/logger';
import { ALPHA, findFixturePhi } from '../support/fixtures';
import { capturedLogText } from '../support/no-phi-in-logs';

describe('allow-listed logging', () => {
  it('drops keys that are not on the allow-list', () => {
    expect(sanitize({ requestId: 'r-1', patient: { name: 'x' }, ssn: '1', body: 'x', status: 200 })).toEqual({
      requestId: 'r-1',
      status: 200,
    });
  });

  it('replaces allowed keys holding free text', () => {
    expect(sanitize({ errorName: 'Some message with spaces', route: '/patients/{id}' })).toEqual({
      errorName: '[redacted]',
      route: '/patients/{id}',
    });
    expect(sanitize({ actorSub: 'x'.repeat(200) })).toEqual({ actorSub: '[redacted]' });
  });

  it('even a careless call cannot put fixture PHI into a log line', () => {
    const log = new PowertoolsAppLogger();
    // Deliberately misuse the logger as a hurried developer might.
    log.error('REQUEST_FAILED', { errorName: ALPHA.clinicalNotes, ...({ ssn: ALPHA.ssn } as object) });
    expect(capturedLogText()).toContain('"event":"REQUEST_FAILED"');
    expect(findFixturePhi(capturedLogText())).toEqual([]);
  });
});

describe('the leak detector itself', () => {
  it('finds fixture PHI in text (so the suite-wide check can fail)', () => {
    expect(findFixturePhi(`{"x":"${ALPHA.ssn}"}`)).toEqual([ALPHA.ssn]);
    expect(findFixturePhi(`note: ${ALPHA.clinicalNotes}`)).toContain(ALPHA.clinicalNotes);
    expect(findFixturePhi('{"event":"REQUEST_COMPLETED"}')).toEqual([]);
  });

  it('sees Powertools output, which goes to stdout rather than console', () => {
    new PowertoolsAppLogger().info('JWKS_LOADED', { count: 1 });
    expect(capturedLogText()).toMatch(/"message":"JWKS_LOADED".*"count":1/);
  });
});

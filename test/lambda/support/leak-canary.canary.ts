import { PowertoolsAppLogger } from '../../../lambda/api/adapters/logger';
import { ALPHA } from './fixtures';

// Not part of the suite (no .test.ts suffix). test/lambda/unit/log-guard.test.ts runs it on its own to prove
// that the suite-wide guard fails a file whose code writes fixture PHI to any log stream.
it('writes fixture PHI to the logs, as a careless change might', () => {
  console.log(`debug patient ${ALPHA.ssn}`);
  new PowertoolsAppLogger().info('REQUEST_COMPLETED', { route: '/patients/{id}' });
  process.stdout.write(`raw ${ALPHA.clinicalNotes}\n`);
});

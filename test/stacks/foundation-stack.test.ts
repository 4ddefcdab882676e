import { PROFILE_NAMES } from '../../lib/config';
import { sharedDeployment } from '../support/app';
import { normalizedTemplate } from '../support/snapshot';

describe.each(PROFILE_NAMES)('FoundationStack (%s)', (profile) => {
  const { foundation } = sharedDeployment(profile).deployment;

  it('carries app name and profile in its stack name', () => {
    expect(foundation.stackName).toBe(`hipaa-${profile}-foundation`);
  });

  it('is protected from deletion in prod only', () => {
    expect(foundation.terminationProtection).toBe(profile === 'prod');
  });

  it('matches the snapshot', () => {
    expect(normalizedTemplate(foundation)).toMatchSnapshot();
  });
});

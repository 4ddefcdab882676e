import { PROFILE_NAMES } from '../../lib/config';
import { sharedDeployment } from '../support/app';
import { normalizedTemplate } from '../support/snapshot';

describe.each(PROFILE_NAMES)('ApiStack (%s)', (profile) => {
  const { api } = sharedDeployment(profile).deployment;

  it('carries app name and profile in its stack name', () => {
    expect(api.stackName).toBe(`hipaa-${profile}-api`);
  });

  it('matches the snapshot', () => {
    expect(normalizedTemplate(api)).toMatchSnapshot();
  });
});

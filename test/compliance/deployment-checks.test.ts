import { PROFILE_NAMES } from '../../lib/config';
import { sharedDeployment } from '../support/app';
import { checkErrors } from '../support/nag';

describe.each(PROFILE_NAMES)('check packs on the %s deployment', (profile) => {
  const { stacks } = sharedDeployment(profile);

  it.each(stacks.map((s) => [s.node.id, s] as const))(
    '%s stack has zero unacknowledged errors',
    (_id, stack) => {
      expect(checkErrors(stack)).toEqual([]);
    },
  );
});

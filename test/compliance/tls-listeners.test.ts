import { PROFILE_NAMES, TLS13_ONLY_POLICIES } from '../../lib/config';
import { sharedDeployment, templateOf } from '../support/app';

/**
 * Independent of the check packs: walks every listener of every stack and fails if any HTTPS or TLS listener has
 * no SslPolicy (CloudFormation would apply ELBSecurityPolicy-2016-08, TLS 1.0) or one outside the allow-list.
 */
interface Listener {
  id: string;
  Protocol?: string;
  SslPolicy?: string;
  DefaultActions?: unknown[];
}

describe.each(PROFILE_NAMES)('TLS listeners of the %s deployment', (profile) => {
  const listeners: Listener[] = sharedDeployment(profile).stacks.flatMap((stack) =>
    Object.entries(templateOf(stack).findResources('AWS::ElasticLoadBalancingV2::Listener')).map(
      ([id, listener]) => ({
        id: `${stack.stackName}/${id}`,
        ...(listener.Properties as Record<string, unknown>),
      }),
    ),
  );
  const encrypted = listeners.filter((l) => l.Protocol === 'HTTPS' || l.Protocol === 'TLS');

  it('has at least one HTTPS listener to check', () => {
    expect(encrypted.length).toBeGreaterThan(0);
  });

  it('pins a TLS 1.3-only policy on every HTTPS listener', () => {
    const offenders = encrypted
      .filter((l) => !(TLS13_ONLY_POLICIES as readonly unknown[]).includes(l.SslPolicy))
      .map((l) => `${l.id}: ${String(l.SslPolicy)}`);
    expect(offenders).toEqual([]);
  });

  it('serves nothing over plain HTTP: every HTTP listener only redirects to HTTPS', () => {
    const plain = listeners.filter((l) => l.Protocol === 'HTTP');
    for (const listener of plain) {
      expect(listener.DefaultActions).toEqual([
        expect.objectContaining({
          Type: 'redirect',
          RedirectConfig: expect.objectContaining({ Protocol: 'HTTPS' }),
        }),
      ]);
    }
  });
});

import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { LocalTokenIssuer } from '../../../lambda/api/adapters/auth/local-token-issuer';
import { SsmJwksFetcher } from '../../../lambda/api/adapters/auth/ssm-jwks-fetcher';
import { CognitoTokenVerifier } from '../../../lambda/api/adapters/auth/token-verifier';
import { PowertoolsAppLogger } from '../../../lambda/api/adapters/logger';
import { capturedLogText } from '../support/no-phi-in-logs';

// The private-subnet path end to end: no JWKS pre-loaded, aws-jwt-verify asks its fetcher, the fetcher
// reads the SSM parameter the refresher function keeps up to date.

const ssm = mockClient(SSMClient);
beforeEach(() => ssm.reset());

const PARAMETER = '/phi-api/cognito-jwks';

function verifierFor(issuer: LocalTokenIssuer) {
  return new CognitoTokenVerifier({
    userPoolId: issuer.userPoolId,
    clientId: issuer.clientId,
    fetcher: new SsmJwksFetcher(new SSMClient({}), PARAMETER, new PowertoolsAppLogger()),
  });
}

it('verifies a token with keys read from the SSM parameter, once, and logs the load', async () => {
  const issuer = new LocalTokenIssuer();
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify(issuer.jwks) } });
  const verifier = verifierFor(issuer);
  await expect(verifier.verify(issuer.issueForRole('nurse'))).resolves.toEqual({
    sub: 'demo-nurse',
    role: 'nurse',
  });
  await verifier.verify(issuer.issueForRole('billing'));
  expect(ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input)).toEqual([{ Name: PARAMETER }]);
  expect(capturedLogText()).toMatch(/"event":"JWKS_LOADED".*"count":1/);
});

it('rejects a token whose key is not in the parameter', async () => {
  const issuer = new LocalTokenIssuer();
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify(new LocalTokenIssuer().jwks) } });
  await expect(verifierFor(issuer).verify(issuer.issueForRole('nurse'))).rejects.toThrow();
});

it('fails on an empty parameter', async () => {
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: '' } });
  await expect(new SsmJwksFetcher(new SSMClient({}), PARAMETER).fetch()).rejects.toThrow('empty');
});

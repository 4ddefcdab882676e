import { jwksUrl, parseJwks, refreshJwks } from '../../../lambda/jwks-refresh/handler';

const KEY = { kid: 'test-kid-1', kty: 'RSA', alg: 'RS256', use: 'sig', n: 'AQAB-modulus', e: 'AQAB' };
const ENV = {
  AWS_REGION: 'us-east-1',
  USER_POOL_ID: 'us-east-1_TestPool1',
  JWKS_PARAMETER_NAME: '/app/dev/api/jwks',
};

describe('JWKS refresher', () => {
  it('copies the pool JWKS from its well-known URL into the parameter', async () => {
    const fetched: string[] = [];
    const written: [string, string][] = [];
    const count = await refreshJwks(ENV, {
      fetchJson: async (url) => {
        fetched.push(url);
        return { keys: [KEY] };
      },
      putParameter: async (name, value) => {
        written.push([name, value]);
      },
    });
    expect(count).toBe(1);
    expect(fetched).toEqual([
      'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool1/.well-known/jwks.json',
    ]);
    expect(written).toEqual([['/app/dev/api/jwks', JSON.stringify({ keys: [KEY] })]]);
  });

  it.each([
    ['no keys', { keys: [] }],
    ['not a JWKS', { error: 'nope' }],
    ['a key without modulus', { keys: [{ ...KEY, n: undefined }] }],
    ['a symmetric key', { keys: [{ kid: 'k', kty: 'oct', k: 'secret' }] }],
  ])('never overwrites the parameter with %s', async (_label, body) => {
    const put = jest.fn();
    await expect(refreshJwks(ENV, { fetchJson: async () => body, putParameter: put })).rejects.toThrow();
    expect(put).not.toHaveBeenCalled();
  });

  it('refuses to run without its environment', async () => {
    await expect(refreshJwks({}, { fetchJson: jest.fn(), putParameter: jest.fn() })).rejects.toThrow(
      'USER_POOL_ID and JWKS_PARAMETER_NAME must be set',
    );
  });

  it('builds the regional Cognito URL', () => {
    expect(jwksUrl('eu-west-1', 'eu-west-1_X')).toBe(
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_X/.well-known/jwks.json',
    );
    expect(parseJwks({ keys: [KEY] }).keys).toHaveLength(1);
  });
});

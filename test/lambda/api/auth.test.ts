import { LocalTokenIssuer } from '../../../lambda/api/adapters/auth/local-token-issuer';
import { roleFromGroups } from '../../../lambda/api/adapters/auth/token-verifier';
import { ALPHA } from '../support/fixtures';
import { createHarness, Harness, seedPatient } from '../support/harness';

let h: Harness;
let alphaId: string;

beforeAll(async () => {
  h = await createHarness();
  alphaId = await seedPatient(h, ALPHA, ['demo-clinician']);
});
afterAll(() => h.close());

const read = (authorization: string | null) => h.call('GET', `/patients/${alphaId}`, { authorization });
const issue = (o: Partial<Parameters<LocalTokenIssuer['issue']>[0]> = {}) =>
  h.app.issuer.issue({ sub: 'demo-clinician', groups: ['clinician'], ...o });

describe('bearer tokens (aws-jwt-verify: signature, issuer, client, token_use, expiry)', () => {
  it('accepts a valid access token', async () => {
    expect((await read(`Bearer ${issue()}`)).status).toBe(200);
  });

  it.each([
    ['no header', null],
    ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['a non-JWT', 'Bearer abc'],
    ['an expired token', () => `Bearer ${issue({ expiresIn: -60 })}`],
    ['an ID token', () => `Bearer ${issue({ tokenUse: 'id' })}`],
    ['another app client', () => `Bearer ${issue({ clientId: 'someotherclient000000000001' })}`],
    [
      'another issuer',
      () => `Bearer ${issue({ issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other0001' })}`,
    ],
    [
      'a key the API does not know',
      () => `Bearer ${new LocalTokenIssuer().issue({ sub: 'demo-clinician', groups: ['clinician'] })}`,
    ],
    [
      'a tampered payload',
      () => {
        const [head, , sig] = issue().split('.');
        const payload = Buffer.from(
          JSON.stringify({ sub: 'demo-clinician', 'cognito:groups': ['billing'] }),
        ).toString('base64url');
        return `Bearer ${head}.${payload}.${sig}`;
      },
    ],
  ])('answers 401 for %s, with a generic body', async (_name, auth) => {
    const r = await read(typeof auth === 'function' ? auth() : auth);
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toBe('Bearer');
    expect(r.body).toEqual({
      error: { code: 'unauthenticated', message: 'A valid bearer token is required.' },
    });
  });

  it.each([
    ['no group', []],
    ['an unknown group', ['superuser']],
    ['two role groups', ['clinician', 'billing']],
  ])('answers 403 for a valid token with %s', async (_name, groups) => {
    expect((await read(`Bearer ${issue({ groups })}`)).status).toBe(403);
  });
});

describe('roleFromGroups', () => {
  it('needs exactly one known role group', () => {
    expect(roleFromGroups(['clinician'])).toBe('clinician');
    expect(roleFromGroups(['clinician', 'other-team'])).toBe('clinician');
    expect(roleFromGroups(['clinician', 'nurse'])).toBeNull();
    expect(roleFromGroups('clinician')).toBeNull();
    expect(roleFromGroups(undefined)).toBeNull();
  });
});

import {
  createIamPool,
  IAM_TOKEN_REFRESH_MS,
  IamTokenSource,
} from '../../../lambda/api/adapters/postgres/pool';

describe('IAM database authentication', () => {
  it('reuses a token until it is ten minutes old, then signs a new one', async () => {
    let now = 0;
    let n = 0;
    const source = new IamTokenSource({ getAuthToken: async () => `token-${++n}` }, () => now);
    expect(await source.token()).toBe('token-1');
    now = IAM_TOKEN_REFRESH_MS - 1;
    expect(await source.token()).toBe('token-1');
    now = IAM_TOKEN_REFRESH_MS;
    expect(await source.token()).toBe('token-2');
    expect(IAM_TOKEN_REFRESH_MS).toBeLessThan(15 * 60_000);
  });

  it('connects with TLS verify-full, TLS 1.3 and a token as the password', async () => {
    const pool = createIamPool({
      host: 'db.cluster-abc.eu-west-1.rds.amazonaws.com',
      port: 5432,
      database: 'phi',
      user: 'phi_api',
      region: 'eu-west-1',
    });
    const o = pool.options as unknown as Record<string, unknown>;
    expect(o.ssl).toEqual({
      rejectUnauthorized: true,
      servername: 'db.cluster-abc.eu-west-1.rds.amazonaws.com',
      minVersion: 'TLSv1.3',
    });
    expect(typeof o.password).toBe('function');
    expect(o.max).toBe(2);
    await pool.end();
  });
});

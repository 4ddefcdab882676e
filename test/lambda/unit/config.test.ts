import { API_ENV, loadApiConfig } from '../../../lambda/api/config';
import { SYNTHETIC_API_ENV } from '../support/api-environment';

const VALID: Record<string, string> = { ...SYNTHETIC_API_ENV };

describe('API configuration', () => {
  it('lists exactly the variables the fixture sets, so the infrastructure can wire them one to one', () => {
    expect([...API_ENV].sort()).toEqual(Object.keys(VALID).sort());
  });

  it('loads a complete environment', () => {
    const c = loadApiConfig(VALID);
    expect(c.db).toEqual({ host: VALID.DB_HOST, port: 5432, database: 'phi', user: 'phi_api' });
    expect(c.jwksSource).toEqual({ kind: 'ssm', parameterName: '/phi-api/cognito-jwks' });
    expect(c.breakGlassMinutes).toBe(60);
    expect(c.dataKeyCacheTtlSeconds).toBe(300);
  });

  it.each(API_ENV)('fails fast, naming %s, when it is missing', (name) => {
    const env = { ...VALID };
    delete env[name];
    expect(() => loadApiConfig(env)).toThrow(name);
  });

  it.each([
    ['DB_PORT', '0'],
    ['DB_PORT', 'abc'],
    ['FIELD_KEY_ARN', 'alias/phi'],
    ['JWKS_SOURCE', 'https://example.com/jwks.json'],
    ['BREAK_GLASS_MINUTES', '1000'],
    ['DATA_KEY_CACHE_TTL_SECONDS', '3600'],
  ])('refuses %s=%s with a message naming it', (name, value) => {
    expect(() => loadApiConfig({ ...VALID, [name]: value })).toThrow(name);
  });
});

/* eslint-disable @typescript-eslint/no-require-imports -- jest.isolateModules needs a synchronous require to re-run each module scope with its own environment */
import type { ALBEvent, Context } from 'aws-lambda';
import { OFFLINE_CREDENTIALS, SYNTHETIC_API_ENV } from '../support/api-environment';

// The Lambda composition roots, loaded as Lambda would load them: module scope reads the environment
// (failing fast with the variable's name) and creates clients without any network call.

const API_ENV: Record<string, string> = {
  ...SYNTHETIC_API_ENV,
  ...OFFLINE_CREDENTIALS,
  // Nothing listens there: a request that needs the database must fail closed, quickly.
  DB_HOST: '127.0.0.1',
  DB_PORT: '9',
  AWS_LAMBDA_FUNCTION_NAME: 'phi-api',
};

const event = (path: string, headers: Record<string, string> = {}): ALBEvent => ({
  requestContext: {
    elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/x/1' },
  },
  httpMethod: 'GET',
  path,
  headers,
  body: '',
  isBase64Encoded: false,
});
const context = { awsRequestId: 'req-1' } as Context;

function withEnv<T>(env: Record<string, string>, load: () => T): T {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    let mod: T | undefined;
    jest.isolateModules(() => {
      mod = load();
    });
    return mod!;
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

describe('lambda/api/handler.ts', () => {
  it('loads with the documented environment and answers /health without the database', async () => {
    const { handler } = withEnv(API_ENV, () => require('../../../lambda/api/handler'));
    const res = await handler(event('/health'), context);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toBe('req-1');
  });

  it('fails closed with 503 when a PHI request cannot be audited', async () => {
    const { handler } = withEnv(API_ENV, () => require('../../../lambda/api/handler'));
    const res = await handler(event('/patients/00000000-0000-4000-8000-000000000000'), context);
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body).error.code).toBe('service_unavailable');
  });

  it('fails fast at load, naming a missing variable', () => {
    const env = { ...API_ENV };
    delete env.FIELD_KEY_ARN;
    const saved = process.env.FIELD_KEY_ARN;
    delete process.env.FIELD_KEY_ARN;
    expect(() => withEnv(env, () => require('../../../lambda/api/handler'))).toThrow('FIELD_KEY_ARN');
    if (saved !== undefined) process.env.FIELD_KEY_ARN = saved;
  });

  it('refuses to start local-only adapters inside Lambda', () => {
    expect(() =>
      withEnv(API_ENV, () => {
        const { createLocalApp } = require('../../../lambda/api/local/local-app');
        return createLocalApp({ pool: {} });
      }),
    ).toThrow(/refuses to run inside AWS Lambda/);
  });
});

describe('lambda/audit-export/handler.ts', () => {
  it('loads with the documented environment', () => {
    const mod = withEnv(
      {
        ...API_ENV,
        DB_USER: 'audit_reader',
        ARCHIVE_BUCKET_NAME: 'audit-archive-bucket',
        ARCHIVE_OBJECT_LOCK_MODE: 'COMPLIANCE',
        ARCHIVE_RETENTION_DAYS: '2192',
      },
      () => require('../../../lambda/audit-export/handler'),
    );
    expect(typeof mod.handler).toBe('function');
  });
});

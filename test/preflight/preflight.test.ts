import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contextFrom, deploy } from '../../bin/deploy';
import { loadConfig } from '../../lib/config';
import { preflight, StsIdentitySource } from '../../lib/preflight';

const BAA_ACCOUNT = '123456789012';
const OTHER_ACCOUNT = '210987654321';
const CERTIFICATE = `arn:aws:acm:us-east-1:${BAA_ACCOUNT}:certificate/00000000-0000-4000-8000-00000000000a`;
const REAL_TARGET = [
  '-c',
  `blueprint.account=${BAA_ACCOUNT}`,
  '-c',
  `blueprint.allowedAccounts=${BAA_ACCOUNT}`,
  '-c',
  `blueprint.certificateArn=${CERTIFICATE}`,
];

function configFor(account: string) {
  return loadConfig({
    profile: 'prod',
    'blueprint.account': account,
    'blueprint.allowedAccounts': account,
    'blueprint.certificateArn': CERTIFICATE.replace(BAA_ACCOUNT, account),
  }).config;
}

const sts = mockClient(STSClient);
beforeEach(() => sts.reset());

function identityAnswering(account: string) {
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: account, Arn: `arn:aws:sts::${account}:assumed-role/x/y` });
  return new StsIdentitySource(new STSClient({ region: 'us-east-1' }));
}

describe('StsIdentitySource', () => {
  it('sends one GetCallerIdentity with an empty input', async () => {
    const identity = await identityAnswering(BAA_ACCOUNT).callerIdentity();
    expect(identity.account).toBe(BAA_ACCOUNT);
    const calls = sts.commandCalls(GetCallerIdentityCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toEqual({});
  });

  it('refuses an answer without an account', async () => {
    sts.on(GetCallerIdentityCommand).resolves({});
    await expect(
      new StsIdentitySource(new STSClient({ region: 'us-east-1' })).callerIdentity(),
    ).rejects.toThrow(/no account/);
  });
});

describe('preflight', () => {
  it('passes credentials of the configured, BAA-covered account', async () => {
    const result = await preflight(configFor(BAA_ACCOUNT), identityAnswering(BAA_ACCOUNT));
    expect(result).toEqual({ ok: true, problems: [] });
  });

  it('refuses credentials of another account, naming both accounts and the fix', async () => {
    const result = await preflight(configFor(BAA_ACCOUNT), identityAnswering(OTHER_ACCOUNT));
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toContain(`credentials belong to account ${OTHER_ACCOUNT}`);
    expect(result.problems.join('\n')).toContain('not covered by a BAA');
  });

  it('refuses the placeholder accounts of the shipped profiles', async () => {
    const config = loadConfig({ profile: 'dev' }).config;
    const result = await preflight(config, identityAnswering(config.account));
    expect(result.problems.join('\n')).toContain('is a placeholder');
  });

  it('refuses when STS cannot confirm the identity', async () => {
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('expired'), { name: 'ExpiredToken' }));
    const result = await preflight(
      configFor(BAA_ACCOUNT),
      new StsIdentitySource(new STSClient({ region: 'us-east-1' })),
    );
    expect(result.problems.join('\n')).toContain(
      'could not confirm the deploying identity with STS (ExpiredToken)',
    );
  });
});

describe('npm run deploy', () => {
  function run(args: string[], account: string) {
    const cdkRuns: string[][] = [];
    const lines: string[] = [];
    const regions: string[] = [];
    const code = deploy(args, {
      identityFor: (region) => {
        regions.push(region);
        return identityAnswering(account);
      },
      runCdk: (cdkArgs) => {
        cdkRuns.push(cdkArgs);
        return 0;
      },
      log: (line) => lines.push(line),
    });
    return code.then((exit) => ({ exit, cdkRuns, lines, regions }));
  }

  it('runs cdk deploy --all with the same arguments after a clean preflight', async () => {
    const args = ['-c', 'profile=prod', ...REAL_TARGET];
    const { exit, cdkRuns, regions } = await run(args, BAA_ACCOUNT);
    expect(exit).toBe(0);
    expect(regions).toEqual(['us-east-1']);
    expect(cdkRuns).toEqual([['deploy', '--all', ...args]]);
  });

  it('never runs cdk when the preflight refuses', async () => {
    const { exit, cdkRuns, lines } = await run(['-c', 'profile=prod', ...REAL_TARGET], OTHER_ACCOUNT);
    expect(exit).toBe(1);
    expect(cdkRuns).toEqual([]);
    expect(lines[0]).toContain('Preflight refused');
  });

  it('never runs cdk on an invalid configuration', async () => {
    const { exit, cdkRuns, lines } = await run(['-c', 'profile=staging'], BAA_ACCOUNT);
    expect(exit).toBe(1);
    expect(cdkRuns).toEqual([]);
    expect(lines.join('\n')).toContain('must be one of dev, prod');
  });
});

describe('the context the preflight checks', () => {
  const project = mkdtempSync(join(tmpdir(), 'preflight-project-'));
  const home = mkdtempSync(join(tmpdir(), 'preflight-home-'));
  writeFileSync(
    join(home, '.cdk.json'),
    JSON.stringify({ context: { 'blueprint.natGateways': '0', fromHome: 'h' } }),
  );
  writeFileSync(
    join(project, 'cdk.json'),
    JSON.stringify({ context: { 'blueprint.natGateways': '1', profile: 'dev' } }),
  );
  writeFileSync(join(project, 'cdk.context.json'), JSON.stringify({ 'blueprint.natGateways': '2' }));
  afterAll(() => {
    rmSync(project, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it('gives cdk.json precedence over cdk.context.json over ~/.cdk.json, as the CLI does', () => {
    expect(contextFrom([], project, home)).toMatchObject({
      'blueprint.natGateways': '1',
      profile: 'dev',
      fromHome: 'h',
    });
  });

  it.each([[['-c', 'profile=prod']], [['--context', 'profile=prod']], [['--context=profile=prod']]])(
    'takes %j from the command line over the files',
    (args) => {
      expect(contextFrom(args, project, home).profile).toBe('prod');
    },
  );
});

import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { BlueprintConfig, PLACEHOLDER_ACCOUNTS } from '../config';

/** Who the deploying credentials belong to. */
export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
}

/** The one AWS call the preflight needs, behind an interface so tests can check our side of it. */
export interface IdentitySource {
  callerIdentity(): Promise<CallerIdentity>;
}

/** STS GetCallerIdentity: needs no permissions, so it works for any valid credentials. */
export class StsIdentitySource implements IdentitySource {
  constructor(private readonly client: STSClient) {}

  public static forRegion(region: string): StsIdentitySource {
    return new StsIdentitySource(new STSClient({ region }));
  }

  public async callerIdentity(): Promise<CallerIdentity> {
    const response = await this.client.send(new GetCallerIdentityCommand({}));
    if (!response.Account || !response.Arn) {
      throw new Error('STS GetCallerIdentity returned no account; check the credentials in use.');
    }
    return { account: response.Account, arn: response.Arn };
  }
}

export interface PreflightResult {
  readonly ok: boolean;
  readonly problems: readonly string[];
}

/**
 * Refuses to deploy PHI infrastructure anywhere a Business Associate Agreement does not cover: the credentials
 * must belong to the configured account, that account must be in the BAA allow-list and not a placeholder, and
 * the region must be allowed. Every problem is reported, each with its fix.
 */
export async function preflight(config: BlueprintConfig, identity: IdentitySource): Promise<PreflightResult> {
  const problems: string[] = [];
  if ((PLACEHOLDER_ACCOUNTS as readonly string[]).includes(config.account)) {
    problems.push(
      `account ${config.account} is a placeholder of the ${config.profile} profile: set account and allowedAccounts in lib/config/profiles.ts (or cdk.json context) to your BAA-covered account.`,
    );
  }
  if (!config.allowedAccounts.includes(config.account)) {
    problems.push(
      `account ${config.account} is not in allowedAccounts: only BAA-covered accounts may hold PHI.`,
    );
  }
  if (!config.allowedRegions.includes(config.region)) {
    problems.push(`region ${config.region} is not in allowedRegions (${config.allowedRegions.join(', ')}).`);
  }

  let caller: CallerIdentity | undefined;
  try {
    caller = await identity.callerIdentity();
  } catch (error) {
    problems.push(
      `could not confirm the deploying identity with STS (${(error as Error).name}): sign in to the target account first (aws sso login, or AWS_PROFILE).`,
    );
  }
  if (caller && caller.account !== config.account) {
    problems.push(
      `the credentials belong to account ${caller.account}, but profile ${config.profile} deploys to ${config.account}: switch credentials, or pick the profile for this account with -c profile=NAME.`,
    );
  }
  if (caller && !config.allowedAccounts.includes(caller.account)) {
    problems.push(`the credentials' account ${caller.account} is not covered by a BAA (allowedAccounts).`);
  }
  return { ok: problems.length === 0, problems };
}

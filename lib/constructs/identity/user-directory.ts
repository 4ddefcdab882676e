import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { acknowledge } from '../../compliance/acknowledge';

export interface UserDirectoryProps {
  /** One Cognito group per API role; the API reads the role from `cognito:groups`. */
  readonly roles: readonly string[];
  /** How long a session lasts at most without signing in again. */
  readonly refreshTokenValidity: Duration;
  /**
   * Cognito threat protection (Plus feature plan): compromised credentials and adaptive authentication, enforced.
   * @default true
   */
  readonly threatProtection?: boolean;
  /**
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Access and ID tokens expire after 15 minutes: an idle session ends quickly (automatic logoff). */
export const TOKEN_VALIDITY = Duration.minutes(15);

/**
 * The workforce user directory: administrators create users (no self sign-up), MFA with an authenticator app is
 * required (no SMS), passwords are strong, tokens are short-lived and revocable, and each API role is a group.
 */
export class UserDirectory extends Construct {
  public readonly userPool: cognito.UserPool;
  public readonly apiClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: UserDirectoryProps) {
    super(scope, id);
    const threatProtection = props.threatProtection ?? true;

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      keepOriginal: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(1),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: threatProtection ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      standardThreatProtectionMode: threatProtection
        ? cognito.StandardThreatProtectionMode.FULL_FUNCTION
        : undefined,
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    for (const role of props.roles) {
      new cognito.CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `API role ${role}`,
      });
    }

    this.apiClient = this.userPool.addClient('ApiClient', {
      // Secure Remote Password only: the password never reaches Cognito or the API in the clear.
      authFlows: { userSrp: true },
      generateSecret: false,
      accessTokenValidity: TOKEN_VALIDITY,
      idTokenValidity: TOKEN_VALIDITY,
      refreshTokenValidity: props.refreshTokenValidity,
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });

    if (!threatProtection) {
      acknowledge(this.userPool.node.defaultChild!, {
        rule: 'AwsSolutions-COG8',
        reason:
          'The Essentials feature plan (no threat protection) is chosen by configuration (cognitoThreatProtection: false), allowed outside prod where no real users sign in.',
        compensatingControl:
          'MFA required for every user, no self sign-up, 15-minute tokens, WAF rate limit on the API, and the named config warning in prod',
      });
    }
  }
}

import { ROLES } from '../../../lambda/api/domain/policy';
import { sharedDeployment, templateOf } from '../../support/app';

describe.each(['dev', 'prod'])('UserDirectory (%s)', (profile) => {
  const template = templateOf(sharedDeployment(profile).deployment.api);
  const isProd = profile === 'prod';

  it('has no self sign-up and requires TOTP MFA, never SMS', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
  });

  it('enforces a strong password policy', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 1,
        },
      },
    });
  });

  it(`${isProd ? 'enforces' : 'does not buy'} threat protection and ${isProd ? 'has' : 'lacks'} deletion protection`, () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: isProd ? 'PLUS' : 'ESSENTIALS',
      DeletionProtection: isProd ? 'ACTIVE' : 'INACTIVE',
    });
  });

  it('has one group per API role', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup'));
    expect(groups.map((g) => g.Properties.GroupName).sort()).toEqual([...ROLES].sort());
  });

  it('issues 15-minute access and ID tokens, revocable, over SRP only', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AccessTokenValidity: 15,
      IdTokenValidity: 15,
      RefreshTokenValidity: 480,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
      GenerateSecret: false,
    });
  });
});

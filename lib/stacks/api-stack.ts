import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { ROLES } from '../../lambda/api/domain/policy';
import { logGroupPrefix, wafLogGroupPrefix } from '../config';
import { AuditExport, JwksRefresher, PhiApi, SchemaMigrations } from '../constructs/api';
import { AuditArchive } from '../constructs/audit';
import { PhiDatabase, POSTGRES_PORT } from '../constructs/database';
import { UserDirectory } from '../constructs/identity';
import { TlsLoadBalancer, WebAcl } from '../constructs/ingress';
import { BlueprintStack, BlueprintStackProps } from './blueprint-stack';
import { FoundationStack } from './foundation-stack';
import { removalPolicyOf } from './removal-policy';

export interface ApiStackProps extends BlueprintStackProps {
  readonly foundation: FoundationStack;
  readonly database: PhiDatabase;
  readonly archive: AuditArchive;
}

/** The PHI API and what stands in front of it: the TLS 1.3 load balancer, WAF and the Cognito user directory. */
export class ApiStack extends BlueprintStack {
  public readonly ingress: TlsLoadBalancer;
  public readonly webAcl: WebAcl;
  public readonly users: UserDirectory;
  public readonly api: PhiApi;
  public readonly auditExport: AuditExport;
  public readonly migrations: SchemaMigrations;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, foundation } = props;
    const { keys, network } = foundation;
    const isProd = config.profile === 'prod';
    const removalPolicy = removalPolicyOf(config);
    const auditRetention = config.auditRetentionDays as logs.RetentionDays;
    const logPrefix = logGroupPrefix(config);

    // By id and name, not a lookup: synthesis needs no AWS account.
    const zone =
      config.hostedZoneId === ''
        ? undefined
        : route53.PublicHostedZone.fromHostedZoneAttributes(this, 'Zone', {
            hostedZoneId: config.hostedZoneId,
            zoneName: config.hostedZoneName,
          });
    const certificate =
      config.certificateArn !== ''
        ? acm.Certificate.fromCertificateArn(this, 'Certificate', config.certificateArn)
        : new acm.Certificate(this, 'Certificate', {
            domainName: config.domainName,
            validation: acm.CertificateValidation.fromDns(zone),
          });

    this.ingress = new TlsLoadBalancer(this, 'Ingress', {
      vpc: network.vpc,
      certificate,
      tlsPolicy: config.albTlsPolicy,
      accessLogBucket: foundation.accessLogs.bucket,
      internal: config.albInternal,
      deletionProtection: isProd,
    });
    if (zone) {
      new route53.ARecord(this, 'ApiAlias', {
        zone,
        recordName: config.domainName,
        target: route53.RecordTarget.fromAlias(
          new route53Targets.LoadBalancerTarget(this.ingress.loadBalancer),
        ),
      });
    }
    this.webAcl = new WebAcl(this, 'Waf', {
      loadBalancer: this.ingress.loadBalancer,
      rateLimitPer5Minutes: config.wafRateLimitPer5Minutes,
      logGroupName: wafLogGroupPrefix(config),
      logsKey: keys.auditLogs,
      logRetention: auditRetention,
      removalPolicy,
    });

    this.users = new UserDirectory(this, 'Users', {
      roles: ROLES,
      refreshTokenValidity: Duration.hours(config.refreshTokenValidityHours),
      threatProtection: config.cognitoThreatProtection,
      deletionProtection: isProd,
      removalPolicy,
    });

    const jwksParameterName = `/${config.appName}/${config.profile}/api/jwks`;
    new JwksRefresher(this, 'JwksRefresher', {
      userPool: this.users.userPool,
      parameterName: jwksParameterName,
      logGroupName: `${logPrefix}jwks-refresher`,
      logsKey: keys.auditLogs,
      logRetention: logs.RetentionDays.ONE_YEAR,
      environmentKey: keys.phiData,
      removalPolicy,
    });

    const database = {
      endpointHost: props.database.instance.dbInstanceEndpointAddress,
      port: POSTGRES_PORT,
      databaseName: props.database.databaseName,
      grantConnect: props.database.grantConnect.bind(props.database),
    };
    this.api = new PhiApi(this, 'Api', {
      appName: config.appName,
      vpc: network.vpc,
      subnets: network.applicationSubnets,
      endpointSecurityGroup: network.endpointSecurityGroup,
      database,
      keys: {
        environment: keys.phiData,
        logs: keys.auditLogs,
        fieldLevel: keys.fieldLevel,
        blindIndex: keys.blindIndex,
        grantFieldEncryption: keys.grantFieldEncryption.bind(keys),
        grantBlindIndex: keys.grantBlindIndex.bind(keys),
      },
      userPool: this.users.userPool,
      userPoolClient: this.users.apiClient,
      jwksParameterName,
      listener: this.ingress.httpsListener,
      logGroupName: `${logPrefix}api`,
      logRetention: auditRetention,
      reservedConcurrency: config.apiReservedConcurrency,
      removalPolicy,
    });

    this.migrations = new SchemaMigrations(this, 'Migrations', {
      vpc: network.vpc,
      subnets: network.applicationSubnets,
      endpointSecurityGroup: network.endpointSecurityGroup,
      database: {
        ...database,
        masterSecret: props.database.masterSecret,
        masterSecretKey: keys.phiData,
        instance: props.database.instance,
        allowConnectionsFrom: props.database.allowConnectionsFrom.bind(props.database),
      },
      environmentKey: keys.phiData,
      logsKey: keys.auditLogs,
      logGroupName: `${logPrefix}migrations`,
      logRetention: auditRetention,
      runBefore: [this.api.handler.function],
      removalPolicy,
    });

    this.auditExport = new AuditExport(this, 'AuditExport', {
      appName: config.appName,
      vpc: network.vpc,
      // The data tier has no route out of the VPC: the export's HTTPS egress can reach S3 (gateway endpoint) and
      // the VPC endpoints, and nothing on the internet.
      subnets: network.dataSubnets,
      endpointSecurityGroup: network.endpointSecurityGroup,
      database,
      archive: props.archive,
      environmentKey: keys.phiData,
      logsKey: keys.auditLogs,
      logGroupName: `${logPrefix}audit-export`,
      logRetention: auditRetention,
      interval: Duration.minutes(config.auditExportIntervalMinutes),
      removalPolicy,
    });
  }
}

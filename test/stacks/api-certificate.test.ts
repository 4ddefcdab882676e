import { buildDeployment, templateOf } from '../support/app';

describe('API certificate', () => {
  it('imports the configured certificate by ARN and creates none', () => {
    const template = templateOf(buildDeployment('dev').deployment.api);
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
  });

  it('requests a DNS-validated certificate and an alias when a domain and hosted zone are configured', () => {
    const template = templateOf(
      buildDeployment('dev', {
        certificateArn: '',
        domainName: 'api.dev.example.org',
        hostedZoneId: 'Z0123456789ABCDEFGHIJ',
        hostedZoneName: 'dev.example.org',
      }).deployment.api,
    );
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'api.dev.example.org',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'api.dev.example.org', HostedZoneId: 'Z0123456789ABCDEFGHIJ' }],
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.dev.example.org.',
      Type: 'A',
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
    });
  });
});

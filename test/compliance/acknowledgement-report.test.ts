import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedDocs } from '../../bin/docs';
import { countByPack, packOf } from '../../lib/compliance';

describe('generated acknowledgement report', () => {
  it('is committed and current (run npm run docs)', () => {
    for (const [path, content] of Object.entries(generatedDocs())) {
      expect(readFileSync(join(__dirname, '..', '..', path), 'utf8')).toBe(content);
    }
  });

  it('counts findings per pack', () => {
    expect(packOf('NIST.800.53.R5-LambdaDLQ')).toBe('NIST.800.53.R5');
    expect(
      countByPack([
        { path: 'a', rule: 'AwsSolutions-IAM5[Resource::*]', reason: 'r' },
        { path: 'b', rule: 'HIPAA.Security-LambdaDLQ', reason: 'r' },
        { path: 'c', rule: 'AwsSolutions-IAM4', reason: 'r' },
      ]),
    ).toEqual({ AwsSolutions: 2, 'HIPAA.Security': 1 });
  });
});

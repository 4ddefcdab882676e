import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The domain must stay portable and testable without AWS: adapters import SDKs and drivers, the domain does not.
const DOMAIN = join(__dirname, '..', '..', '..', 'lambda', 'api', 'domain');
const FORBIDDEN = [
  /from '@aws-sdk\//,
  /from 'aws-lambda'/,
  /from 'pg'/,
  /from 'aws-jwt-verify/,
  /from '\.\.\/adapters/,
  /from '\.\.\/http/,
];

describe('lambda/api/domain', () => {
  const files = readdirSync(DOMAIN).filter((f) => f.endsWith('.ts'));

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it.each(files)('%s imports no AWS SDK, driver, HTTP or adapter module', (file) => {
    const imports = readFileSync(join(DOMAIN, file), 'utf8')
      .split('\n')
      .filter((l) => /^\s*(import|export) .* from /.test(l));
    for (const line of imports)
      for (const rule of FORBIDDEN) expect({ line, bad: rule.test(line) }).toEqual({ line, bad: false });
  });
});

import type { ALBEvent } from 'aws-lambda';
import { clientIp, fromAlbEvent, toAlbResult } from '../../../lambda/api/http/alb';

const base: ALBEvent = {
  requestContext: {
    elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/x/1' },
  },
  httpMethod: 'GET',
  path: '/patients',
  headers: {},
  body: '',
  isBase64Encoded: false,
};

describe('ALB event adapter', () => {
  it('decodes percent-encoded query values, which ALB forwards as sent', () => {
    const r = fromAlbEvent(
      { ...base, queryStringParameters: { familyName: 'Al%20pha', birthDate: '1980-01-01' } },
      'r1',
    );
    expect(r.query).toEqual({ familyName: ['Al pha'], birthDate: ['1980-01-01'] });
    expect(r.malformed).toBe(false);
  });

  it('flags an undecodable query instead of throwing', () => {
    expect(fromAlbEvent({ ...base, queryStringParameters: { ssn: '%E0%A4%A' } }, 'r1').malformed).toBe(true);
  });

  it('keeps every value of a repeated parameter in multi-value mode', () => {
    const r = fromAlbEvent(
      {
        ...base,
        multiValueQueryStringParameters: { ssn: ['1', '2'] },
        multiValueHeaders: { Accept: ['a', 'b'] },
      },
      'r1',
    );
    expect(r.query.ssn).toEqual(['1', '2']);
    expect(r.headers.accept).toBe('a');
  });

  it('decodes base64 bodies', () => {
    const r = fromAlbEvent(
      { ...base, body: Buffer.from('{"a":1}').toString('base64'), isBase64Encoded: true },
      'r1',
    );
    expect(r.body?.toString()).toBe('{"a":1}');
  });

  it('records the address ALB appended, not what the client wrote before it', () => {
    expect(clientIp('198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
    expect(clientIp('203.0.113.7, not-an-ip')).toBeNull();
    expect(clientIp(undefined)).toBeNull();
  });

  it('answers in the shape the request used', () => {
    const single = toAlbResult({ status: 404, headers: { a: 'b' }, body: { x: 1 } }, false);
    expect(single).toMatchObject({
      statusCode: 404,
      statusDescription: '404 Not Found',
      headers: { a: 'b' },
      body: '{"x":1}',
    });
    const multi = toAlbResult({ status: 204, headers: { a: 'b' } }, true);
    expect(multi).toMatchObject({ statusCode: 204, multiValueHeaders: { a: ['b'] }, body: '' });
    expect(multi.headers).toBeUndefined();
  });
});

// The CDK's built-in CloudFormation schema validation costs about 2 s per test file and checks nothing the tests
// assert; `cdk synth` (the main job) and test/bin/app.test.ts still run it. The check packs run in tests through
// `validateScope` and the guard test, unaffected by this switch.
process.env.CDK_VALIDATION = 'false';

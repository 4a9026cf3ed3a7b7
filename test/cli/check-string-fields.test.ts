import { runCli } from '../fixtures/cli';
import { type FileTree, writeTree } from '../fixtures/manifest-files';

// An unquoted `true` or `8080` where Kubernetes takes a string: the API server would refuse the object, and
// the rules read the field as unset, so the check warns at the object and still checks it.

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-internal: true
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 80}]
`;

describe('harden check on values that are not strings where Kubernetes takes only strings', () => {
  let tree: FileTree;
  beforeAll(() => {
    tree = writeTree({ 'svc.yaml': `# the web tier\n${SERVICE}` });
  });
  afterAll(() => tree.remove());

  it('warns at the object, says how to fix it, and keeps the exit code of the findings', async () => {
    const run = await runCli(['check', 'svc.yaml'], { cwd: tree.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "harden: warning: svc.yaml:2: metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-internal'] is not a string: YAML reads the unquoted value as the boolean true; the API server takes only strings there and refuses the object, and the rules read it as unset; quote the value as you wrote it\n",
    );
    expect(run.stdout).toContain('service-no-public-load-balancer');
  });

  it('lists the warning in the JSON report', async () => {
    const run = await runCli(['check', 'svc.yaml', '--format', 'json'], { cwd: tree.dir });
    const report = JSON.parse(run.stdout) as {
      summary: { warnings: number };
      warnings: { file: string; line: number; message: string }[];
    };
    expect(report.summary.warnings).toBe(1);
    expect(report.warnings).toEqual([
      { file: 'svc.yaml', line: 2, message: expect.stringMatching(/is not a string: YAML reads/) },
    ]);
  });

  it('says nothing when the value is quoted', async () => {
    const quoted = writeTree({ 'svc.yaml': SERVICE.replace(': true', ": 'true'") });
    try {
      const run = await runCli(['check', 'svc.yaml'], { cwd: quoted.dir });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
    } finally {
      quoted.remove();
    }
  });
});

import { podApiWarnings } from '../../policies/src/kubernetes/pod-api-warnings';
import { runCli } from '../fixtures/cli';
import { writeTree } from '../fixtures/manifest-files';
import { workload } from '../fixtures/pods';

// The API server's own warnings about a pod template (pkg/api/pod/warnings.go) that bear on what the rules
// see: an annotation that no longer does what it says, an env variable defined twice.

const pathsOf = (manifest: ReturnType<typeof workload>) =>
  podApiWarnings(manifest).map((warning) => warning.path);

describe('the API server warnings about a pod template', () => {
  it('flags each env entry that hides an earlier one, as the API server does', () => {
    // The cases of the API server's own test ("duplicate env"): only the last entry, which refers to the
    // earlier value twice, is not a warning.
    const env = [
      { name: 'b', value: 'b' },
      { name: 'b', value: 'b' },
      { name: 'b', value: 'other' },
      { name: 'b', value: '' },
      { name: 'b', value: '$(b)' },
      { name: 'b', valueFrom: {} },
      { name: 'b', value: '$(b) $(b)' },
      { name: 'PATH', value: '/usr/bin' },
      { name: 'PATH', value: '$(PATH):/opt/bin' },
    ];
    const manifest = workload({ containers: [{ name: 'app', image: 'app:1', env }] });
    expect(pathsOf(manifest)).toEqual(
      [1, 2, 3, 4, 5].map((i) => `spec.template.spec.containers[0].env[${i}]`),
    );
    expect(podApiWarnings(manifest)[0]!.message).toBe(
      "Deployment/api: container 'app' defines env 'b' again at spec.template.spec.containers[0].env[1], hiding its definition at env[0] (server-side apply keeps only one of them); remove one of the two",
    );
  });

  it('flags a seccomp annotation only where no seccompProfile field stands beside it', () => {
    const annotations = {
      'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default',
      'container.seccomp.security.alpha.kubernetes.io/app': 'runtime/default',
      'container.seccomp.security.alpha.kubernetes.io/sidecar': 'runtime/default',
    };
    const manifest = workload(
      {
        containers: [
          { name: 'app', image: 'app:1' },
          {
            name: 'sidecar',
            image: 'proxy:1',
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          },
        ],
      },
      { annotations },
    );
    expect(podApiWarnings(manifest)).toEqual([
      {
        path: "spec.template.metadata.annotations['seccomp.security.alpha.kubernetes.io/pod']",
        message:
          "Deployment/api: annotation 'seccomp.security.alpha.kubernetes.io/pod' at spec.template.metadata.annotations['seccomp.security.alpha.kubernetes.io/pod'] has had no effect since Kubernetes v1.27, so the pod gets no seccomp profile from it; set spec.template.spec.securityContext.seccompProfile (type: RuntimeDefault) instead",
      },
      {
        path: "spec.template.metadata.annotations['container.seccomp.security.alpha.kubernetes.io/app']",
        message: expect.stringContaining(
          "so container 'app' gets no seccomp profile from it; set spec.template.spec.containers[0].securityContext.seccompProfile",
        ),
      },
    ]);
    const withPodField = workload(
      {
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{ name: 'x', image: 'x:1' }],
      },
      { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' } },
    );
    expect(podApiWarnings(withPodField)).toEqual([]);
  });

  it('flags the sysctl annotations, and an AppArmor annotation without the field of the pod or the container', () => {
    const annotations = {
      'security.alpha.kubernetes.io/unsafe-sysctls': 'kernel.msgmax=65536',
      'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default',
      'container.apparmor.security.beta.kubernetes.io/pinned': 'runtime/default',
    };
    const manifest = workload(
      {
        containers: [
          { name: 'app', image: 'app:1' },
          {
            name: 'pinned',
            image: 'app:1',
            securityContext: { appArmorProfile: { type: 'RuntimeDefault' } },
          },
        ],
      },
      { annotations, kind: 'Pod' },
    );
    expect(pathsOf(manifest)).toEqual([
      "metadata.annotations['security.alpha.kubernetes.io/unsafe-sysctls']",
      "metadata.annotations['container.apparmor.security.beta.kubernetes.io/app']",
    ]);
    const podWide = workload(
      {
        securityContext: { appArmorProfile: { type: 'RuntimeDefault' } },
        containers: [{ name: 'app', image: 'a:1' }],
      },
      { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' } },
    );
    expect(podApiWarnings(podWide)).toEqual([]);
  });

  it('flags a container that takes the name of another of any kind, where the API server refuses it', () => {
    // ValidatePodSpec checks containers, then init containers, then ephemeral containers against all before.
    const manifest = workload(
      {
        initContainers: [{ name: 'setup', image: 'setup:1' }, { name: 'app', image: 'migrate:1' }, {}],
        containers: [
          { name: 'app', image: 'app:1' },
          { name: 'proxy', image: 'proxy:1' },
          { name: 'proxy', image: 'proxy:2' },
          { image: 'unnamed:1' },
        ],
        ephemeralContainers: [{ name: 'setup', image: 'debug:1' }],
      },
      { kind: 'Pod' },
    );
    expect(pathsOf(manifest)).toEqual([
      'spec.containers[2].name',
      'spec.initContainers[1].name',
      'spec.ephemeralContainers[0].name',
    ]);
    expect(podApiWarnings(manifest)[1]!.message).toBe(
      "Pod/api: init container 'app' at spec.initContainers[1] has the name of container 'app' at spec.containers[0], and the API server refuses a pod whose containers share a name; rename one of them",
    );
    const distinct = workload({
      initContainers: [{ name: 'setup', image: 'setup:1' }],
      containers: [{ name: 'app', image: 'app:1' }],
    });
    expect(podApiWarnings(distinct)).toEqual([]);
  });

  it('says nothing about objects without pods', () => {
    expect(
      podApiWarnings({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } }),
    ).toEqual([]);
  });
});

describe('harden check on a pod template the API server would warn about', () => {
  it('warns at the object and still checks it', async () => {
    const tree = writeTree({
      'deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata:
      labels: {app: api}
      annotations:
        seccomp.security.alpha.kubernetes.io/pod: runtime/default
    spec:
      containers:
        - name: app
          image: app:1.0
`,
    });
    try {
      const run = await runCli(['check', 'deploy.yaml', '--profile', 'pss-restricted'], { cwd: tree.dir });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        "harden: warning: deploy.yaml:1: Deployment/api: annotation 'seccomp.security.alpha.kubernetes.io/pod' at spec.template.metadata.annotations['seccomp.security.alpha.kubernetes.io/pod'] has had no effect since Kubernetes v1.27",
      );
      expect(run.stdout).toContain('pss-seccomp-restricted');
    } finally {
      tree.remove();
    }
  });
});

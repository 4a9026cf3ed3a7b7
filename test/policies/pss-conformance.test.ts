import type { PssLevel } from '../../policies/src/catalog/types';
import { NEWEST_KNOWN_PSS_MINOR } from '../../policies/src/engine/pss-version';
import type { Manifest } from '../../policies/src/engine/types';
import { PSS_CHECKS, pssRuleIds } from '../../policies/src/kubernetes/pss-profile';
import { pssRules } from '../../policies/src/registry/pss';
import { allVersions, type Data, mutate, pssOptions, workload } from '../fixtures/pods';

/**
 * Conformance with upstream Pod Security Admission, ported from its test fixtures
 * (staging/src/k8s.io/pod-security-admission/test/fixtures*.go): for every level and policy version, PSA's
 * minimal valid pod, and per check the pods its fixture generators expect to be admitted and rejected.
 * Admitted by PSA ⇒ no finding from the rules PSA runs at that level and version; rejected ⇒ at least one.
 */

/** A pod as PSA's fixtures build it: metadata (annotations) and spec. */
interface Pod {
  readonly metadata: Data;
  readonly spec: Data;
}

/** Copies `pod` and applies `change`, as PSA's `tweak`. */
const tweak = (pod: Pod, change: (pod: Data) => void): Pod => mutate(pod, change);

/** PSA's `ensureSecurityContext`: the pod and both containers have a security context. */
const withContexts = (pod: Pod): Pod =>
  tweak(pod, (p) => {
    p.spec.securityContext ??= {};
    for (const c of [...p.spec.initContainers, ...p.spec.containers]) c.securityContext ??= {};
  });

const IMAGE = 'registry.k8s.io/pause';

/** PSA's minimal valid pods: baseline (valid at every version) and restricted, as of each version. */
function minimalPod(level: PssLevel, minor: number): Pod {
  let pod: Pod = {
    metadata: {},
    spec: {
      initContainers: [{ name: 'initcontainer1', image: IMAGE }],
      containers: [{ name: 'container1', image: IMAGE }],
    },
  };
  if (level === 'baseline') return pod;
  pod = tweak(pod, (p) => {
    p.spec.securityContext = { runAsNonRoot: true };
  });
  if (minor >= 8) {
    pod = tweak(pod, (p) => {
      for (const c of [...p.spec.initContainers, ...p.spec.containers])
        c.securityContext = { allowPrivilegeEscalation: false };
    });
  }
  if (minor >= 19) {
    pod = tweak(pod, (p) => {
      p.spec.securityContext.seccompProfile = { type: 'RuntimeDefault' };
    });
  }
  if (minor >= 22) {
    pod = tweak(pod, (p) => {
      for (const c of [...p.spec.initContainers, ...p.spec.containers])
        c.securityContext.capabilities = { drop: ['ALL'] };
    });
  }
  return pod;
}

/** Pods a check's fixtures expect admitted (`pass`) and rejected (`fail`), from the minimal valid pod. */
interface Generator {
  pass(pod: Pod, level: PssLevel): Pod[];
  fail(pod: Pod, level: PssLevel): Pod[];
}

/** Shorthand: the pod with `change` applied to its spec. */
const spec = (pod: Pod, change: (spec: Data) => void): Pod => tweak(pod, (p) => change(p.spec));
/** The container and the init container (after {@link withContexts}). */
const app = (s: Data): Data => s.containers[0];
const init = (s: Data): Data => s.initContainers[0];

const SAFE_SYSCTLS: Readonly<Record<number, string[]>> = {
  0: [
    'kernel.shm_rmid_forced',
    'net.ipv4.ip_local_port_range',
    'net.ipv4.tcp_syncookies',
    'net.ipv4.ping_group_range',
    'net.ipv4.ip_unprivileged_port_start',
  ],
  27: ['net.ipv4.ip_local_reserved_ports'],
  29: [
    'net.ipv4.tcp_keepalive_time',
    'net.ipv4.tcp_fin_timeout',
    'net.ipv4.tcp_keepalive_intvl',
    'net.ipv4.tcp_keepalive_probes',
  ],
  32: ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'],
};
const sysctlsUpTo = (minor: number) =>
  Object.entries(SAFE_SYSCTLS)
    .filter(([since]) => Number(since) <= minor)
    .flatMap(([, names]) => names);
const withSysctls = (pod: Pod, names: string[]) =>
  spec(withContexts(pod), (s) => {
    s.securityContext.sysctls = names.map((name) => ({ name, value: '0' }));
  });
const sysctls = (minor: number, notYet: string): Generator => ({
  pass: (pod) => [withSysctls(pod, sysctlsUpTo(minor))],
  fail: (pod) => [
    withSysctls(pod, ['othersysctl']),
    withSysctls(pod, [notYet]),
    withSysctls(pod, ['net.core.somaxconn']),
  ],
});

const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];
const SELINUX_TYPES_1_0 = ['container_t', 'container_init_t', 'container_kvm_t'];
const seLinuxPass = (pod: Pod, types: string[]) => [
  spec(withContexts(pod), (s) => {
    s.securityContext.seLinuxOptions = {};
  }),
  ...types.map((type) =>
    spec(withContexts(pod), (s) => {
      s.securityContext.seLinuxOptions = { type };
      app(s).securityContext.seLinuxOptions = { type, level: 's0:c1,c2' };
      init(s).securityContext.seLinuxOptions = { type: '' };
    }),
  ),
];
const seLinuxFail = (pod: Pod, extraTypes: string[]) => [
  spec(withContexts(pod), (s) => (s.securityContext.seLinuxOptions = { type: 'spc_t' })),
  spec(withContexts(pod), (s) => (app(s).securityContext.seLinuxOptions = { user: 'system_u' })),
  spec(withContexts(pod), (s) => (init(s).securityContext.seLinuxOptions = { role: 'system_r' })),
  ...extraTypes.map((type) =>
    spec(withContexts(pod), (s) => (app(s).securityContext.seLinuxOptions = { type })),
  ),
];
const procMount = (pod: Pod, value: string, hostUsers?: boolean) =>
  spec(withContexts(pod), (s) => {
    app(s).securityContext.procMount = value;
    init(s).securityContext.procMount = 'Default';
    if (hostUsers !== undefined) s.hostUsers = hostUsers;
  });
const windows = (pod: Pod, change: (s: Data) => void) =>
  spec(withContexts(pod), (s) => {
    s.os = { name: 'windows' };
    change(s);
  });
const hostUsersFalse = (pod: Pod, change: (s: Data) => void) =>
  spec(withContexts(pod), (s) => {
    s.hostUsers = false;
    change(s);
  });
const dropsAll = (pod: Pod) => app(pod.spec).securityContext?.capabilities?.drop?.includes('ALL') === true;

/** Fixture generators per PSA check id, each registered at the minor it applies from. */
const GENERATORS: Readonly<Record<string, Readonly<Record<number, Generator>>>> = {
  hostNamespaces: {
    0: {
      pass: (pod) => [
        spec(pod, (s) => Object.assign(s, { hostNetwork: false, hostPID: false, hostIPC: false })),
      ],
      fail: (pod) =>
        ['hostNetwork', 'hostPID', 'hostIPC'].map((field) => spec(pod, (s) => (s[field] = true))),
    },
  },
  privileged: {
    0: {
      pass: (pod) => [
        spec(withContexts(pod), (s) => {
          for (const c of [app(s), init(s)]) c.securityContext.privileged = false;
        }),
      ],
      fail: (pod) =>
        [app, init].map((which) =>
          spec(withContexts(pod), (s) => (which(s).securityContext.privileged = true)),
        ),
    },
  },
  capabilities_baseline: {
    0: {
      // A pod that drops ALL (restricted from v1.22) may not add them back: PSA generates no pass case then.
      pass: (pod) =>
        dropsAll(pod)
          ? []
          : [
              spec(withContexts(pod), (s) => {
                app(s).securityContext.capabilities = { add: BASELINE_CAPABILITIES };
                init(s).securityContext.capabilities = { add: BASELINE_CAPABILITIES };
              }),
            ],
      fail: (pod) =>
        [
          [app, 'NET_RAW'],
          [init, 'SYS_ADMIN'],
          [app, 'CAP_CHOWN'],
        ].map(([which, capability]) =>
          spec(withContexts(pod), (s) => {
            const context = (which as (s: Data) => Data)(s).securityContext;
            context.capabilities = { ...context.capabilities, add: [capability] };
          }),
        ),
    },
  },
  hostPathVolumes: {
    0: {
      pass: (pod) => [pod],
      fail: (pod) => [
        spec(pod, (s) => (s.volumes = [{ name: 'volume-hostpath', hostPath: { path: '/a' } }])),
        spec(
          pod,
          (s) =>
            (s.volumes = [
              { name: 'ok', emptyDir: {} },
              { name: 'volume-hostpath', hostPath: { path: '/b' } },
            ]),
        ),
      ],
    },
  },
  hostPorts: {
    0: {
      pass: (pod) => [
        spec(pod, (s) => (app(s).ports = [{ containerPort: 12345 }, { containerPort: 12346, hostPort: 0 }])),
      ],
      fail: (pod) => [
        spec(pod, (s) => (app(s).ports = [{ containerPort: 12345, hostPort: 12345 }])),
        spec(pod, (s) => (init(s).ports = [{ containerPort: 12346, hostPort: 12346 }])),
      ],
    },
  },
  appArmorProfile: {
    0: {
      pass: (pod) => [
        tweak(pod, (p) => {
          p.metadata.annotations = {
            'container.apparmor.security.beta.kubernetes.io/container1': 'runtime/default',
            'container.apparmor.security.beta.kubernetes.io/initcontainer1': 'localhost/foo',
          };
        }),
        spec(withContexts(pod), (s) => (s.securityContext.appArmorProfile = { type: 'RuntimeDefault' })),
        spec(
          withContexts(pod),
          (s) => (app(s).securityContext.appArmorProfile = { type: 'Localhost', localhostProfile: 'foo' }),
        ),
      ],
      fail: (pod) => [
        ...['container1', 'initcontainer1'].map((name) =>
          tweak(pod, (p) => {
            p.metadata.annotations = {
              [`container.apparmor.security.beta.kubernetes.io/${name}`]: 'unconfined',
            };
          }),
        ),
        spec(withContexts(pod), (s) => (s.securityContext.appArmorProfile = { type: 'Unconfined' })),
        spec(withContexts(pod), (s) => (init(s).securityContext.appArmorProfile = { type: 'Unconfined' })),
      ],
    },
  },
  seLinuxOptions: {
    0: {
      pass: (pod) => seLinuxPass(pod, SELINUX_TYPES_1_0),
      fail: (pod) => seLinuxFail(pod, ['container_engine_t']),
    },
    31: {
      pass: (pod) => seLinuxPass(pod, [...SELINUX_TYPES_1_0, 'container_engine_t']),
      fail: (pod) => seLinuxFail(pod, []),
    },
  },
  procMount: {
    0: {
      pass: (pod) => [procMount(pod, 'Default')],
      fail: (pod) => [procMount(pod, 'Unmasked'), procMount(pod, 'Unmasked', false)],
    },
    35: {
      // The user-namespace relaxation is baseline's; restricted keeps rejecting it (procMount_restricted).
      pass: (pod, level) => [
        procMount(pod, 'Default'),
        ...(level === 'baseline' ? [procMount(pod, 'Unmasked', false)] : []),
      ],
      fail: (pod, level) => [
        procMount(pod, 'Unmasked'),
        procMount(pod, 'Unmasked', true),
        ...(level === 'restricted' ? [procMount(pod, 'Unmasked', false)] : []),
      ],
    },
  },
  seccompProfile_baseline: {
    0: {
      pass: (pod) => [
        tweak(
          pod,
          (p) => (p.metadata.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' }),
        ),
        tweak(
          pod,
          (p) =>
            (p.metadata.annotations = {
              'container.seccomp.security.alpha.kubernetes.io/container1': 'docker/default',
            }),
        ),
        tweak(
          pod,
          (p) => (p.metadata.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'localhost/foo' }),
        ),
      ],
      fail: (pod) => [
        tweak(
          pod,
          (p) => (p.metadata.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' }),
        ),
        tweak(
          pod,
          (p) =>
            (p.metadata.annotations = {
              'container.seccomp.security.alpha.kubernetes.io/initcontainer1': 'unconfined',
            }),
        ),
      ],
    },
    19: {
      pass: (pod) => [
        spec(withContexts(pod), (s) => (s.securityContext.seccompProfile = { type: 'RuntimeDefault' })),
        spec(
          withContexts(pod),
          (s) => (app(s).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p' }),
        ),
        // From v1.19 the annotations are no longer read.
        tweak(
          pod,
          (p) => (p.metadata.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' }),
        ),
      ],
      fail: (pod) => [
        spec(withContexts(pod), (s) => (s.securityContext.seccompProfile = { type: 'Unconfined' })),
        spec(withContexts(pod), (s) => (app(s).securityContext.seccompProfile = { type: 'Unconfined' })),
        spec(withContexts(pod), (s) => (init(s).securityContext.seccompProfile = { type: 'Unconfined' })),
      ],
    },
  },
  sysctls: {
    0: sysctls(0, 'net.ipv4.ip_local_reserved_ports'),
    27: sysctls(27, 'net.ipv4.tcp_keepalive_time'),
    29: sysctls(29, 'net.ipv4.tcp_rmem'),
    32: sysctls(32, 'net.ipv4.tcp_slow_start_after_idle'),
    37: sysctls(37, 'kernel.msgmax'),
  },
  windowsHostProcess: {
    0: {
      pass: (pod) => [
        spec(withContexts(pod), (s) => {
          s.securityContext.windowsOptions = { hostProcess: false };
          app(s).securityContext.windowsOptions = { hostProcess: false };
        }),
      ],
      fail: (pod) => [
        spec(withContexts(pod), (s) => (s.securityContext.windowsOptions = { hostProcess: true })),
        spec(withContexts(pod), (s) => (init(s).securityContext.windowsOptions = { hostProcess: true })),
      ],
    },
  },
  hostProbesAndHostLifecycle: {
    34: {
      pass: (pod) => [
        spec(pod, (s) => (app(s).livenessProbe = { httpGet: { path: '/', port: 8080 } })),
        spec(pod, (s) => (app(s).readinessProbe = { tcpSocket: { port: 8080, host: '' } })),
      ],
      fail: (pod) => [
        spec(pod, (s) => (app(s).livenessProbe = { httpGet: { port: 80, host: 'bad.host' } })),
        spec(pod, (s) => (app(s).readinessProbe = { tcpSocket: { port: 80, host: 'bad.host' } })),
        spec(pod, (s) => (init(s).startupProbe = { httpGet: { port: 80, host: 'bad.host' } })),
        spec(pod, (s) => (app(s).lifecycle = { postStart: { httpGet: { port: 80, host: 'bad.host' } } })),
        spec(pod, (s) => (app(s).lifecycle = { preStop: { tcpSocket: { port: 80, host: 'bad.host' } } })),
      ],
    },
  },
  restrictedVolumes: {
    0: {
      pass: (pod) => [
        spec(pod, (s) => {
          s.volumes = [
            { name: 'volume0' },
            { name: 'volume1', emptyDir: {} },
            { name: 'volume2', secret: { secretName: 'test' } },
            { name: 'volume3', persistentVolumeClaim: { claimName: 'test' } },
            { name: 'volume4', downwardAPI: { items: [] } },
            { name: 'volume5', configMap: { name: 'test' } },
            { name: 'volume6', projected: { sources: [] } },
            { name: 'volume7', csi: { driver: 'inline.storage.kubernetes.io' } },
            { name: 'volume8', ephemeral: { volumeClaimTemplate: { spec: {} } } },
            { name: 'volume9', image: { reference: 'registry.k8s.io/data:1' } },
          ];
        }),
      ],
      fail: (pod) =>
        [
          'gcePersistentDisk',
          'awsElasticBlockStore',
          'gitRepo',
          'nfs',
          'iscsi',
          'glusterfs',
          'rbd',
          'flexVolume',
          'cinder',
          'cephfs',
          'flocker',
          'fc',
          'azureFile',
          'vsphereVolume',
          'quobyte',
          'azureDisk',
          'portworxVolume',
          'scaleIO',
          'storageos',
          'hostPath',
        ].map((source) => spec(pod, (s) => (s.volumes = [{ name: 'volume1', [source]: {} }]))),
    },
  },
  allowPrivilegeEscalation: {
    8: {
      pass: (pod) => [pod],
      fail: (pod) => [
        spec(withContexts(pod), (s) => delete app(s).securityContext.allowPrivilegeEscalation),
        spec(withContexts(pod), (s) => (init(s).securityContext.allowPrivilegeEscalation = true)),
      ],
    },
    25: {
      pass: (pod) => [pod, windows(pod, (s) => delete app(s).securityContext.allowPrivilegeEscalation)],
      fail: (pod) => [
        spec(withContexts(pod), (s) => delete app(s).securityContext.allowPrivilegeEscalation),
        spec(withContexts(pod), (s) => (init(s).securityContext.allowPrivilegeEscalation = true)),
      ],
    },
  },
  runAsNonRoot: {
    0: {
      pass: (pod) => [
        spec(withContexts(pod), (s) => (s.securityContext.runAsNonRoot = true)),
        spec(withContexts(pod), (s) => {
          delete s.securityContext.runAsNonRoot;
          app(s).securityContext.runAsNonRoot = true;
          init(s).securityContext.runAsNonRoot = true;
        }),
      ],
      fail: (pod) => [
        spec(withContexts(pod), (s) => delete s.securityContext.runAsNonRoot),
        spec(withContexts(pod), (s) => (s.securityContext.runAsNonRoot = false)),
        spec(withContexts(pod), (s) => (app(s).securityContext.runAsNonRoot = false)),
        spec(withContexts(pod), (s) => (init(s).securityContext.runAsNonRoot = false)),
        // Before v1.35, a user namespace relaxes nothing.
        hostUsersFalse(pod, (s) => (s.securityContext.runAsNonRoot = false)),
      ],
    },
    35: {
      pass: (pod) => [
        spec(withContexts(pod), (s) => (s.securityContext.runAsNonRoot = true)),
        hostUsersFalse(pod, (s) => (s.securityContext.runAsNonRoot = false)),
        hostUsersFalse(pod, (s) => delete s.securityContext.runAsNonRoot),
      ],
      fail: (pod) => [
        spec(withContexts(pod), (s) => delete s.securityContext.runAsNonRoot),
        spec(withContexts(pod), (s) => (app(s).securityContext.runAsNonRoot = false)),
        spec(withContexts(pod), (s) => {
          s.hostUsers = true;
          s.securityContext.runAsNonRoot = false;
        }),
      ],
    },
  },
  runAsUser: {
    23: {
      pass: (pod) => [
        spec(withContexts(pod), (s) => (s.securityContext.runAsUser = 1000)),
        spec(withContexts(pod), (s) => (app(s).securityContext.runAsUser = 1000)),
      ],
      fail: (pod) => [
        spec(withContexts(pod), (s) => (s.securityContext.runAsUser = 0)),
        spec(withContexts(pod), (s) => (app(s).securityContext.runAsUser = 0)),
        spec(withContexts(pod), (s) => (init(s).securityContext.runAsUser = 0)),
        hostUsersFalse(pod, (s) => (s.securityContext.runAsUser = 0)),
      ],
    },
    35: {
      pass: (pod) => [
        spec(withContexts(pod), (s) => (s.securityContext.runAsUser = 1000)),
        hostUsersFalse(pod, (s) => (s.securityContext.runAsUser = 0)),
        hostUsersFalse(pod, (s) => (app(s).securityContext.runAsUser = 0)),
      ],
      fail: (pod) => [
        spec(withContexts(pod), (s) => (s.securityContext.runAsUser = 0)),
        spec(withContexts(pod), (s) => (init(s).securityContext.runAsUser = 0)),
      ],
    },
  },
  seccompProfile_restricted: {
    19: {
      pass: (pod) => [
        spec(withContexts(pod), (s) => (s.securityContext.seccompProfile = { type: 'RuntimeDefault' })),
        spec(
          withContexts(pod),
          (s) => (s.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'testing' }),
        ),
        spec(withContexts(pod), (s) => {
          delete s.securityContext.seccompProfile;
          app(s).securityContext.seccompProfile = { type: 'RuntimeDefault' };
          init(s).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'testing' };
        }),
      ],
      fail: (pod) => [
        spec(withContexts(pod), (s) => delete s.securityContext.seccompProfile),
        spec(withContexts(pod), (s) => (s.securityContext.seccompProfile = { type: 'Unconfined' })),
        spec(withContexts(pod), (s) => {
          delete s.securityContext.seccompProfile;
          app(s).securityContext.seccompProfile = { type: 'RuntimeDefault' };
        }),
        spec(withContexts(pod), (s) => {
          delete s.securityContext.seccompProfile;
          init(s).securityContext.seccompProfile = { type: 'RuntimeDefault' };
        }),
        spec(withContexts(pod), (s) => {
          delete s.securityContext.seccompProfile;
          app(s).securityContext.seccompProfile = { type: 'RuntimeDefault' };
          init(s).securityContext.seccompProfile = { type: 'Unconfined' };
        }),
        // Windows pods are exempt only from v1.25.
        windows(pod, (s) => delete s.securityContext.seccompProfile),
      ],
    },
    25: {
      pass: (pod) => [pod, windows(pod, (s) => delete s.securityContext.seccompProfile)],
      fail: (pod) => [
        spec(withContexts(pod), (s) => delete s.securityContext.seccompProfile),
        spec(withContexts(pod), (s) => (s.securityContext.seccompProfile = { type: 'Unconfined' })),
        spec(withContexts(pod), (s) => {
          s.os = { name: 'linux' };
          delete s.securityContext.seccompProfile;
        }),
      ],
    },
  },
  capabilities_restricted: {
    22: {
      pass: (pod) => [
        spec(
          withContexts(pod),
          (s) => (app(s).securityContext.capabilities = { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }),
        ),
      ],
      fail: (pod) => [
        spec(withContexts(pod), (s) => delete app(s).securityContext.capabilities),
        spec(withContexts(pod), (s) => (init(s).securityContext.capabilities = { drop: [] })),
        spec(
          withContexts(pod),
          (s) => (app(s).securityContext.capabilities = { drop: ['ALL'], add: ['CHOWN'] }),
        ),
        spec(withContexts(pod), (s) => (app(s).securityContext.capabilities = { drop: ['NET_RAW'] })),
        windows(pod, (s) => delete app(s).securityContext.capabilities),
      ],
    },
    25: {
      pass: (pod) => [pod, windows(pod, (s) => delete app(s).securityContext.capabilities)],
      fail: (pod) => [
        spec(withContexts(pod), (s) => delete app(s).securityContext.capabilities),
        spec(
          withContexts(pod),
          (s) => (app(s).securityContext.capabilities = { drop: ['ALL'], add: ['SYS_ADMIN'] }),
        ),
      ],
    },
  },
  procMount_restricted: {
    35: {
      pass: (pod) => [procMount(pod, 'Default'), procMount(pod, 'Default', false)],
      fail: (pod) => [procMount(pod, 'Unmasked'), procMount(pod, 'Unmasked', false)],
    },
  },
};

/** The generator registered for `check` at the newest minor not above `minor` (PSA's `getFixtures`). */
function generatorFor(check: string, minor: number): Generator | undefined {
  const registered = GENERATORS[check] ?? {};
  const since = Object.keys(registered)
    .map(Number)
    .filter((at) => at <= minor)
    .sort((a, b) => a - b)
    .at(-1);
  return since === undefined ? undefined : registered[since];
}

/** The pod wrapped in `kind`, annotations included. */
const asManifest = (pod: Pod, kind: string): Manifest =>
  workload(pod.spec, { kind, name: 'fixture', annotations: pod.metadata.annotations });

/** Findings the rules PSA runs at `level` and `version` report on `pod`, as `rule: message`. */
function findings(pod: Pod, level: PssLevel, version: string, kind: string): string[] {
  const options = pssOptions(version);
  const ids = new Set(pssRuleIds(level, options.pssVersion));
  const manifest = asManifest(pod, kind);
  return pssRules
    .filter((rule) => ids.has(rule.id))
    .flatMap((rule) => {
      const result = rule.validate(manifest, options);
      if (result.status === 'unknown') throw new Error(`${rule.id} reported unknown on a fixture`);
      return result.findings.map((finding) => `${rule.id}: ${finding.message}`);
    });
}

const LEVELS: readonly PssLevel[] = ['baseline', 'restricted'];
const cases = LEVELS.flatMap((level) =>
  allVersions(NEWEST_KNOWN_PSS_MINOR).map((version) => [level, version] as const),
);

describe.each(['Pod', 'CronJob'])('PSA conformance of the pss rules on a %s', (kind) => {
  test.each(cases)(
    '%s %s: minimal valid pod admitted, fixtures admitted and rejected as PSA does',
    (level, version) => {
      const minor = version === 'latest' ? NEWEST_KNOWN_PSS_MINOR : Number(version.slice(3));
      const minimal = minimalPod(level, minor);
      const problems: string[] = [];
      const minimalFindings = findings(minimal, level, version, kind);
      if (minimalFindings.length > 0) problems.push(`minimal pod: ${minimalFindings.join('; ')}`);

      const checks = PSS_CHECKS.filter(
        (check) =>
          (level === 'restricted' || check.level === 'baseline') && (check.versions[0] ?? Infinity) <= minor,
      );
      let fixtures = 0;
      for (const check of checks) {
        const generator = generatorFor(check.psaCheck, minor);
        if (!generator) {
          problems.push(`${check.psaCheck}: no fixtures at v1.${minor}`);
          continue;
        }
        generator.pass(minimal, level).forEach((pod, index) => {
          fixtures++;
          const found = findings(pod, level, version, kind);
          if (found.length > 0)
            problems.push(`${check.psaCheck} pass[${index}] was rejected: ${found.join('; ')}`);
        });
        generator.fail(minimal, level).forEach((pod, index) => {
          fixtures++;
          if (findings(pod, level, version, kind).length === 0) {
            problems.push(`${check.psaCheck} fail[${index}] was admitted: ${JSON.stringify(pod)}`);
          }
        });
      }
      expect(problems).toEqual([]);
      expect(fixtures).toBeGreaterThan(checks.length);
    },
  );
});

/** Pods whose verdict changes across versions, with PSA's verdict (true = admitted) per level and version. */
const VERDICTS: readonly {
  readonly name: string;
  readonly pod: Pod;
  readonly verdicts: Readonly<Record<string, { baseline: boolean; restricted: boolean }>>;
}[] = [
  {
    name: 'a probe with a host',
    pod: spec(
      minimalPod('restricted', 22),
      (s) => (app(s).livenessProbe = { httpGet: { port: 80, host: '10.0.0.1' } }),
    ),
    verdicts: {
      'v1.33': { baseline: true, restricted: true },
      'v1.34': { baseline: false, restricted: false },
      latest: { baseline: false, restricted: false },
    },
  },
  {
    name: 'a user-namespaced pod running as root with /proc unmasked',
    pod: hostUsersFalse(minimalPod('restricted', 22), (s) => {
      s.securityContext.runAsUser = 0;
      delete s.securityContext.runAsNonRoot;
      app(s).securityContext.procMount = 'Unmasked';
    }),
    verdicts: {
      'v1.34': { baseline: false, restricted: false },
      'v1.35': { baseline: true, restricted: false },
      latest: { baseline: true, restricted: false },
    },
  },
  {
    name: 'a user-namespaced pod running as root',
    pod: hostUsersFalse(minimalPod('restricted', 22), (s) => {
      s.securityContext.runAsUser = 0;
      s.securityContext.runAsNonRoot = false;
    }),
    verdicts: {
      'v1.22': { baseline: true, restricted: false },
      'v1.34': { baseline: true, restricted: false },
      'v1.35': { baseline: true, restricted: true },
    },
  },
  {
    name: 'a windows pod without seccomp, capabilities or allowPrivilegeEscalation',
    pod: windows({ metadata: {}, spec: minimalPod('restricted', 0).spec }, () => {}),
    verdicts: {
      'v1.7': { baseline: true, restricted: true },
      'v1.8': { baseline: true, restricted: false },
      'v1.24': { baseline: true, restricted: false },
      'v1.25': { baseline: true, restricted: true },
      latest: { baseline: true, restricted: true },
    },
  },
  {
    name: 'a pod with an Unconfined seccomp field and an unconfined annotation',
    pod: tweak(minimalPod('baseline', 0), (p) => {
      p.spec.securityContext = { seccompProfile: { type: 'Unconfined' } };
      p.metadata.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' };
    }),
    verdicts: {
      'v1.18': { baseline: false, restricted: false },
      'v1.19': { baseline: false, restricted: false },
    },
  },
  {
    name: 'a pod with only an Unconfined seccomp field',
    pod: spec(
      minimalPod('baseline', 0),
      (s) => (s.securityContext = { seccompProfile: { type: 'Unconfined' } }),
    ),
    verdicts: {
      'v1.18': { baseline: true, restricted: false },
      'v1.19': { baseline: false, restricted: false },
    },
  },
  {
    name: 'the container_engine_t SELinux type',
    pod: spec(
      minimalPod('restricted', 22),
      (s) => (s.securityContext.seLinuxOptions = { type: 'container_engine_t' }),
    ),
    verdicts: {
      'v1.30': { baseline: false, restricted: false },
      'v1.31': { baseline: true, restricted: true },
    },
  },
  {
    name: 'sysctl net.ipv4.tcp_rmem',
    pod: withSysctls(minimalPod('restricted', 22), ['net.ipv4.tcp_rmem']),
    verdicts: {
      'v1.31': { baseline: false, restricted: false },
      'v1.32': { baseline: true, restricted: true },
      latest: { baseline: true, restricted: true },
    },
  },
  {
    name: 'an image volume',
    pod: spec(
      minimalPod('restricted', 22),
      (s) => (s.volumes = [{ name: 'data', image: { reference: 'registry.k8s.io/d:1' } }]),
    ),
    verdicts: {
      'v1.0': { baseline: true, restricted: true },
      latest: { baseline: true, restricted: true },
    },
  },
];

describe('PSA verdicts across versions', () => {
  test.each(
    VERDICTS.flatMap(({ name, pod, verdicts }) =>
      Object.entries(verdicts).flatMap(([version, byLevel]) =>
        LEVELS.map((level) => [name, level, version, byLevel[level], pod] as const),
      ),
    ),
  )('%s at %s %s: admitted %s', (_name, level, version, admitted, pod) => {
    const found = findings(pod, level, version, 'Deployment');
    if (admitted) expect(found).toEqual([]);
    else expect(found.length).toBeGreaterThan(0);
  });
});

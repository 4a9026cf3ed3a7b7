import {
  ADMISSION_BOUNDS,
  MATCH_CONDITIONS_COST_BUDGET,
  PER_CALL_COST_LIMIT,
  POLICY_COST_BUDGET,
} from '../../policies/src/admission/bounds';
import { admissionObjects, DEFAULT_ADMISSION_SETTINGS } from '../../policies/src/admission/generate';
import { LONGEST_IMAGE_REFERENCE } from '../../policies/src/admission/image';
import { ruleOptions } from '../../policies/src/engine/options';
import { list, map, obj, policyCost, SCALAR, type Shape, str } from '../fixtures/cel-cost';

/**
 * The worst case at the bounds the policies guard (ADMISSION_BOUNDS). Every cost is linear in the number of
 * containers, env entries and scanned bytes, so its maximum is at a corner of the bounds: all 64 containers
 * in one list (each list in turn), 8 env entries each (512 in all) with 128-character names and 256-byte
 * values (128 KiB in all), 520-character images; 128 RBAC rules of 64 items, 256 subjects, 256 ConfigMap
 * keys of 512-byte values (128 KiB), 64 Ingress rules and TLS entries of one host each; annotations of
 * 256 KiB (the API server's limit for all of an object's annotations).
 */
const B = ADMISSION_BOUNDS;
const probe = obj({
  exec: obj({ command: list(16, str(256)) }),
  httpGet: obj({
    path: str(1024),
    port: str(15),
    host: str(253),
    httpHeaders: list(16, obj({ name: str(256), value: str(1024) })),
  }),
  tcpSocket: obj({ port: str(15), host: str(253) }),
  grpc: obj({ port: SCALAR, service: str(256) }),
});
const quantities = obj({ cpu: str(64), memory: str(64) });
const container = obj({
  name: str(253),
  image: str(LONGEST_IMAGE_REFERENCE),
  securityContext: obj({ readOnlyRootFilesystem: SCALAR }),
  resources: obj({ requests: quantities, limits: quantities }),
  env: list(8, obj({ name: str(B.envNameLength), value: str(B.scannedBytes / B.envEntries) })),
  livenessProbe: probe,
  readinessProbe: probe,
});
const podSpecWith = (inList: string) =>
  obj({
    ...Object.fromEntries(
      ['initContainers', 'containers', 'ephemeralContainers'].map((name) => [
        name,
        list(name === inList ? B.containers : 0, container),
      ]),
    ),
    os: obj({ name: str(16) }),
    restartPolicy: str(16),
    serviceAccountName: str(253),
    serviceAccount: str(253),
    automountServiceAccountToken: SCALAR,
    resources: obj({ requests: quantities, limits: quantities }),
  });
const metadata = obj({
  name: str(253),
  annotations: map(64, str(317), str(256 * 1024)),
  labels: map(64, str(317), str(63)),
  deletionTimestamp: str(32),
});
const items = (length: number) => list(B.ruleItems, str(length));
const objectWith = (inList: string): Shape => {
  const podSpec = podSpecWith(inList);
  const template = obj({ metadata, spec: podSpec });
  return obj({
    kind: str(63),
    metadata,
    automountServiceAccountToken: SCALAR,
    template,
    spec: obj({
      ...podSpec.fields,
      template,
      jobTemplate: obj({ spec: obj({ template }) }),
      type: str(16),
      loadBalancerClass: str(253),
      externalIPs: list(64, str(45)),
      tls: list(B.ingressEntries, obj({ hosts: list(1, str(253)) })),
      rules: list(B.ingressEntries, obj({ host: str(253) })),
    }),
    rules: list(
      B.policyRules,
      obj({
        verbs: items(64),
        apiGroups: items(253),
        resources: items(253),
        resourceNames: items(253),
        nonResourceURLs: items(1024),
      }),
    ),
    subjects: list(B.subjects, obj({ kind: str(16), name: str(1024) })),
    roleRef: obj({ kind: str(16), name: str(253) }),
    data: map(B.configMapKeys, str(253), str(B.scannedBytes / B.configMapKeys)),
  });
};
const request = obj({
  kind: obj({ kind: str(63) }),
  operation: str(6),
  namespace: str(63),
  userInfo: obj({ username: str(512) }),
});
const corners = ['initContainers', 'containers', 'ephemeralContainers'].map((inList) => ({
  object: objectWith(inList),
  oldObject: objectWith(inList),
  request,
}));

describe('admission policy costs', () => {
  const policies = admissionObjects({
    ...DEFAULT_ADMISSION_SETTINGS,
    options: ruleOptions({
      allowedRegistries: Array.from({ length: 16 }, (_, i) => `registry-${i}.example.com/team`),
    }),
  }).objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy');
  const costs = policies.flatMap((policy) =>
    corners.map((inputs) => ({
      name: (policy.metadata as { name: string }).name,
      ...policyCost(policy, inputs),
    })),
  );

  it('keep every expression within the per-expression limit at the bounds', () => {
    const over = costs.flatMap(({ name, expressions }) =>
      expressions.filter((e) => e.cost > PER_CALL_COST_LIMIT).map((e) => `${name} ${e.what}: ${e.cost}`),
    );
    expect(over).toEqual([]);
  });

  it('keep every policy within the budget of one evaluation, and its match conditions within theirs', () => {
    expect(costs.filter((c) => c.total > POLICY_COST_BUDGET).map((c) => `${c.name}: ${c.total}`)).toEqual([]);
    expect(costs.filter((c) => c.matchConditions > MATCH_CONDITIONS_COST_BUDGET).map((c) => c.name)).toEqual(
      [],
    );
  });

  it('reports the worst case of each policy (the figures of docs/ADMISSION.md)', () => {
    const table = policies.map((policy) => {
      const name = (policy.metadata as { name: string }).name;
      const mine = costs.filter((c) => c.name === name);
      return {
        name,
        worstExpression: Math.max(...mine.flatMap((c) => c.expressions.map((e) => e.cost))),
        total: Math.max(...mine.map((c) => c.total)),
      };
    });
    process.stdout.write(`admission cost estimates: ${JSON.stringify(table)}\n`);
    expect(table).toHaveLength(policies.length);
  });
});

import type { Manifest } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { selectorMatches } from '../../policies/src/kubernetes/label-selector';
import { NetworkPolicyModel, type Peer, type Traffic } from '../../policies/src/kubernetes/network-policy';
import { located } from '../fixtures/workloads';

/** A Deployment whose pods carry `labels` and listen on `ports` (name:number[/protocol]). */
function pods(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  ports: string[] = [],
): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'app',
              ports: ports.map((text) => {
                const [portName, rest] = text.split(':') as [string, string];
                const [number, protocol] = rest.split('/');
                return { name: portName, containerPort: Number(number), ...(protocol ? { protocol } : {}) };
              }),
            },
          ],
        },
      },
    },
  };
}

function policy(namespace: string, name: string, spec: Record<string, unknown>): Manifest {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

function namespaceObject(name: string, labels: Record<string, string>): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** The model of `manifests` and a helper to ask it about traffic between named workloads or addresses. */
function cluster(...manifests: Manifest[]) {
  const model = NetworkPolicyModel.fromManifests(located(...manifests));
  const peer = (name: string): Peer => {
    if (/^[0-9a-f.:]+$/.test(name) && /[.:]/.test(name)) return { ip: name };
    const group = model.groups.find((candidate) => candidate.subject === `Deployment/${name}`);
    if (!group) throw new Error(`no workload ${name}`);
    return { pods: group };
  };
  return {
    model,
    verdict: (from: string, to: string, port: number, protocol?: Traffic['protocol']) =>
      model.verdict({ source: peer(from), destination: peer(to), port, protocol }),
  };
}

const a = pods('x', 'a', { pod: 'a' }, ['http:80', 'hello:81']);
const b = pods('x', 'b', { pod: 'b' }, ['http:80']);
const c = pods('y', 'c', { pod: 'c' }, ['http:80', 'dns:53/UDP']);

describe('NetworkPolicyModel', () => {
  describe('isolation and policyTypes', () => {
    it('allows everything between pods no policy selects', () => {
      expect(cluster(a, b).verdict('a', 'b', 80)).toEqual({ egress: true, ingress: true, allowed: true });
    });

    it('defaults unset policyTypes to Ingress only when the policy has no egress rules', () => {
      const onlyIngress = policy('x', 'p', { podSelector: {}, ingress: [] });
      expect(cluster(a, b, onlyIngress).verdict('a', 'b', 80)).toEqual({
        egress: true,
        ingress: false,
        allowed: false,
      });
    });

    it('defaults unset policyTypes to Ingress and Egress when the policy has egress rules', () => {
      const withEgress = policy('x', 'p', {
        podSelector: { matchLabels: { pod: 'a' } },
        egress: [{ to: [{ podSelector: { matchLabels: { pod: 'nobody' } } }] }],
      });
      const { verdict } = cluster(a, b, withEgress);
      expect(verdict('a', 'b', 80).egress).toBe(false);
      expect(verdict('b', 'a', 80).ingress).toBe(false);
    });

    it('ignores ingress rules of a policy whose policyTypes is only Egress', () => {
      const egressOnly = policy('x', 'p', { podSelector: {}, policyTypes: ['Egress'], ingress: [{}] });
      const { verdict } = cluster(a, b, egressOnly);
      expect(verdict('a', 'b', 80)).toEqual({ egress: false, ingress: true, allowed: false });
    });

    it('denies all egress for policyTypes Egress without egress rules', () => {
      const denyEgress = policy('x', 'p', {
        podSelector: { matchLabels: { pod: 'a' } },
        policyTypes: ['Egress'],
      });
      expect(cluster(a, b, denyEgress).verdict('a', 'b', 80).egress).toBe(false);
      expect(cluster(a, b, denyEgress).verdict('b', 'a', 80).allowed).toBe(true);
    });

    it('adds up the rules of every policy that selects a pod', () => {
      const deny = policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
      const allowA = policy('x', 'allow-a', {
        podSelector: { matchLabels: { pod: 'b' } },
        ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'a' } } }] }],
      });
      const { verdict } = cluster(a, b, deny, allowA);
      expect(verdict('a', 'b', 80).allowed).toBe(true);
      expect(verdict('b', 'a', 80).allowed).toBe(false);
    });

    it('lets a rule without from or ports admit every source on every port', () => {
      const open = policy('x', 'p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] });
      const { verdict } = cluster(a, b, c, open);
      expect(verdict('c', 'a', 81).allowed).toBe(true);
      expect(verdict('203.0.113.9', 'a', 81).allowed).toBe(true);
    });

    it('applies a policy only to pods of its own namespace', () => {
      const denyY = policy('y', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
      expect(cluster(a, b, c, denyY).verdict('c', 'a', 80).allowed).toBe(true);
      expect(cluster(a, b, c, denyY).verdict('a', 'c', 80).allowed).toBe(false);
    });
  });

  describe('peers', () => {
    const ingressFrom = (...from: unknown[]) =>
      policy('x', 'p', {
        podSelector: { matchLabels: { pod: 'a' } },
        policyTypes: ['Ingress'],
        ingress: [{ from }],
      });

    it('reads a podSelector alone as pods of the policy namespace', () => {
      const { verdict } = cluster(
        a,
        b,
        pods('y', 'b-elsewhere', { pod: 'b' }),
        ingressFrom({ podSelector: { matchLabels: { pod: 'b' } } }),
      );
      expect(verdict('b', 'a', 80).allowed).toBe(true);
      expect(verdict('b-elsewhere', 'a', 80).allowed).toBe(false);
    });

    it('reads a namespaceSelector alone as every pod of the selected namespaces', () => {
      const { verdict } = cluster(
        a,
        b,
        c,
        ingressFrom({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'y' } } }),
      );
      expect(verdict('c', 'a', 80).allowed).toBe(true);
      expect(verdict('b', 'a', 80).allowed).toBe(false);
    });

    it('ANDs podSelector and namespaceSelector in one peer and ORs separate peers', () => {
      const both = ingressFrom({
        namespaceSelector: { matchLabels: { team: 'blue' } },
        podSelector: { matchLabels: { pod: 'c' } },
      });
      const c2 = pods('y', 'c2', { pod: 'other' });
      const { verdict } = cluster(namespaceObject('y', { team: 'blue' }), a, c, c2, both);
      expect(verdict('c', 'a', 80).allowed).toBe(true);
      expect(verdict('c2', 'a', 80).allowed).toBe(false);
      const either = ingressFrom(
        { namespaceSelector: { matchLabels: { team: 'blue' } } },
        { podSelector: { matchLabels: { pod: 'b' } } },
      );
      const second = cluster(namespaceObject('y', { team: 'blue' }), a, b, c2, either);
      expect(second.verdict('c2', 'a', 80).allowed).toBe(true);
      expect(second.verdict('b', 'a', 80).allowed).toBe(true);
    });

    it('cannot tell a namespace label the input does not declare, except kubernetes.io/metadata.name', () => {
      const byTeam = ingressFrom({ namespaceSelector: { matchLabels: { team: 'blue' } } });
      expect(cluster(a, c, byTeam).verdict('c', 'a', 80)).toEqual({
        egress: true,
        ingress: undefined,
        allowed: undefined,
      });
      const byName = ingressFrom({
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'z' } },
      });
      expect(cluster(a, c, byName).verdict('c', 'a', 80).allowed).toBe(false);
    });

    it('labels a declared namespace with its name, as the API server does', () => {
      const byName = ingressFrom({
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'y' } },
      });
      expect(
        cluster(namespaceObject('y', { team: 'blue' }), a, c, byName).verdict('c', 'a', 80).allowed,
      ).toBe(true);
    });

    it('matches ipBlock against addresses, minus except, and cannot tell a workload’s pod addresses', () => {
      const block = ingressFrom({ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.5.0/24'] } });
      const { verdict } = cluster(a, b, block);
      expect(verdict('10.0.1.7', 'a', 80).allowed).toBe(true);
      expect(verdict('10.0.5.7', 'a', 80).allowed).toBe(false);
      expect(verdict('192.0.2.1', 'a', 80).allowed).toBe(false);
      expect(verdict('b', 'a', 80).allowed).toBe(undefined);
    });

    it('allows egress to addresses in an ipBlock (cyclonus: policy allowing egress to ips)', () => {
      const egress = policy('x', 'vary-egress', {
        podSelector: { matchLabels: { pod: 'a' } },
        policyTypes: ['Egress'],
        egress: [
          {
            ports: [{ port: 80, protocol: 'TCP' }],
            to: [{ podSelector: {} }, { ipBlock: { cidr: '192.168.242.213/24' } }],
          },
          { ports: [{ port: 53, protocol: 'UDP' }] },
        ],
      });
      const { verdict } = cluster(a, b, c, egress);
      expect(verdict('a', '192.168.242.249', 80).allowed).toBe(true);
      expect(verdict('a', '192.168.243.1', 80).allowed).toBe(false);
      expect(verdict('a', 'c', 53, 'UDP').allowed).toBe(true);
      expect(verdict('a', 'b', 80).allowed).toBe(true);
      expect(verdict('a', 'c', 80).allowed).toBe(undefined);
    });
  });

  describe('ports', () => {
    const ingressOn = (...ports: unknown[]) =>
      policy('x', 'p', {
        podSelector: { matchLabels: { pod: 'a' } },
        policyTypes: ['Ingress'],
        ingress: [{ ports }],
      });

    it('lets a protocol without a port allow every port of that protocol only (cyclonus: SCTP implicitly denies TCP)', () => {
      const { verdict } = cluster(a, b, ingressOn({ protocol: 'SCTP' }));
      expect(verdict('b', 'a', 103, 'SCTP').allowed).toBe(true);
      expect(verdict('b', 'a', 103, 'TCP').allowed).toBe(false);
      expect(verdict('1.2.3.4', 'a', 103, 'TCP').allowed).toBe(false);
    });

    it('defaults a port’s protocol to TCP', () => {
      const { verdict } = cluster(a, b, ingressOn({ port: 80 }));
      expect(verdict('b', 'a', 80).allowed).toBe(true);
      expect(verdict('b', 'a', 80, 'UDP').allowed).toBe(false);
    });

    it('resolves a named port against the destination pod’s container ports (cyclonus: ingress to named port)', () => {
      const { verdict } = cluster(a, b, ingressOn({ port: 'hello', protocol: 'TCP' }));
      expect(verdict('1.2.3.4', 'a', 81).allowed).toBe(true);
      expect(verdict('b', 'a', 80).allowed).toBe(false);
    });

    it('resolves a named egress port against the destination, never the source', () => {
      const egress = policy('x', 'p', {
        podSelector: { matchLabels: { pod: 'b' } },
        policyTypes: ['Egress'],
        egress: [{ ports: [{ port: 'hello' }] }],
      });
      const { verdict } = cluster(a, b, egress);
      expect(verdict('b', 'a', 81).allowed).toBe(true);
      expect(verdict('a', 'b', 81).allowed).toBe(true);
      expect(verdict('b', '192.0.2.1', 81).allowed).toBe(false);
    });

    it('allows a range from port to endPort, inclusive', () => {
      const { verdict } = cluster(a, b, ingressOn({ port: 32000, endPort: 32768 }));
      expect(verdict('b', 'a', 32000).allowed).toBe(true);
      expect(verdict('b', 'a', 32768).allowed).toBe(true);
      expect(verdict('b', 'a', 32769).allowed).toBe(false);
    });
  });

  describe('what the input cannot tell', () => {
    it('treats a policy with a value not known until apply as deciding nothing', () => {
      const opaque = policy('x', 'p', { podSelector: UNKNOWN, policyTypes: ['Ingress'] });
      expect(cluster(a, b, opaque).verdict('b', 'a', 80).allowed).toBe(undefined);
    });

    it('ignores NetworkPolicies of other API groups (a CNI’s own kind)', () => {
      const calico = {
        ...policy('x', 'p', { podSelector: {}, policyTypes: ['Ingress'] }),
        apiVersion: 'crd.projectcalico.org/v1',
      };
      expect(cluster(a, b, calico).verdict('b', 'a', 80).allowed).toBe(true);
    });
  });
});

describe('selectorMatches', () => {
  const labels = (values: Record<string, string>, complete = true) => ({ labels: values, complete });

  test.each([
    ['{} selects everything', {}, { app: 'a' }, true],
    ['matchLabels needs every pair', { matchLabels: { app: 'a', tier: 'web' } }, { app: 'a' }, false],
    [
      'In matches a listed value',
      { matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }] },
      { app: 'b' },
      true,
    ],
    [
      'NotIn matches an absent key',
      { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a'] }] },
      {},
      true,
    ],
    [
      'NotIn refuses a listed value',
      { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a'] }] },
      { app: 'a' },
      false,
    ],
    [
      'Exists needs the key',
      { matchExpressions: [{ key: 'app', operator: 'Exists' }] },
      { tier: 'x' },
      false,
    ],
    [
      'DoesNotExist refuses the key',
      { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] },
      { app: '' },
      false,
    ],
    [
      'an unknown operator selects nothing',
      { matchExpressions: [{ key: 'app', operator: 'Like', values: ['a'] }] },
      { app: 'a' },
      false,
    ],
    [
      'matchLabels and matchExpressions are ANDed',
      { matchLabels: { app: 'a' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
      { app: 'a' },
      false,
    ],
  ])('%s', (_case, selector, values, expected) => {
    expect(selectorMatches(selector, labels(values))).toBe(expected);
  });

  it('cannot tell a requirement on a label that incomplete labels do not list', () => {
    expect(selectorMatches({ matchLabels: { team: 'blue' } }, labels({ name: 'y' }, false))).toBe(undefined);
    expect(selectorMatches({ matchLabels: { name: 'z' } }, labels({ name: 'y' }, false))).toBe(false);
  });
});

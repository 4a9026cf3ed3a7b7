import { collectKubernetes } from '../../audit/src/kubernetes/collect-kubernetes';
import type { KubeAnswer, KubeApi } from '../../audit/src/kubernetes/kube-api';
import { eksClusterOf } from '../../audit/src/kubernetes/kube-api';
import { type FakeCluster, startKubeApiServer } from '../fixtures/kube-api-server';
import { al2023Configz } from '../fixtures/kubelet';

/** A KubeApi over the fake API server, with some answers replaced. */
async function withServer<T>(
  cluster: FakeCluster,
  use: (api: KubeApi, paths: string[]) => Promise<T>,
  replace: (path: string, calls: number) => KubeAnswer | undefined = () => undefined,
): Promise<T> {
  const server = await startKubeApiServer(cluster);
  const { openKubeApi } = await import('../../audit/src/kubernetes/kube-api');
  const { api } = await openKubeApi({ kubeconfig: server.kubeconfig() });
  const paths: string[] = [];
  const counts = new Map<string, number>();
  const wrapped: KubeApi = {
    get: async (path) => {
      paths.push(path);
      const calls = (counts.get(path) ?? 0) + 1;
      counts.set(path, calls);
      return replace(path, calls) ?? api.get(path);
    },
  };
  try {
    return await use(wrapped, paths);
  } finally {
    await server.close();
  }
}

const namespace = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, uid: `${name}-uid` },
});
const node = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, uid: `${name}-uid`, labels },
  spec: { providerID: 'aws:///us-east-1a/i-0123456789abcdef0' },
});

describe('collectKubernetes', () => {
  it('starts a list over when its continue token expires, reading every item once', async () => {
    const cluster = { objects: ['a', 'b', 'c', 'd', 'e'].map(namespace), pageSize: 2 };
    const expired = {
      ok: false,
      status: 410,
      error: '410 Gone: The provided continue parameter is too old',
    } as const;
    let expiredOnce = false;
    const read = await withServer(
      cluster,
      (api) => collectKubernetes(api),
      (path) => {
        if (expiredOnce || !path.startsWith('/api/v1/namespaces?limit=500&continue=')) return undefined;
        expiredOnce = true;
        return expired;
      },
    );
    expect(read.gaps).toEqual([]);
    expect(
      read.evidence.objects
        .filter((object) => object.kind === 'Namespace')
        .map((object) => (object.metadata as { name: string }).name),
    ).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('sets apiVersion and kind on list items, which the API leaves out', async () => {
    const read = await withServer({ objects: [namespace('shop')] }, (api) => collectKubernetes(api));
    expect(read.evidence.objects).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', uid: 'shop-uid' } },
    ]);
    expect(read.evidence.serverVersion).toBe('v1.33.1-eks-7308294');
  });

  it("reads every node's kubelet but Fargate's, and names a node whose kubelet does not answer", async () => {
    const cluster: FakeCluster = {
      objects: [
        node('ip-10-0-1-23.ec2.internal'),
        node('ip-10-0-2-45.ec2.internal'),
        node('fargate-ip-10-0-3-9.ec2.internal', { 'eks.amazonaws.com/compute-type': 'fargate' }),
      ],
      configz: {
        'ip-10-0-1-23.ec2.internal': al2023Configz().kubeletconfig,
        'ip-10-0-2-45.ec2.internal': 503,
      },
    };
    const read = await withServer(cluster, (api, paths) =>
      collectKubernetes(api).then((result) => ({ ...result, paths })),
    );
    expect(read.evidence.kubelets.map((kubelet) => kubelet.node)).toEqual(['ip-10-0-1-23.ec2.internal']);
    expect(read.paths.filter((path) => path.includes('fargate'))).toEqual([]);
    expect(read.gaps).toEqual([
      expect.objectContaining({
        what: 'the kubelet configuration of node ip-10-0-2-45.ec2.internal (/api/v1/nodes/ip-10-0-2-45.ec2.internal/proxy/configz)',
        error: expect.stringContaining('503'),
        kinds: ['KubeletConfiguration'],
      }),
    ]);
  });

  it('lists no subresource and no group it does not need', async () => {
    const paths = await withServer({ objects: [] }, (api, seen) => collectKubernetes(api).then(() => seen));
    expect(
      paths.filter((path) => path.includes('metrics.k8s.io') || /\/(scale|status|log|exec)\b/.test(path)),
    ).toEqual([]);
  });
});

describe('the EKS cluster a kubeconfig context names', () => {
  const config = (args: string[]) =>
    ({ getCurrentUser: () => ({ name: 'u', exec: { command: 'aws', args } }) }) as unknown as Parameters<
      typeof eksClusterOf
    >[0];

  it('is read from the ARN aws eks update-kubeconfig names the cluster with', () => {
    expect(eksClusterOf(config([]), 'arn:aws:eks:eu-west-1:111122223333:cluster/payments')).toEqual({
      clusterName: 'payments',
      region: 'eu-west-1',
    });
  });

  it('is read from the aws eks get-token or aws-iam-authenticator arguments otherwise', () => {
    expect(
      eksClusterOf(
        config(['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'payments']),
        'payments.eu-west-1.eksctl.io',
      ),
    ).toEqual({
      clusterName: 'payments',
      region: 'eu-west-1',
    });
    expect(eksClusterOf(config(['token', '-i', 'payments']), 'payments')).toEqual({
      clusterName: 'payments',
    });
    expect(eksClusterOf(config([]), 'kind-local')).toEqual({});
  });
});

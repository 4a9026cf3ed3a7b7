import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** What one GET answered: the parsed JSON body, or why there is none. */
export type KubeAnswer =
  | { readonly ok: true; readonly status: number; readonly body: unknown }
  | {
      readonly ok: false;
      /** The HTTP status; undefined when no answer came (no network, refused, timed out). */
      readonly status: number | undefined;
      /** `403 Forbidden: deployments.apps is forbidden: …` or `connect ECONNREFUSED 10.0.0.1:443`. */
      readonly error: string;
    };

/**
 * The Kubernetes API as `harden audit` uses it: GET and nothing else, so it cannot change the cluster whatever
 * the caller asks for.
 */
export interface KubeApi {
  /** GETs `path` (with its query) from the API server. */
  get(path: string): Promise<KubeAnswer>;
}

/** The cluster a kubeconfig context points at, and the EKS cluster it names when it names one. */
export interface KubeTarget {
  readonly context: string;
  readonly server: string;
  /** From an EKS cluster ARN as the context's cluster name, or the `--cluster-name` of `aws eks get-token`. */
  readonly clusterName?: string;
  readonly region?: string;
}

/** A kubeconfig that cannot be used: missing, or without the context asked for. */
export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
}

/** Where to find the kubeconfig and which context to use. */
export interface KubeconfigOptions {
  /** A kubeconfig file; the default is KUBECONFIG, then ~/.kube/config. */
  readonly kubeconfig?: string;
  /** A context of it; the default is its current context. */
  readonly context?: string;
}

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Opens the API server of a kubeconfig context with `@kubernetes/client-node` (its CA, client certificate,
 * token or exec plugin such as `aws eks get-token`). Throws {@link KubeconfigError} naming what is missing.
 */
export async function openKubeApi(options: KubeconfigOptions): Promise<{ api: KubeApi; target: KubeTarget }> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const config = new KubeConfig();
  try {
    if (options.kubeconfig) config.loadFromFile(options.kubeconfig);
    else config.loadFromDefault();
  } catch (error) {
    throw new KubeconfigError(
      `cannot read the kubeconfig ${options.kubeconfig ?? '(KUBECONFIG or ~/.kube/config)'}: ${(error as Error).message}`,
    );
  }
  if (options.context !== undefined) {
    if (!config.getContextObject(options.context)) {
      const known = config.getContexts().map((context) => context.name);
      throw new KubeconfigError(
        `the kubeconfig has no context '${options.context}'; its contexts are ${known.join(', ') || 'none'}`,
      );
    }
    config.setCurrentContext(options.context);
  }
  const cluster = config.getCurrentCluster();
  if (!cluster) {
    throw new KubeconfigError(
      'the kubeconfig names no cluster for its current context; run `aws eks update-kubeconfig --name <cluster>` or pass --context',
    );
  }
  return {
    api: { get: (path) => get(config, cluster.server, path) },
    target: {
      context: config.getCurrentContext(),
      server: cluster.server,
      ...eksClusterOf(config, cluster.name),
    },
  };
}

/**
 * The EKS cluster name and region a context names: `aws eks update-kubeconfig` names the kubeconfig cluster
 * after the cluster's ARN and runs `aws eks get-token --cluster-name <name> --region <region>`.
 */
export function eksClusterOf(
  config: KubeConfig,
  clusterEntry: string,
): { clusterName?: string; region?: string } {
  const arn = /^arn:aws[\w-]*:eks:([a-z0-9-]+):\d{12}:cluster\/(.+)$/.exec(clusterEntry);
  if (arn) return { region: arn[1]!, clusterName: arn[2]! };
  const args: readonly string[] = config.getCurrentUser()?.exec?.args ?? [];
  const after = (...flags: string[]) => {
    const index = args.findIndex((arg: string) => flags.includes(arg));
    return index >= 0 ? args[index + 1] : undefined;
  };
  const clusterName = after('--cluster-name', '--cluster-id', '-i');
  const region = after('--region');
  return { ...(clusterName ? { clusterName } : {}), ...(region ? { region } : {}) };
}

async function get(config: KubeConfig, server: string, path: string): Promise<KubeAnswer> {
  const options: https.RequestOptions = {
    method: 'GET',
    headers: { Accept: 'application/json' },
    timeout: REQUEST_TIMEOUT_MS,
  };
  try {
    await config.applyToHTTPSOptions(options);
  } catch (error) {
    return { ok: false, status: undefined, error: `cannot authenticate: ${(error as Error).message}` };
  }
  const url = new URL(`${server.replace(/\/+$/, '')}${path}`);
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve) => {
    const request = transport.request(url, { ...options, method: 'GET' }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => resolve({ ok: false, status: undefined, error: error.message }));
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          body = undefined;
        }
        if (status >= 200 && status < 300 && body !== undefined) resolve({ ok: true, status, body });
        else resolve({ ok: false, status, error: statusText(status, response.statusMessage, body, text) });
      });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000}s`)));
    request.on('error', (error) => resolve({ ok: false, status: undefined, error: error.message }));
    request.end();
  });
}

/** `403 Forbidden: <the API server's message>`. */
function statusText(status: number, reason: string | undefined, body: unknown, text: string): string {
  const message = (body as { message?: unknown } | undefined)?.message;
  const detail = typeof message === 'string' ? message : text.trim().slice(0, 200) || 'no message';
  if (status >= 200 && status < 300) return `${status}: the answer is not JSON`;
  return `${`${status} ${reason ?? ''}`.trim()}: ${detail}`;
}

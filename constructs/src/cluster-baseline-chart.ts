import {
  type AdmissionMode,
  admissionObjects,
  DEFAULT_ADMISSION_SETTINGS,
  type Exemption,
  ruleOptions,
  type ValidationAction,
} from '@eks-hardening/rules';
import { ApiObject, App, Chart } from 'cdk8s';
import { KubeStorageClass } from 'cdk8s-plus-28/lib/imports/k8s';
import type { Construct } from 'constructs';
import { HardenedNamespace } from './hardened-namespace';
import { L1Object } from './l1-object';
import { MANAGED_BY, MANAGED_BY_LABEL } from './names';
import type { TeamAccess } from './team-access';
import { chartManifests, formatFinding, type Manifest, validateChart } from './validate-chart';

/** The StorageClass the baseline makes the cluster default: gp3 EBS volumes, always encrypted. */
export const ENCRYPTED_STORAGE_CLASS = 'gp3-encrypted';

/** The namespaces the baseline creates for application teams by default, with each one's team access. */
export const BASELINE_NAMESPACES: Readonly<Record<string, readonly TeamAccess[]>> = {
  apps: [
    { group: 'app-deployers', access: 'deployer' },
    { group: 'app-viewers', access: 'read-only' },
  ],
};

/** An exemption from one rule at admission: a namespace, or one object (by kind and exact name) in it. */
export interface AdmissionExemption {
  readonly rule: string;
  /** Why the rule does not apply; required. */
  readonly reason: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
}

/**
 * How the baseline enforces the rules at admission, with one ValidatingAdmissionPolicy and binding per rule
 * (`harden admission` generates the same objects).
 */
export interface BaselineAdmissionProps {
  /**
   * `audit`: failures are warned to the client and written to the audit log, nothing is denied (roll out
   * first, read the audit log, fix or exempt); `enforce`: high and critical rules deny, the others warn.
   * @default 'audit'
   */
  readonly mode?: AdmissionMode;
  /** Registries images may come from; none generates no registry policy. @default [] */
  readonly allowedRegistries?: readonly string[];
  /** Require images pinned by digest. @default false */
  readonly requireImageDigest?: boolean;
  /** Namespaces no policy applies in. @default ['kube-system'] */
  readonly exemptNamespaces?: readonly string[];
  /** Exemptions, made in the bindings (never by annotations on the objects). @default [] */
  readonly exemptions?: readonly AdmissionExemption[];
  /** validationActions per rule id, replacing the severity default in `enforce` mode. @default {} */
  readonly actions?: Readonly<Record<string, readonly ValidationAction[]>>;
}

/** Props of {@link ClusterBaselineChart}. */
export interface ClusterBaselineChartProps {
  /**
   * Namespaces for application teams, by name, each with the groups given access to it.
   * @default BASELINE_NAMESPACES (one `apps` namespace for `app-deployers` and `app-viewers`)
   */
  readonly namespaces?: Readonly<Record<string, readonly TeamAccess[]>>;
  /**
   * The rules enforced at admission by ValidatingAdmissionPolicies (Kubernetes 1.30+).
   * @default audit mode, kube-system exempt, no registry allowlist
   */
  readonly admission?: BaselineAdmissionProps;
}

/**
 * The in-cluster baseline of a hardened EKS cluster: hardened namespaces for applications (PSS restricted
 * enforced, default-deny NetworkPolicies with DNS, quotas, limits, the default ServiceAccount's token
 * unmounted, team access), an encrypted gp3 StorageClass as the cluster default so no PersistentVolume is
 * ever created unencrypted by accident (EKS creates no default class since 1.30), and the rules enforced at
 * admission by ValidatingAdmissionPolicies, in audit mode until `admission.mode` is `enforce`.
 */
export class ClusterBaselineChart extends Chart {
  constructor(scope: Construct, id = 'cluster-baseline', props: ClusterBaselineChartProps = {}) {
    super(scope, id, { disableResourceNameHashes: true });
    for (const [name, teams] of Object.entries(props.namespaces ?? BASELINE_NAMESPACES)) {
      new HardenedNamespace(this, name, { teams });
    }
    new L1Object(this, 'EncryptedStorageClass', KubeStorageClass, {
      metadata: {
        name: ENCRYPTED_STORAGE_CLASS,
        labels: { [MANAGED_BY_LABEL]: MANAGED_BY },
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      provisioner: 'ebs.csi.aws.com',
      // The EBS CSI driver encrypts with the account's default EBS key unless kmsKeyId is set.
      parameters: { type: 'gp3', encrypted: 'true' },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
    addAdmissionPolicies(this, props.admission ?? {});
  }
}

/** Adds the ValidatingAdmissionPolicies, their bindings and (if any) their parameters to `chart`. */
function addAdmissionPolicies(chart: Chart, props: BaselineAdmissionProps): void {
  const exemptions: Exemption[] = (props.exemptions ?? []).map((exemption, index) => {
    if (exemption.reason.trim() === '') {
      throw new Error(
        `${chart.node.path}: 'admission.exemptions[${index}].reason' must say why ${exemption.rule} does not apply; got an empty reason`,
      );
    }
    return { ...exemption, source: `${chart.node.path} admission.exemptions[${index}]` };
  });
  const generated = admissionObjects({
    ...DEFAULT_ADMISSION_SETTINGS,
    mode: props.mode ?? DEFAULT_ADMISSION_SETTINGS.mode,
    exemptNamespaces: props.exemptNamespaces ?? DEFAULT_ADMISSION_SETTINGS.exemptNamespaces,
    exemptions,
    actions: props.actions ?? {},
    options: ruleOptions({
      allowedRegistries: props.allowedRegistries ?? [],
      requireImageDigest: props.requireImageDigest ?? false,
    }),
  });
  if (generated.errors.length > 0) {
    throw new Error(`${chart.node.path}: 'admission.exemptions': ${generated.errors.join('; ')}`);
  }
  for (const object of generated.objects) {
    const { apiVersion, kind, metadata, ...rest } = object as {
      apiVersion: string;
      kind: string;
      metadata: { name: string };
    };
    new ApiObject(chart, `${kind}-${metadata.name}`, { apiVersion, kind, metadata, ...rest });
  }
}

/**
 * The baseline's objects as plain data, checked by every rule (throws listing the findings), without writing
 * files: what a Pulumi program or any other deployer applies.
 */
export function clusterBaselineManifests(props: ClusterBaselineChartProps = {}): Manifest[] {
  const chart = new ClusterBaselineChart(new App({ outdir: '.' }), 'cluster-baseline', props);
  const validation = validateChart(chart);
  const problems = [...validation.blocking.map(formatFinding), ...validation.invalidExemptions];
  if (problems.length > 0) {
    throw new Error(`the cluster baseline breaks the hardening rules:\n  ${problems.join('\n  ')}`);
  }
  return chartManifests(chart);
}

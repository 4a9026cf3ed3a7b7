import { findRule } from '../../policies/src/registry';
import { policySettings } from '../../stacks/src/pack/config';
import { evaluateRule, prepareResource } from '../../stacks/src/pack/evaluate';

// The pack matches exemptions as harden check does: a restricted PSS finding that also violates the baseline
// check it replaces (an added SYS_ADMIN) is exempted only when the baseline rule is exempted too.

const rule = findRule('pss-capabilities-restricted')!;

function agent(annotations: Record<string, string>) {
  return prepareResource({
    type: 'kubernetes:apps/v1:Deployment',
    name: 'agent',
    urn: 'urn:pulumi:prod::shop::kubernetes:apps/v1:Deployment::agent',
    inputs: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'agent', namespace: 'ops', annotations },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'agent',
                image: 'agent:1.0',
                securityContext: { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } },
              },
            ],
          },
        },
      },
    },
  });
}

const outcomes = (annotations: Record<string, string>) =>
  evaluateRule(rule, [agent(annotations)], policySettings(rule, {}));

describe('pack exemptions of a restricted check that replaces a baseline one', () => {
  it('keep the finding mandatory when only the restricted rule is exempted', () => {
    const [outcome, ...rest] = outcomes({
      'eks-hardening.io/exempt-pss-capabilities-restricted': 'cannot drop ALL yet',
    });
    expect(rest).toEqual([]);
    expect(outcome).toMatchObject({ rule: 'pss-capabilities-restricted', status: 'fail' });
    expect(outcome).not.toHaveProperty('exemption');
  });

  it('exempt it when the baseline rule is exempted too', () => {
    const [outcome] = outcomes({
      'eks-hardening.io/exempt-pss-capabilities-restricted': 'mounts filesystems',
      'eks-hardening.io/exempt-pss-capabilities-baseline': 'mounts filesystems',
    });
    expect(outcome?.exemption).toEqual({ reason: 'mounts filesystems', source: 'annotation' });
  });
});

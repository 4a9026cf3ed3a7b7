import { unknownCheckingProxy } from '@pulumi/policy';
import * as pulumi from '@pulumi/pulumi';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { trackUnknownReads } from '../../stacks/src/pack/unknown-reads';
import { PULUMI_UNKNOWN, plainInputs } from '../../stacks/src/pack/unknowns';

describe('plainInputs', () => {
  it("reads @pulumi/policy's unknown-checking proxy without tripping it, mapping the engine's sentinel to UNKNOWN", () => {
    const props = unknownCheckingProxy({
      vpcConfig: { endpointPublicAccess: PULUMI_UNKNOWN, subnetIds: ['a', PULUMI_UNKNOWN] },
    });
    expect(() => props.vpcConfig.endpointPublicAccess).toThrow("can't be known during preview");
    expect(plainInputs(props)).toEqual({
      inputs: { vpcConfig: { endpointPublicAccess: UNKNOWN, subnetIds: ['a', UNKNOWN] } },
      hasUnknown: true,
    });
  });

  it("maps the Pulumi SDK's unknown (what the mock runtime yields at preview) to UNKNOWN", () => {
    expect(plainInputs({ version: pulumi.unknown })).toEqual({
      inputs: { version: UNKNOWN },
      hasUnknown: true,
    });
  });

  it('shares objects without unknowns instead of copying them', () => {
    const spec = { replicas: 2, template: { spec: { containers: [{ name: 'app' }] } } };
    const { inputs, hasUnknown } = plainInputs({ spec });
    expect(hasUnknown).toBe(false);
    expect(inputs.spec).toBe(spec);
  });
});

describe('trackUnknownReads', () => {
  it('records the path of every unknown value read and returns the values unchanged', () => {
    const data = { spec: { containers: [{ name: 'app', image: UNKNOWN }], hostNetwork: UNKNOWN } };
    const { view, paths } = trackUnknownReads(data);
    expect(view.spec.containers.map((container) => container.image)).toEqual([UNKNOWN]);
    expect(view.spec.containers[0]!.name).toBe('app');
    expect(paths).toEqual(['spec.containers[0].image']);
    expect(Array.isArray(view.spec.containers)).toBe(true);
  });
});

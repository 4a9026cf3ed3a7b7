import { PolicyPack } from '@pulumi/policy';
import { packArgs } from '../../../stacks/src/pack/policies';
import { fixtureDefaultDeny, fixturePrivileged } from './rules';

new PolicyPack('eks-hardening-fixture', packArgs([fixturePrivileged, fixtureDefaultDeny]));

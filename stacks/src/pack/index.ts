// The CrossGuard policy pack: `pulumi preview --policy-pack policies` loads this file through
// @pulumi/pulumi's run-policy-pack, which serves the Analyzer gRPC service the CLI calls. The pack reads
// its version from policies/package.json (in the working directory the CLI starts it in).
import { PolicyPack } from '@pulumi/policy';
import { PACK_NAME, packArgs } from './policies';

new PolicyPack(PACK_NAME, packArgs());

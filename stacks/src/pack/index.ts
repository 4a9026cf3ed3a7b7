// The CrossGuard policy pack: `pulumi preview --policy-pack <@eks-hardening/pulumi>/policy-pack` loads the
// build of this file (policy-pack/lib/index.js) through @pulumi/pulumi's run-policy-pack, which serves the
// Analyzer gRPC service the CLI calls. The CLI reads the pack's version from policy-pack/package.json.
import { PolicyPack } from '@pulumi/policy';
import { PACK_NAME, packArgs } from './policies';

new PolicyPack(PACK_NAME, packArgs());

// The CrossGuard policy pack: `pulumi preview --policy-pack <@eks-hardening/pulumi>/policy-pack` loads the
// build of this file (policy-pack/lib/index.js) through @pulumi/pulumi's run-policy-pack, which serves the
// Analyzer gRPC service the CLI calls. The CLI reads the pack's version from policy-pack/package.json.
// The CLI passes the checked stack's configuration in PULUMI_CONFIG: the pack allows the public-endpoint CIDRs
// that configuration opens, so they are set once (see config.ts, allowStackPublicAccessCidrs).
import { allRules } from '@eks-hardening/rules';
import { PolicyPack } from '@pulumi/policy';
import { PACK_NAME, packArgs } from './policies';
import { stackContextFromEnv } from './stack-config';

new PolicyPack(PACK_NAME, packArgs(allRules, stackContextFromEnv(process.env)));

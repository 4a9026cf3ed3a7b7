import { PolicyPack } from '@pulumi/policy';

/** A policy pack with no policies: what `Analyze` costs over gRPC before any rule runs. */
new PolicyPack('empty', { policies: [] });

import type { ManifestRule } from '../engine/types';

/** The Pod Security Standards rules, one per upstream Pod Security Admission check. */
export const pssRules: readonly ManifestRule[] = [];

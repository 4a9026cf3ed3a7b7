import type { AdmissionForm } from '../admission/types';

/** {@link serviceNoExternalIps} at admission. */
export const serviceNoExternalIpsAdmission: AdmissionForm = {
  rule: 'service-no-external-ips',
  reads: ['spec'],
  validations: [
    {
      expression: '!has(object.spec) || !has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0',
      messageExpression:
        "variables.subject + ': external IP \\'' + string(object.spec.externalIPs[0]) + '\\' at spec.externalIPs[0] lets the Service capture traffic the cluster sends to that address (CVE-2020-8554); remove it and expose the Service through a load balancer or Ingress'",
    },
  ],
};

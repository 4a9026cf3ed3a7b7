import type { AdmissionForm } from '../admission/types';

/** {@link serviceNoNodePort} at admission. */
export const serviceNoNodePortAdmission: AdmissionForm = {
  rule: 'service-no-node-port',
  reads: ['spec'],
  validations: [
    {
      expression: "!(has(object.spec) && has(object.spec.type) && object.spec.type == 'NodePort')",
      messageExpression:
        "variables.subject + ': spec.type is NodePort, which opens the Service on a port of every node; use ClusterIP behind an Ingress or an internal LoadBalancer'",
    },
  ],
};

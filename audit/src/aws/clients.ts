import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { KMSClient } from '@aws-sdk/client-kms';

/** The AWS SDK v3 clients `harden audit` reads a cluster with. */
export interface AwsClients {
  readonly eks: EKSClient;
  readonly ec2: EC2Client;
  readonly autoScaling: AutoScalingClient;
  readonly kms: KMSClient;
  readonly logs: CloudWatchLogsClient;
  readonly guardDuty: GuardDutyClient;
}

/** The commands a read-only client sends: `Describe…`, `List…` and `Get…`, nothing that changes anything. */
export const READ_ONLY_COMMAND = /^(Describe|List|Get)[A-Z]\w*Command$/;

/** A command refused by {@link guardReadOnly}: a bug in harden, never something the user did. */
export class NotReadOnlyError extends Error {
  override readonly name = 'NotReadOnlyError';
}

/** The part of an SDK client the read-only guard needs. */
interface WithMiddleware {
  readonly middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string; clientName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * Makes `client` refuse, before anything is signed or sent, every command that is not a Describe, List or Get:
 * whatever a future change to the collector calls, `harden audit` cannot write to the account.
 */
export function guardReadOnly<C>(client: C): C {
  (client as unknown as WithMiddleware).middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '<unnamed command>';
      if (!READ_ONLY_COMMAND.test(command)) {
        throw new NotReadOnlyError(
          `harden audit sends only Describe, List and Get calls; it refused ${context.clientName ?? 'an AWS client'} ${command}`,
        );
      }
      return next(args);
    },
    { step: 'initialize', name: 'eksHardeningReadOnly' },
  );
  return client;
}

/**
 * Read-only clients for `region` (or the region the SDK's default chain finds: AWS_REGION, the profile), with
 * the credentials of the SDK's default chain (environment, AWS_PROFILE, SSO, instance or pod role).
 */
export function createAwsClients(region?: string): AwsClients {
  const config = region ? { region } : {};
  return {
    eks: guardReadOnly(new EKSClient(config)),
    ec2: guardReadOnly(new EC2Client(config)),
    autoScaling: guardReadOnly(new AutoScalingClient(config)),
    kms: guardReadOnly(new KMSClient(config)),
    logs: guardReadOnly(new CloudWatchLogsClient(config)),
    guardDuty: guardReadOnly(new GuardDutyClient(config)),
  };
}

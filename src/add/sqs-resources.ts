// The SQS queues `add` declares (CloudFormation, so SAM templates and serverless.yml `resources` share them).

/** A work queue whose messages go to `<id>DeadLetterQueue` after five receives. */
export function workQueue(id: string, functionTimeout: number): string {
  return [
    "Type: AWS::SQS::Queue",
    "Properties:",
    "  # Six times the function timeout, as AWS advises for event sources.",
    `  VisibilityTimeout: ${functionTimeout * 6}`,
    "  SqsManagedSseEnabled: true",
    "  RedrivePolicy:",
    `    deadLetterTargetArn: !GetAtt ${id}DeadLetterQueue.Arn`,
    "    maxReceiveCount: 5",
  ].join("\n");
}

/** A dead-letter queue that keeps messages for the 14 days SQS allows at most. */
export function deadLetterQueue(): string {
  return ["Type: AWS::SQS::Queue", "Properties:", "  MessageRetentionPeriod: 1209600", "  SqsManagedSseEnabled: true"].join("\n");
}

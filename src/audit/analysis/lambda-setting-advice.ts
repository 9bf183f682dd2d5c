import type { LambdaSettings } from "../../project/types.js";

/** How to write one Lambda setting in each infrastructure format, for "add it here" advice. */
export interface LambdaSetting {
  /** The SST v3 function arg as written, e.g. `memory: "512 MB"`. */
  sst?: string;
  /** SAM / CloudFormation property, e.g. `MemorySize`. */
  cfn: string;
  /** serverless.yml key, e.g. `memorySize`. */
  serverless: string;
  /** The value to suggest in SAM, CloudFormation and serverless.yml. */
  value: string;
  /** The CDK prop as written, e.g. `memorySize: 512`. */
  cdk: string;
}

export function addSettingAdvice(lambda: LambdaSettings, setting: LambdaSetting): { instead: string; example: string } {
  const { cfn, serverless, value, cdk } = setting;
  switch (lambda.source) {
    case "sam":
      return {
        instead: `add \`${cfn}\` to ${lambda.name}'s Properties, or once for every function under \`Globals: Function: ${cfn}\``,
        example: `Globals:\n  Function:\n    ${cfn}: ${value}`,
      };
    case "cloudformation":
      return { instead: `add \`${cfn}\` to ${lambda.name}'s Properties`, example: `Properties:\n  ${cfn}: ${value}` };
    case "serverless":
      return {
        instead: `add \`${serverless}\` to the \`${lambda.name}\` function, or once for every function under \`provider.${serverless}\``,
        example: `provider:\n  ${serverless}: ${value}`,
      };
    case "cdk":
      return { instead: `add \`${cdk}\` to the ${lambda.name} construct's props`, example: `${cdk},` };
    case "external":
      return { instead: `set ${cfn} where ${lambda.name} is deployed (its infrastructure code or the Lambda console)`, example: `${cfn}: ${value}` };
    case "framework":
      return { instead: `set ${cfn} where ${lambda.name} is deployed (the framework's adapter leaves it to the deploy tool)`, example: `${cfn}: ${value}` };
    case "sst": {
      const arg = setting.sst ?? cdk;
      return { instead: `add \`${arg}\` to ${lambda.name}'s function args in the SST config (or to every function with \`$transform(sst.aws.Function, ...)\`)`, example: `${arg},` };
    }
  }
}

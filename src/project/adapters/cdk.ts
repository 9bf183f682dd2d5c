import { discoverCdk } from "../readers/cdk/cdk.js";

import { defineAdapter } from "./types.js";
import { dependencyRange } from "../source/package-json.js";

export default defineAdapter({
  id: "cdk",
  name: "AWS CDK",
  reads: "NodejsFunction and lambda.Function (and subclasses of either) in the app's source, with Code.fromAsset or Code.fromInline",
  kind: "platform-config",
  detect: (ctx) => ctx.files.includes("cdk.json") || dependencyRange(ctx.packageJson, "aws-cdk-lib") !== undefined,
  discover: discoverCdk,
});

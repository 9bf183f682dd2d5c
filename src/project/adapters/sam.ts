import { discoverTemplates } from "../readers/lambda/sam.js";
import { defineAdapter } from "./types.js";

export default defineAdapter({
  id: "sam",
  name: "AWS SAM / CloudFormation",
  reads: "template.yaml, or any *.yaml/*.yml/*.json outside test folders declaring AWS::Serverless::Function or AWS::Lambda::Function (code in CodeUri/Code, or inline in InlineCode/Code.ZipFile)",
  kind: "platform-config",
  // Any YAML or JSON file may be a template; discovery reads only those that name a function.
  detect: (ctx) => ctx.files.some((f) => /\.(ya?ml|json|template)$/.test(f)),
  discover: discoverTemplates,
});

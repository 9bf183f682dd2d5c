import { discoverServerless } from "../readers/lambda/serverless-yml.js";
import { defineAdapter } from "./types.js";

export default defineAdapter({
  id: "serverless",
  name: "Serverless Framework",
  reads: "serverless.yml / serverless.yaml functions, and the YAML or JSON files its `functions` names with ${file(...)}",
  kind: "platform-config",
  detect: (ctx) => ctx.files.some((f) => /(^|\/)serverless\.ya?ml$/.test(f)),
  discover: discoverServerless,
});

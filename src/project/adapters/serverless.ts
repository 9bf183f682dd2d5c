import { discoverServerless } from "../readers/lambda/serverless-yml.js";
import { defineAdapter } from "./types.js";

export default defineAdapter({
  id: "serverless",
  name: "Serverless Framework",
  reads: "serverless.yml / serverless.yaml functions",
  kind: "platform-config",
  detect: (ctx) => ctx.files.some((f) => /(^|\/)serverless\.ya?ml$/.test(f)),
  discover: discoverServerless,
});

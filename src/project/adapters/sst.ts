import { discoverSst } from "../readers/sst/sst.js";
import { SST_CONFIG } from "../readers/sst/sst-sources.js";
import { defineAdapter } from "./types.js";

export default defineAdapter({
  id: "sst",
  name: "SST v3",
  reads: "sst.config.ts and the infra files it imports: sst.aws.Function, ApiGatewayV1/V2/WebSocket routes, Queue/Bus/SnsTopic/Bucket/Dynamo/KinesisStream/Realtime subscribers, Bucket notifications, Cron, Auth, AppSync data sources, Cognito triggers, authorizers, sst.cloudflare.Worker/Cron/Auth (framework apps such as sst.aws.Nextjs go to their framework's reader, on Lambda)",
  kind: "platform-config",
  detect: (ctx) => ctx.files.some((f) => SST_CONFIG.test(f)),
  discover: discoverSst,
});

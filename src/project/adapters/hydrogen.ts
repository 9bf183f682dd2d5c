import { detectHydrogen, discoverHydrogen } from "../readers/react-router/hydrogen.js";
import { defineAdapter } from "./types.js";

export default defineAdapter({
  id: "hydrogen",
  name: "Shopify Hydrogen (Oxygen)",
  reads: "server.ts and the React Router / Remix route modules (loader, action), audited as Oxygen's workerd with the compatibility date of the @shopify/hydrogen version, or as one Vercel Edge Function when the package says it deploys to Vercel (vercel.json, the Vercel CLI)",
  kind: "framework",
  detect: detectHydrogen,
  discover: discoverHydrogen,
});

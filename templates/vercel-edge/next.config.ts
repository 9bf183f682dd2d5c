import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // An API has no use for the X-Powered-By banner.
  poweredByHeader: false,
};

export default nextConfig;

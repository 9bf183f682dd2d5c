// A CloudFormation custom resource handler (a SAM/CloudFormation `Custom::*` ServiceToken, a CDK
// `Provider` onEvent handler) is invoked with `RequestType` Create, Update or Delete: once per stack
// deploy, not per request, so per-invocation costs such as a database connection do not add up.
import type { FunctionContext } from "../types.js";

const REQUEST_TYPE = /\bRequestType\b[^\n]{0,80}["'`](?:Create|Update|Delete)["'`]|["'`](?:Create|Update|Delete)["'`][^\n]{0,80}\bRequestType\b|\bcase\s+["'`](?:Create|Update|Delete)["'`]/;
const CFN_RESPONSE = /["'](?:cfn-response|cfn-response-async)["']/;

/** Whether the function's entry handles CloudFormation custom resource events. */
export function isCustomResourceHandler(fnCtx: FunctionContext): boolean {
  const text = fnCtx.text(fnCtx.fn.entry);
  return text !== undefined && /\bRequestType\b/.test(text) && (REQUEST_TYPE.test(text) || CFN_RESPONSE.test(text));
}

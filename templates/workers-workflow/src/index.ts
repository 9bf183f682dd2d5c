import { log, requestId } from "./log";
import { idempotencyKey, instanceId, isInstanceId, parseSignup } from "./signup";

// The Workflow class is exported from the Worker's entry, where wrangler.jsonc's class_name finds it.
export { OnboardingWorkflow } from "./workflow";

const status = new URLPattern({ pathname: "/signups/:id" });

function problem(status: number, code: string, message: string | string[], headers: Record<string, string> = {}): Response {
  const detail = Array.isArray(message) ? { message: "The request is not valid", details: message } : { message };
  return Response.json({ error: { code, ...detail } }, { status, headers });
}

/** An instance's status as the API reports it: queued, running, waiting (asleep), complete (with its output), errored... */
async function report(instance: WorkflowInstance, headers: Record<string, string> = {}): Promise<Response> {
  const { status, output, error } = await instance.status();
  return Response.json({ id: instance.id, status, ...(status === "complete" ? { output } : {}), ...(error ? { error } : {}) }, { headers: { "cache-control": "no-store", ...headers } });
}

export default {
  /**
   * POST /signups starts one onboarding Workflow per Idempotency-Key (202; 200 with the same instance
   * when the key was used before); GET /signups/:id reports its status.
   */
  async fetch(request, env): Promise<Response> {
    const id = requestId(request);
    const url = new URL(request.url);
    if (url.pathname === "/health" && request.method === "GET") return Response.json({ status: "ok" });

    if (url.pathname === "/signups") {
      if (request.method !== "POST") return problem(405, "method_not_allowed", "POST a signup here", { allow: "POST" });
      const key = idempotencyKey(request);
      if (typeof key !== "string") return problem(400, "idempotency_key", key.problem);
      const signup = parseSignup(await request.json().catch(() => undefined));
      if ("problems" in signup) return problem(422, "invalid_signup", signup.problems);

      const instance = instanceId(key);
      const location = { location: `/signups/${instance}` };
      try {
        await env.ONBOARDING.create({ id: instance, params: { ...signup, requestId: id } });
      } catch (error) {
        // create() refuses an id that exists: this key was used before, so report that instance as it is.
        const existing = await env.ONBOARDING.get(instance).catch(() => undefined);
        if (!existing) {
          log("error", "starting the workflow failed", { requestId: id, instanceId: instance, error: String(error) });
          return problem(503, "unavailable", "The signup could not be started; retry with the same Idempotency-Key", { "retry-after": "5" });
        }
        log("info", "signup already started", { requestId: id, instanceId: instance });
        return report(existing, location);
      }
      log("info", "signup started", { requestId: id, instanceId: instance });
      return Response.json({ id: instance, status: "queued" }, { status: 202, headers: location });
    }

    const match = status.exec(url);
    if (match && request.method === "GET") {
      const instance = match.pathname.groups.id ?? "";
      if (!isInstanceId(instance)) return problem(404, "not_found", `No signup ${instance}`);
      const found = await env.ONBOARDING.get(instance).catch(() => undefined);
      return found ? report(found) : problem(404, "not_found", `No signup ${instance}`);
    }
    return problem(404, "not_found", `No route for ${request.method} ${url.pathname}`);
  },
} satisfies ExportedHandler<Env>;

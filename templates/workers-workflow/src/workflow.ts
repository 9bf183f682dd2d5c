import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep, type WorkflowStepConfig } from "cloudflare:workers";
import { sendEmail } from "./email";
import { log } from "./log";
import type { Signup } from "./signup";

// Each attempt may take a minute; a failing attempt is retried 5 times, waiting 10 s at first and longer each time.
const EMAIL_STEP: WorkflowStepConfig = {
  retries: { limit: 5, delay: "10 seconds", backoff: "exponential" },
  timeout: "1 minute",
};

export interface OnboardingResult {
  welcome: string;
  followUp: string;
}

/**
 * Welcomes a new user, waits a day, then follows up. Each step.do is durable: once it succeeds its
 * result is stored, and a restarted instance skips it. So a step holds exactly one side effect, and
 * anything random or time-based is computed inside a step (or comes from the event), never between them.
 */
export class OnboardingWorkflow extends WorkflowEntrypoint<Env, Signup> {
  override async run(event: Readonly<WorkflowEvent<Signup>>, step: WorkflowStep): Promise<OnboardingResult> {
    const { email, name, requestId } = event.payload;
    const fields = { instanceId: event.instanceId, requestId };
    log("info", "onboarding started", fields);

    const welcome = await step.do("send the welcome email", EMAIL_STEP, () =>
      sendEmail(this.env, { to: email, subject: `Welcome, ${name}`, text: `Hello ${name}, your account is ready.` }, `${event.instanceId}:welcome`),
    );
    log("info", "welcome email sent", { ...fields, messageId: welcome.messageId });

    // The instance sleeps without running (or costing CPU) and resumes here; it can sleep up to a year.
    await step.sleep("wait a day before following up", "1 day");

    const followUp = await step.do("send the follow-up email", EMAIL_STEP, () =>
      sendEmail(this.env, { to: email, subject: "How is it going?", text: `Hello ${name}, anything we can help with?` }, `${event.instanceId}:follow-up`),
    );
    log("info", "onboarding complete", { ...fields, messageId: followUp.messageId });
    return { welcome: welcome.messageId, followUp: followUp.messageId };
  }
}
